/** Where a stuck migration is, and the tail of its history, readable in CI output. */
import type { WorkflowHandle } from '@temporalio/client';
import { getStatusQuery } from '../../contracts/messages';

export async function reportStuck(label: string, handles: WorkflowHandle[]): Promise<void> {
  for (const h of handles) {
    const d = await h.describe().catch(() => undefined);
    if (!d || d.status.name !== 'RUNNING') continue;
    const status = await h.query(getStatusQuery).catch((e: unknown) => String(e));
    const events = (await h.fetchHistory().catch(() => ({ events: [] }))).events ?? [];
    const tail = events
      .slice(-15)
      .map(
        (e) =>
          `${String(e.eventId)} ${String(e.eventType)} ${JSON.stringify(
            e.activityTaskFailedEventAttributes?.failure?.message ??
              e.workflowTaskFailedEventAttributes?.failure?.message ??
              e.activityTaskScheduledEventAttributes?.activityType?.name ??
              '',
          )}`,
      );
    const pending = d.raw.pendingActivities?.map(
      (a) => `${a.activityType?.name} ${String(a.state)} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`,
    );
    process.stdout.write(
      `${label}: still running: ${h.workflowId}\n${JSON.stringify(status).slice(0, 600)}\npending: ${JSON.stringify(pending)}\n${tail.join('\n')}\n`,
    );
  }
}
