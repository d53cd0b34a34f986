/**
 * The workflow side of mutual exclusion (activities/exclusion.ts): asks visibility for running
 * migrations that exclude this one and words the reason the run ends with when it is blocked.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { Blocker } from '../../contracts/visibility';
import { acts } from './activities';
import type { MigrationTracker } from './tracker';

/** Undefined when free to go, otherwise the reason: "WABA has migrations in progress: ...". */
export async function blockedBy(tracker: MigrationTracker<string>, blockers: Blocker[]): Promise<string | undefined> {
  const { conflicts, unchecked } = await acts.findConflictingMigrations({
    selfWorkflowId: workflowInfo().workflowId,
    blockers,
  });
  if (unchecked) tracker.note(`mutual exclusion not checked: ${unchecked}`);
  if (!conflicts.length) return undefined;
  return `WABA has migrations in progress: ${conflicts.map((c) => `${c.workflowId} (${c.kind})`).join(', ')}`;
}
