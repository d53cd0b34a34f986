/**
 * Named activity-option sets. Workflows import only the activity *types*; the worker registers
 * the implementations. Non-retryable error types come from the adapters' classification.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Duration } from '../../contracts/durations';
import { NON_RETRYABLE_ERROR_TYPES } from '../../contracts/errors';
import { durationMs } from '../../contracts/durations';

const POLL_WINDOW_MARGIN_MS = 60_000;

// API calls back off 1 s, 2 s, 4 s, 8 s, then every 10 s: a flaky service is retried often enough
// to ride out bursts of errors, and the schedule-to-close window still bounds the total.
const retry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '10s',
  nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
};

/** Ordinary API calls: short, retried with backoff until the classified error says stop. */
export const acts = proxyActivities<Activities>({ startToCloseTimeout: '30s', scheduleToCloseTimeout: '30m', retry });

/**
 * Calls a person waits on behind an update (the PIN check): local activities, run by the worker
 * that runs the update, which saves the activity task's round trip through the server (about half
 * of the PIN latency, see bench/README.md). Retried briefly; after a minute the caller gets an error
 * and may submit again.
 */
export const interactive = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '1m',
  retry,
});

/** Ordinary API calls whose retries must end within `window` (then the workflow escalates). */
export function within(window: Duration) {
  return proxyActivities<Activities>({ startToCloseTimeout: '30s', scheduleToCloseTimeout: window, retry });
}

/**
 * Calls that cost money (code sends): a definite error answer is retried twice; a lost answer is
 * final (the activity says so with a non-retryable type) and the requester decides about a resend.
 */
export const costly = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { ...retry, maximumAttempts: 3 },
});

/** Work that pages through a long list (template migration): heartbeats its page, resumes from it. */
export const paged = proxyActivities<Activities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  scheduleToCloseTimeout: '2h',
  retry,
});

/** A transient failure that persists: retried slowly for as long as the step may take. */
export function slowRetry(window: Duration, every: Duration = '5m') {
  return proxyActivities<Activities>({
    startToCloseTimeout: '60s',
    scheduleToCloseTimeout: window,
    retry: { ...retry, initialInterval: every, maximumInterval: every, backoffCoefficient: 1 },
  });
}

/**
 * Pollers for long external states: each check is one short attempt; "not yet" is retried by the
 * server every `every` until `window` ends (see activities/poll.ts for why not a heartbeat loop).
 */
export function pollers(window: Duration, every: Duration = '30s') {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    // A minute past the window, so the wait's own deadline usually fires first and cancels the poll.
    // Not always: the server gives up retrying as soon as the next backed-off attempt would land
    // past the window, up to ~10 min early, so a poller's timeout alone does not mean a failure.
    scheduleToCloseTimeout: durationMs(window) + POLL_WINDOW_MARGIN_MS,
    // Check often at first (a short wait is noticed fast), then back off to at most 20x the first
    // interval and never beyond 10 min: every check is a billable action, and a 14-day wait polled
    // every 30 s would cost ~40,000 of them. Signals (webhooks, operators) stay the fast path.
    retry: { ...retry, initialInterval: every, backoffCoefficient: 1.5, maximumInterval: slowestPoll(every) },
  });
}

function slowestPoll(every: Duration): number {
  const first = durationMs(every);
  return Math.max(first, Math.min(first * 20, 10 * 60_000));
}
