/**
 * Support tickets from workflows: escalations of a stalled step (once per workflow, step and level,
 * whatever retries) and tickets that are part of a flow (once per workflow and purpose).
 */
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
): Promise<{ ticketId: string }> {
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
  return { ticketId };
}

/**
 * Opens a ticket the flow itself asks for (not an escalation), e.g. port-out's "2FA disable request".
 * `purpose` names it in the idempotency key and the timeline: one ticket per workflow and purpose.
 */
export async function openRequestTicket(
  tracker: MigrationTracker<string>,
  req: EscalationRequest & { purpose: string },
): Promise<{ ticketId: string }> {
  const { ticketId } = await acts.openSupportTicket({
    idempotencyKey: `${idempotencyBase()}:${req.purpose}`,
    topic: req.topic,
    subject: req.subject,
    body: `${req.body}\n\nMigration: ${workflowInfo().workflowId}`,
    tags: ['wa-migration', req.step.toLowerCase(), req.purpose],
  });
  tracker.ticketOpened({ step: req.step, ticketId, purpose: req.purpose });
  return { ticketId };
}
