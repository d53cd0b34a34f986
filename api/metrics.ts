/**
 * The API process's Prometheus metrics: requests by method, route template and status (a
 * histogram, so `_count` is the request count), the outside calls it makes itself (the WABA lookup
 * before a partner change) under the worker's names, and Node's process metrics. Served on their
 * own port (API_METRICS_PORT, observability/metrics-endpoint.ts), never on the public API port.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { requestMetrics } from '../observability/metrics-endpoint';
import { HISTOGRAM_BUCKETS, OUTSIDE_CALL_DURATION, OUTSIDE_CALLS, type CallObserver } from '../observability/metrics';

export interface ApiMetrics {
  registry: Registry;
  request(labels: { method: string; route: string; status: number }, seconds: number): void;
  observeCall: CallObserver;
}

export function createApiMetrics(): ApiMetrics {
  const { registry, request } = requestMetrics(
    'HTTP API requests by method, route template and status, with their duration',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const calls = new Counter({
    name: `${OUTSIDE_CALLS}_total`,
    help: 'calls of outside services by service, operation and outcome',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const callDuration = new Histogram({
    name: OUTSIDE_CALL_DURATION,
    help: 'latency of outside calls by service, operation and outcome',
    labelNames: ['service', 'operation', 'outcome'] as const,
    buckets: HISTOGRAM_BUCKETS[OUTSIDE_CALL_DURATION],
    registers: [registry],
  });
  return {
    registry,
    request,
    observeCall: ({ service, operation, outcome, seconds }) => {
      calls.inc({ service, operation, outcome });
      callDuration.observe({ service, operation, outcome }, seconds);
    },
  };
}
