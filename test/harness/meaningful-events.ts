/**
 * The events of a migration's history that record something: all but bare workflow tasks. A
 * rejected update leaves no event, but the server may persist the speculative workflow task it ran
 * the validator in (scheduled, started, completed: three events, no command) when other work
 * overlaps; that is no change of the migration.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const WORKFLOW_TASK_EVENTS = new Set(
  [
    temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  ].map(String),
);

export async function meaningfulEvents(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const types = (history.events ?? []).map((e) => String(e.eventType));
  const meaningful = types.filter((type) => !WORKFLOW_TASK_EVENTS.has(type));
  // Every history has workflow tasks: none filtered means the event types are not what this expects.
  if (meaningful.length === types.length) throw new Error(`no workflow-task events found in ${workflowId}`);
  return meaningful;
}
