/**
 * The owner's link for where a migration stands now, or nothing when the current wait is not the
 * owner's. The same state gives the same link (issued at the wait's start), so the status, the
 * callback event and the demo all show one link per step.
 */
import type { MigrationView } from '../../client';
import { durationMs } from '../../contracts/durations';
import type { OwnerLinkIssuer } from '../../secrets/action-links';
import { ownerActionFor, type OwnerAction } from '../../contracts/owner-actions';

export interface OwnerLink {
  action: OwnerAction;
  url: string;
  expiresAt: string;
}

export type OwnerLinkSettings = OwnerLinkIssuer;

export async function ownerLinkFor(view: MigrationView, s: OwnerLinkSettings): Promise<OwnerLink | undefined> {
  if (view.execution.executionStatus !== 'RUNNING' || view.outcome) return undefined;
  const action = ownerActionFor(view.kind, view.step);
  if (!action) return undefined;
  const issuedAt = new Date(view.waitingSince ?? view.execution.startTime);
  const longest = issuedAt.getTime() + durationMs(s.ttl);
  const deadline = view.deadlineAt ? Date.parse(view.deadlineAt) : Number.POSITIVE_INFINITY;
  const expiresAt = new Date(Math.min(longest, deadline));
  if (expiresAt.getTime() <= Date.now()) return undefined;
  const token = await s.links.mint({
    migrationId: view.migrationId,
    runId: view.execution.runId,
    step: view.step,
    action,
    expiresAt,
    issuedAt,
  });
  return { action, url: `${s.baseUrl.replace(/\/$/, '')}/a/${token}`, expiresAt: expiresAt.toISOString() };
}
