/**
 * Exactly-once checks for reliability tests on a private simulator: every costly effect the
 * simulator counts per idempotency key, channel, WABA or client happened at most once, and the
 * code sends a phone received match the sends the workflow intended (read from its history).
 */
import type { temporal } from '@temporalio/proto';
import type { CountersView } from '../../simulator/control-client';

type History = temporal.api.history.v1.IHistory;

/** Every counter above 1 that must never be, worded for a failure message; empty = no duplicate. */
export function duplicateEffects(c: CountersView): string[] {
  const found: string[] = [];
  const check = (what: string, map: Record<string, number>) => {
    for (const [key, n] of Object.entries(map)) if (n > 1) found.push(`${what} ${key}: ${n}`);
  };
  check('API keys minted for channel', c.apiKeysMintedByChannel);
  check('API keys minted for number', c.apiKeysMintedByNumber);
  check('tickets opened with idempotency key', c.ticketsOpenedByKey);
  check('comments added with idempotency key', c.commentsAddedByKey);
  check('partner change requests for WABA', c.pcrsCreatedByWaba);
  check('subscription cancellations for client', c.subscriptionsCancelledByClient);
  return found;
}

/** The costly effects counted, for the summary line. */
export function effectsCounted(c: CountersView): number {
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  return (
    sum(c.apiKeysMintedByChannel) +
    sum(c.ticketsOpenedByKey) +
    sum(c.commentsAddedByKey) +
    sum(c.pcrsCreatedByWaba) +
    sum(c.subscriptionsCancelledByClient) +
    sum(c.codesSentByNumber)
  );
}

/**
 * The code sends one port-in intended, from its history: every `requestVerificationCode` it
 * scheduled (each with its own idempotency key). A send took effect when it completed, or when its
 * answer was lost after Meta acted (`CodeSendOutcomeUnknown`: final, never retried blindly); a
 * send that kept getting a definite error sent nothing.
 */
export function codeSends(history: History): { scheduled: number; tookEffect: number } {
  const events = history.events ?? [];
  const sends = new Set<number>();
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'requestVerificationCode')
      sends.add(Number(e.eventId));
  }
  let tookEffect = 0;
  for (const e of events) {
    const done = e.activityTaskCompletedEventAttributes;
    const failed = e.activityTaskFailedEventAttributes;
    if (done && sends.has(Number(done.scheduledEventId))) tookEffect++;
    if (
      failed &&
      sends.has(Number(failed.scheduledEventId)) &&
      failureType(failed.failure) === 'CodeSendOutcomeUnknown'
    )
      tookEffect++;
  }
  return { scheduled: sends.size, tookEffect };
}

function failureType(f: temporal.api.failure.v1.IFailure | null | undefined): string | undefined {
  for (let cur = f; cur; cur = cur.cause) {
    const type = cur.applicationFailureInfo?.type;
    if (type) return type;
  }
  return undefined;
}
