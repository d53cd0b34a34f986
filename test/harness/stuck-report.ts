/**
 * Where a stuck migration is, and the tail of its history, readable in CI output. A nondeterminism
 * failure also prints the events around the one it names and the whole history goes to a file:
 * a replay test can be built from it (test/replay).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { getStatusQuery } from '../../contracts/messages';

type Event = temporal.api.history.v1.IHistoryEvent;

const line = (e: Event) =>
  `${String(e.eventId)} ${temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? String(e.eventType)} ${JSON.stringify(
    e.activityTaskFailedEventAttributes?.failure?.message ??
      e.workflowTaskFailedEventAttributes?.failure?.message ??
      e.activityTaskScheduledEventAttributes?.activityType?.name ??
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
      e.timerStartedEventAttributes?.timerId ??
      '',
  )}`;

export async function reportStuck(label: string, handles: WorkflowHandle[]): Promise<void> {
  for (const h of handles) {
    const d = await h.describe().catch(() => undefined);
    if (!d || d.status.name !== 'RUNNING') continue;
    const status = await h.query(getStatusQuery).catch((e: unknown) => String(e));
    const history = await h.fetchHistory().catch(() => ({ events: [] }));
    const events = history.events ?? [];
    const tail = events.slice(-15).map(line);
    const pending = d.raw.pendingActivities?.map(
      (a) => `${a.activityType?.name} ${String(a.state)} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`,
    );
    const nde = /Nondeterminism error:.*HistoryEvent\(id: (\d+)/.exec(tail.join('\n'));
    const around = nde ? events.filter((e) => Math.abs(Number(e.eventId) - Number(nde[1])) <= 12).map(line) : [];
    const file = path.join(os.tmpdir(), `stuck-${h.workflowId.replace(/[^\w.-]/g, '_')}.json`);
    fs.writeFileSync(file, historyToJSON(history));
    process.stdout.write(
      `${label}: still running: ${h.workflowId} (history: ${file})\n${JSON.stringify(status).slice(0, 600)}\n` +
        `pending: ${JSON.stringify(pending)}\n${tail.join('\n')}\n` +
        (around.length ? `around the event the nondeterminism error names:\n${around.join('\n')}\n` : ''),
    );
  }
}
