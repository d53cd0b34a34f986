/** Opening a support ticket for a stalled step: once per workflow, step and level, whatever retries. */
import { workflowInfo } from '@temporalio/workflow';
import { acts } from './activities';
import type { Notifier } from './notifier';
import type { MigrationTracker } from './tracker';

export interface EscalationRequest {
  step: string;
  topic: string;
  subject: string;
  body: string;
}

/** A stable prefix for idempotency keys: unique per started migration, stable across retries. */
export function idempotencyBase(): string {
  const info = workflowInfo();
  return `${info.workflowId}:${info.firstExecutionRunId}`;
}

export async function escalate(
  tracker: MigrationTracker<string>,
  notifier: Notifier,
  req: EscalationRequest,
): Promise<void> {
  const level = tracker.escalationLevel(req.step) + 1;
  const { ticketId } = await acts.openSupportTicket({
    idempotencyKey: `${idempotencyBase()}:${req.step}:L${level}`,
    topic: req.topic,
    subject: req.subject,
    body: `${req.body}\n\nMigration: ${workflowInfo().workflowId}`,
    tags: ['wa-migration', req.step.toLowerCase()],
  });
  tracker.escalated({ step: req.step, level, ticketId });
  notifier.emit('migration.escalated', { step: req.step, ticketId });
}
