/**
 * Durations, one grammar for the whole project: the config, the input schemas, the client's timing
 * checks and the workflows' timers all read '90s', '5m', '1h', '72 hours', '14d' or plain
 * milliseconds the same way. Plain TypeScript: the workflow bundle imports it.
 */
import { ApplicationFailure } from '@temporalio/common';

/** Duration strings as Temporal accepts them ('90s', '1h', '72 hours') or milliseconds. */
export type Duration = string | number;

/** A number and an optional unit; no unit means milliseconds. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)?$/i;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of a duration. Inputs are validated at the edge, so a bad one here is a bug: it
 * throws a non-retryable failure (a workflow fails its run instead of retrying its task forever).
 */
export function durationMs(d: Duration): number {
  if (typeof d === 'number') return d;
  const m = DURATION_PATTERN.exec(d);
  if (!m) throw ApplicationFailure.nonRetryable(`invalid duration "${d}"`, 'InvalidDuration');
  const unit = (m[2] ?? 'ms').toLowerCase();
  // 'seconds', 'minutes', 'hours', 'days' are told apart by their first letter.
  const ms = UNIT_MS[unit === 'ms' ? 'ms' : unit.charAt(0)] ?? 1;
  return Math.round(Number(m[1]) * ms);
}
