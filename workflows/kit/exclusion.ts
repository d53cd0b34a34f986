/**
 * Mutual exclusion (docs/domain.md#mutual-exclusion): leases on the number and WABA entities
 * (kit/leases.ts) for every run started since 1.1.0. Runs started before keep the visibility
 * check they began with (activities/exclusion.ts), behind the `entity-leases` patch.
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import type { Blocker } from '../../contracts/visibility';
import { acts } from './activities';
import type { LeaseNeed, Leases } from './leases';
import type { MigrationTracker } from './tracker';

/**
 * Patch ID (1.1.0): leases from the number and WABA entities instead of the visibility check.
 * Retire as docs/versioning.md#patches-in-the-code says, once no run started on 1.0.0 is open.
 */
export const ENTITY_LEASES_PATCH = 'entity-leases';

/**
 * Undefined when the run may go on, otherwise the reason it may not ("WABA has migrations in
 * progress: ..."). `legacy`: what a pre-1.1.0 run checked in visibility at this point.
 */
export async function exclusionRefusal(
  leases: Leases,
  tracker: MigrationTracker<string>,
  needs: LeaseNeed[],
  legacy: Blocker[],
): Promise<string | undefined> {
  if (patched(ENTITY_LEASES_PATCH)) return leases.take(needs);
  return legacy.length ? blockedBy(tracker, legacy) : undefined;
}

/** Pre-1.1.0: asks visibility for running migrations that exclude this one. */
async function blockedBy(tracker: MigrationTracker<string>, blockers: Blocker[]): Promise<string | undefined> {
  const { conflicts, unchecked } = await acts.findConflictingMigrations({
    selfWorkflowId: workflowInfo().workflowId,
    blockers,
  });
  if (unchecked) tracker.note(`mutual exclusion not checked: ${unchecked}`);
  if (!conflicts.length) return undefined;
  return `WABA has migrations in progress: ${conflicts.map((c) => `${c.workflowId} (${c.kind})`).join(', ')}`;
}
