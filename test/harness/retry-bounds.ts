/**
 * Are retries bounded? Read from real histories: every activity the workflows scheduled has a
 * finite window (schedule-to-close) or an attempt cap, and no activity ran more attempts than its
 * own retry policy allows in the time it was open (no hot retry loop, whatever the outside world
 * answered). Plus the highest attempt seen per kind of activity, for a stated bound.
 */
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
type Long = { toString(): string } | number | null | undefined;

const num = (v: Long): number => (typeof v === 'number' ? v : v ? Number(v.toString()) : 0);
const ms = (d: { seconds?: Long; nanos?: number | null } | null | undefined): number =>
  d ? num(d.seconds) * 1000 + (d.nanos ?? 0) / 1e6 : 0;

/** Activities that check a long external state: each attempt is one check ("not yet" is retried). */
export const POLLERS = new Set([
  'awaitMobAcceptance',
  'awaitTwoFactorDisabled',
  'awaitChannelRunning',
  'generateApiKeyWhenRunning',
  'resubmitPortInWhileWaiting',
  'awaitNumberLeft',
  'awaitTicketSolved',
  'awaitAccountRequirement',
  'awaitPartnerChangeDecision',
]);

export interface AttemptRecord {
  workflowId: string;
  type: string;
  attempts: number;
  /** Most attempts the retry policy allows in the time the activity was open. */
  allowed: number;
  maximumAttempts: number;
  bounded: boolean;
}

export function attemptRecords(workflowId: string, history: History): AttemptRecord[] {
  const events = history.events ?? [];
  const records: AttemptRecord[] = [];
  for (const ev of events) {
    const s = ev.activityTaskScheduledEventAttributes;
    if (!s) continue;
    const id = Number(ev.eventId);
    const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId ?? -1) === id);
    if (!started) continue; // never closed (cancelled while in backoff) or local
    const closed = events.find((e) => {
      const a =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      return a != null && Number(a.scheduledEventId) === id;
    });
    const openMs = ms(closed?.eventTime) - ms(ev.eventTime);
    const policy = s.retryPolicy ?? {};
    const maximumAttempts = policy.maximumAttempts ?? 0;
    records.push({
      workflowId,
      type: s.activityType?.name ?? '',
      attempts: started.activityTaskStartedEventAttributes?.attempt ?? 1,
      allowed: allowedAttempts(
        openMs,
        ms(policy.initialInterval),
        policy.backoffCoefficient ?? 2,
        ms(policy.maximumInterval),
      ),
      maximumAttempts,
      bounded: ms(s.scheduleToCloseTimeout) > 0 || maximumAttempts > 0,
    });
  }
  return records;
}

/** 1 + the number of backoff intervals (initial, x coefficient, capped) that fit in `openMs` (+1 s slack). */
export function allowedAttempts(openMs: number, initialMs: number, coefficient: number, maxMs: number): number {
  if (initialMs <= 0) return Infinity;
  let attempts = 1;
  let spent = 0;
  let interval = initialMs;
  while (spent + interval <= openMs + 1000) {
    spent += interval;
    attempts++;
    interval = Math.min(interval * coefficient, maxMs > 0 ? maxMs : Infinity);
  }
  return attempts;
}

/** Records that break a bound, worded for a failure message. */
export function retryViolations(records: AttemptRecord[], bounds: { call: number; poll: number }): string[] {
  return records.flatMap((r) => {
    const cap = POLLERS.has(r.type) ? bounds.poll : bounds.call;
    const problems = [
      !r.bounded && 'no schedule-to-close window and no attempt cap',
      r.attempts > r.allowed && `${r.attempts} attempts, its retry policy allows ${r.allowed} in the time it ran`,
      r.maximumAttempts > 0 &&
        r.attempts > r.maximumAttempts &&
        `${r.attempts} attempts > maximumAttempts ${r.maximumAttempts}`,
      r.attempts > cap && `${r.attempts} attempts > the stated bound ${cap}`,
    ].filter((p): p is string => typeof p === 'string');
    return problems.map((p) => `${r.workflowId} ${r.type}: ${p}`);
  });
}

/** The highest attempt count among one-shot calls and among pollers. */
export function highestAttempts(records: AttemptRecord[]): {
  call: AttemptRecord | undefined;
  poll: AttemptRecord | undefined;
} {
  const top = (rs: AttemptRecord[]) =>
    rs.reduce<AttemptRecord | undefined>((best, r) => (!best || r.attempts > best.attempts ? r : best), undefined);
  return {
    call: top(records.filter((r) => !POLLERS.has(r.type))),
    poll: top(records.filter((r) => POLLERS.has(r.type))),
  };
}
