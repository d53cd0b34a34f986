/**
 * Workflow interceptors module (registered in workers/bundle-options.ts): carries the trace of the
 * request that started a run (the `_tracer-data` header Temporal's OpenTelemetry client interceptor
 * writes, observability/tracing.ts) on to the run's activities, children and continue-as-new, so
 * their spans and the outside calls inside them join that trace.
 *
 * Only headers, added synchronously: commands and their order stay the same, and headers are not
 * checked on replay, so no patch. Temporal's own OpenTelemetry workflow interceptors are not used:
 * they await around commands, which reordered them differently on replay than when first run (an
 * update's timer cancellation failed replay of a partner change) and broke every recorded history.
 */
import type { Payload } from '@temporalio/common';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The header name of @temporalio/interceptors-opentelemetry (its TRACE_HEADER). */
export const TRACE_HEADER = '_tracer-data';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let trace: Payload | undefined;
  const carried = <I extends { headers: Record<string, Payload> }>(input: I): I =>
    trace && !input.headers[TRACE_HEADER] ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: trace } } : input;
  return {
    inbound: [
      {
        execute(input, next) {
          trace = input.headers[TRACE_HEADER];
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(carried(input)),
        scheduleLocalActivity: (input, next) => next(carried(input)),
        startChildWorkflowExecution: (input, next) => next(carried(input)),
        continueAsNew: (input, next) => next(carried(input)),
      },
    ],
  };
};
