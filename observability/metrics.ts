/**
 * The project's own metrics outside workflows, in Prometheus conventions: counters end in `_total`,
 * durations are seconds and say so. Label values come from bounded sets only (services, route
 * templates, error classes): never a phone number, an ID or a URL with one in it.
 *
 * The worker records through the Temporal Runtime's meter, so its metrics and the SDK's share one
 * `/metrics` (the Runtime's Prometheus exporter); workflows use the SDK's replay-safe workflow meter
 * (workflows/kit/metrics.ts). The API has its own registry (api/metrics.ts).
 */
import type { MetricMeter } from '@temporalio/common';

/** One finished call of an outside service, as the HTTP client saw it. */
export interface OutsideCall {
  service: string;
  /** `METHOD /route/{}/template`: the request's path template, IDs left out. */
  operation: string;
  /** 'ok', or the error class the adapter's classifier gave the failure. */
  outcome: string;
  seconds: number;
}

export type CallObserver = (call: OutsideCall) => void;

export const OUTSIDE_CALLS = 'wa_outside_calls';
export const OUTSIDE_CALL_DURATION = 'wa_outside_call_duration_seconds';
export const MIGRATION_STEP_DURATION = 'wa_migration_step_duration_seconds';
export const REGISTER_BUDGET_REMAINING = 'wa_register_budget_remaining';

/**
 * Histogram buckets that fit what each one measures (the exporter's defaults are for milliseconds):
 * outside calls from 5 ms to the HTTP timeout, migration steps from a second to the 28-day deadlines.
 */
export const HISTOGRAM_BUCKETS: Record<string, number[]> = {
  [OUTSIDE_CALL_DURATION]: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  [REGISTER_BUDGET_REMAINING]: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  [MIGRATION_STEP_DURATION]: [
    1,
    10,
    60,
    300,
    900,
    3600,
    4 * 3600,
    12 * 3600,
    86_400,
    3 * 86_400,
    7 * 86_400,
    28 * 86_400,
  ],
};

/** Records outside calls on a Temporal meter: a counter and a latency histogram, same labels. */
export function outsideCallRecorder(meter: MetricMeter): CallObserver {
  const calls = meter.createCounter(
    OUTSIDE_CALLS,
    undefined,
    'calls of outside services by service, operation and outcome',
  );
  const duration = meter.createHistogram(
    OUTSIDE_CALL_DURATION,
    'float',
    undefined,
    'latency of outside calls by service, operation and outcome',
  );
  return ({ service, operation, outcome, seconds }) => {
    const tags = { service, operation, outcome };
    calls.withTags(tags).add(1);
    duration.withTags(tags).record(seconds);
  };
}
