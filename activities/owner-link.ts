/**
 * The owner's link in an "action required" callback event: minted when the event is delivered,
 * so the token never enters workflow history (the activity's input holds the event without it).
 */
import { Context } from '@temporalio/activity';
import { durationMs } from '../contracts/durations';
import { OWNER_CALLBACK_ACTIONS } from '../contracts/owner-actions';
import type { CallbackEvent } from '../integrations/ports';
import type { OwnerLinkIssuer } from '../secrets/action-links';

export async function withOwnerLink(event: CallbackEvent, issuer: OwnerLinkIssuer): Promise<CallbackEvent> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const owned = event.type === 'migration.action_required' ? OWNER_CALLBACK_ACTIONS[String(data.action)] : undefined;
  const run = Context.current().info.workflowExecution;
  if (!owned || !run) return event;
  const issuedAt = new Date(event.occurredAt);
  const longest = issuedAt.getTime() + durationMs(issuer.ttl);
  // `respondBy` is the wait's deadline, named by the workflow: the link never outlives it.
  const respondBy = typeof data.respondBy === 'string' ? Date.parse(data.respondBy) : Number.NaN;
  const expiresAt = new Date(Number.isNaN(respondBy) ? longest : Math.min(longest, respondBy));
  const token = await issuer.links.mint({
    migrationId: run.workflowId,
    runId: run.runId,
    step: owned.step,
    action: owned.action,
    expiresAt,
    issuedAt,
  });
  const url = `${issuer.baseUrl.replace(/\/$/, '')}/a/${token}`;
  return {
    ...event,
    data: { ...data, ownerAction: { action: owned.action, url, expiresAt: expiresAt.toISOString() } },
  };
}
