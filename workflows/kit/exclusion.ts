/**
 * The workflow side of mutual exclusion (activities/exclusion.ts): asks visibility for running
 * migrations that exclude this one and words the reason the run ends with when it is blocked.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { Blocker } from '../../activities/exclusion';
import { acts } from './activities';

/** Undefined when free to go, otherwise the reason: "WABA has migrations in progress: ...". */
export async function blockedBy(blockers: Blocker[]): Promise<string | undefined> {
  const { conflicts } = await acts.findConflictingMigrations({ selfWorkflowId: workflowInfo().workflowId, blockers });
  if (!conflicts.length) return undefined;
  return `WABA has migrations in progress: ${conflicts.map((c) => `${c.workflowId} (${c.kind})`).join(', ')}`;
}
