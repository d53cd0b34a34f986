/** History figures of finished workflows: DescribeWorkflowExecution and the events themselves. */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface HistoryFigures {
  events: number;
  bytes: number;
  stateTransitions: number;
}

export async function describeHistory(client: Client, workflowId: string): Promise<HistoryFigures> {
  const d = await client.workflow.getHandle(workflowId).describe();
  return {
    events: d.historyLength,
    bytes: d.historySize ?? NaN,
    stateTransitions: Number(d.raw.workflowExecutionInfo?.stateTransitionCount ?? 0),
  };
}

/** Mean history figures over up to `max` of the given workflows. */
export async function meanHistory(client: Client, ids: string[], max = 20): Promise<HistoryFigures> {
  const step = Math.max(1, Math.floor(ids.length / max));
  const sample = ids.filter((_, i) => i % step === 0).slice(0, max);
  const all = await Promise.all(sample.map((id) => describeHistory(client, id)));
  const mean = (k: keyof HistoryFigures) => all.reduce((s, h) => s + h[k], 0) / Math.max(all.length, 1);
  return { events: mean('events'), bytes: mean('bytes'), stateTransitions: mean('stateTransitions') };
}

const EventType = temporal.api.enums.v1.EventType;

/**
 * Billable actions (Temporal Cloud) visible in a history: workflow start, each activity attempt
 * (server-side retries too: the attempt number of the started event), timers (including a
 * condition's timeout), search-attribute upserts, signals received, updates accepted, markers,
 * child workflows and external signals. Queries and rejected updates are billed but leave no event.
 */
export function billableActions(history: temporal.api.history.v1.IHistory): {
  total: number;
  byType: Record<string, number>;
} {
  const byType: Record<string, number> = {};
  const add = (k: string, n = 1) => (byType[k] = (byType[k] ?? 0) + n);
  for (const e of history.events ?? []) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        add('workflow started');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        add('activity attempts', Math.max(1, e.activityTaskStartedEventAttributes?.attempt ?? 1));
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        add('timers started');
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        add('search-attribute upserts');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add('signals');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        add('updates');
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        add('markers');
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        add('child workflows');
        break;
      case EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
        add('external signals');
        break;
    }
  }
  return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType };
}

/** Count of events per type name, e.g. { ACTIVITY_TASK_SCHEDULED: 9 }. */
export function eventTypeCounts(history: temporal.api.history.v1.IHistory): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const name = (EventType[e.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

/** The largest payload anywhere in the history (encoded bytes: data plus metadata), and where. */
export function largestPayload(history: temporal.api.history.v1.IHistory): { bytes: number; eventType: string } {
  let best = { bytes: 0, eventType: '' };
  const visit = (node: unknown, eventType: string): void => {
    if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
    const obj = node as Record<string, unknown>;
    if (obj.data instanceof Uint8Array && obj.metadata && typeof obj.metadata === 'object') {
      const bytes = temporal.api.common.v1.Payload.encode(obj as temporal.api.common.v1.IPayload).finish().length;
      if (bytes > best.bytes) best = { bytes, eventType };
      return;
    }
    for (const v of Object.values(obj)) visit(v, eventType);
  };
  for (const e of history.events ?? []) visit(e, (EventType[e.eventType ?? 0] ?? '').replace(/^EVENT_TYPE_/, ''));
  return best;
}

/** Encoded size of the whole history, for servers whose describe does not report it. */
export function encodedHistoryBytes(history: temporal.api.history.v1.IHistory): number {
  return temporal.api.history.v1.History.encode(history).finish().length;
}
