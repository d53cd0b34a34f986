/**
 * Which activity executions a worker kill really interrupted, from the worker's activity ledger
 * (ledger-worker.ts): a start line before the activity function runs, an end line after it settled
 * and before its result goes to the server, both written synchronously. An execution that started
 * in a process's lifetime and never ended in it was in flight when the process died: the server
 * never got its result. An activity the server lists as pending but that no worker was executing
 * (waiting in retry backoff, or queued) is NOT in flight, and is counted apart.
 */
import type { temporal } from '@temporalio/proto';

export interface ActivityExecution {
  token: string;
  type: string;
  workflowType: string;
  workflowId: string;
  activityId: string;
  attempt: number;
  local: boolean;
}

/** Parses one ledger line: the start or end of an activity execution, or undefined. */
export function activityLine(line: string): { kind: 'start' | 'end'; execution: ActivityExecution } | undefined {
  let e: Partial<ActivityExecution> & { event?: string };
  try {
    e = JSON.parse(line) as typeof e;
  } catch {
    return undefined;
  }
  if ((e.event !== 'start' && e.event !== 'end') || typeof e.type !== 'string' || typeof e.token !== 'string')
    return undefined;
  const execution: ActivityExecution = {
    token: e.token,
    type: e.type,
    workflowType: String(e.workflowType ?? ''),
    workflowId: String(e.workflowId ?? ''),
    activityId: String(e.activityId ?? ''),
    attempt: Number(e.attempt ?? 0),
    local: e.local === true,
  };
  return { kind: e.event, execution };
}

/** Executions that started and did not end in these lines (one process lifetime). */
export function unfinished(lines: string[]): ActivityExecution[] {
  const open = new Map<string, ActivityExecution>();
  for (const line of lines) {
    const parsed = activityLine(line);
    if (!parsed) continue;
    if (parsed.kind === 'start') open.set(parsed.execution.token, parsed.execution);
    else open.delete(parsed.execution.token);
  }
  return [...open.values()];
}

/** The same, live: fed line by line while the process runs. */
export class LiveActivities {
  private readonly open = new Map<string, ActivityExecution>();

  /** Returns the execution when the line starts one. */
  feed(line: string): ActivityExecution | undefined {
    const parsed = activityLine(line);
    if (!parsed) return undefined;
    if (parsed.kind === 'start') {
      this.open.set(parsed.execution.token, parsed.execution);
      return parsed.execution;
    }
    this.open.delete(parsed.execution.token);
    return undefined;
  }

  get size(): number {
    return this.open.size;
  }

  clear(): void {
    this.open.clear();
  }
}

/** `port-in/submitPortIn`: coverage is tracked per kind of migration and activity type. */
export function coverageKey(e: Pick<ActivityExecution, 'workflowType' | 'type'>): string {
  const kind =
    { portInWorkflow: 'port-in', portOutWorkflow: 'port-out', partnerChangeWorkflow: 'partner-change' }[
      e.workflowType
    ] ?? e.workflowType;
  return `${kind}/${e.type}`;
}

type History = temporal.api.history.v1.IHistory;

/**
 * The server's side of an interrupted execution: the activity later ran again (a higher attempt,
 * after its start-to-close timeout), timed out for good, or was cancelled as the workflow moved on.
 * Never a completion of the very attempt that was killed.
 */
export function retriedAfterKill(history: History, e: ActivityExecution): boolean {
  const events = history.events ?? [];
  const scheduled = events.find((ev) => ev.activityTaskScheduledEventAttributes?.activityId === e.activityId);
  if (!scheduled) return false;
  const id = Number(scheduled.eventId);
  return events.some((ev) => {
    const started = ev.activityTaskStartedEventAttributes;
    if (started && Number(started.scheduledEventId) === id) return (started.attempt ?? 0) > e.attempt;
    const closedOtherwise =
      ev.activityTaskTimedOutEventAttributes ??
      ev.activityTaskCancelRequestedEventAttributes ??
      ev.activityTaskCanceledEventAttributes;
    return closedOtherwise != null && Number(closedOtherwise.scheduledEventId) === id;
  });
}
