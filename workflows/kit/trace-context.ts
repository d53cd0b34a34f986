/**
 * Workflow interceptors module (registered in workers/bundle-options.ts): a traced run (one whose
 * start carried the `_tracer-data` header of Temporal's OpenTelemetry client interceptor,
 * observability/tracing.ts) is a span of that trace, and its activities and children are spans
 * under it; continue-as-new hands the start's trace to the next run, a sibling.
 *
 * The run's span ID is taken from its run ID, and the span itself is made in the worker from a sink
 * call when the run ends (observability/workflow-spans.ts). The interceptor only rewrites headers,
 * synchronously, and reports once the run's promise settles: commands and their order are the same
 * traced or not, and headers are not checked on replay, so no patch. Temporal's own OpenTelemetry
 * workflow interceptors are not used: they await around commands, which reordered them differently
 * on replay than when first run (an update's timer cancellation failed replay of a partner change)
 * and broke every recorded history.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ContinueAsNew,
  isCancellation,
  proxySinks,
  workflowInfo,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import type { RunEnd, WorkflowSpanSinks } from '../../observability/workflow-spans';

/** The header name of @temporalio/interceptors-opentelemetry (its TRACE_HEADER). */
export const TRACE_HEADER = '_tracer-data';

const { workflowSpans } = proxySinks<WorkflowSpanSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => {
  /** What continue-as-new carries: the start's own trace header. */
  let started: Payload | undefined;
  /** What activities and children carry: this run's span as their parent (or the start's header). */
  let ours: Payload | undefined;
  const carrying =
    (header: () => Payload | undefined) =>
    <I extends { headers: Record<string, Payload> }>(input: I): I => {
      const trace = header();
      return trace && !input.headers[TRACE_HEADER]
        ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: trace } }
        : input;
    };
  const toChildren = carrying(() => ours);
  return {
    inbound: [
      {
        execute(input, next) {
          started = input.headers[TRACE_HEADER];
          ours = started;
          const parent = started && traceparentOf(started);
          if (!parent) return next(input);
          const spanId = spanIdOf(workflowInfo().runId);
          ours = defaultPayloadConverter.toPayload({ traceparent: `00-${parent.traceId}-${spanId}-${parent.flags}` });
          const run = next(input);
          const report = (end: RunEnd, error?: unknown) => {
            // Only the run that is live ends it; a replay ends nothing new (and the sink is skipped there anyway).
            if (workflowInfo().unsafe.isReplaying) return;
            workflowSpans.runEnded({
              parent: parent.header,
              spanId,
              startTime: workflowInfo().runStartTime.getTime(),
              endTime: Date.now(),
              end,
              ...(end === 'failed' && { errorType: error instanceof Error ? error.name : typeof error }),
            });
          };
          run.then(
            () => report('completed'),
            (err: unknown) =>
              report(
                err instanceof ContinueAsNew ? 'continued-as-new' : isCancellation(err) ? 'cancelled' : 'failed',
                err,
              ),
          );
          return run;
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(toChildren(input)),
        scheduleLocalActivity: (input, next) => next(toChildren(input)),
        startChildWorkflowExecution: (input, next) => next(toChildren(input)),
        continueAsNew: (input, next) => next(carrying(() => started)(input)),
      },
    ],
  };
};

interface Traceparent {
  header: string;
  traceId: string;
  flags: string;
}

/** The W3C traceparent inside the header's payload (`{"traceparent":"00-<trace>-<span>-<flags>"}`). */
function traceparentOf(payload: Payload): Traceparent | undefined {
  let carrier: unknown;
  try {
    carrier = defaultPayloadConverter.fromPayload(payload);
  } catch {
    return undefined;
  }
  const header = (carrier as { traceparent?: unknown } | null)?.traceparent;
  if (typeof header !== 'string') return undefined;
  const [, traceId, flags] = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(header) ?? [];
  return traceId && flags ? { header, traceId, flags } : undefined;
}

/** 16 hex digits from the run ID (its random half), never all zeros, the same on every replay. */
export function spanIdOf(runId: string): string {
  const hex = runId.toLowerCase().replace(/-/g, '');
  let id = /^[0-9a-f]{32}$/.test(hex) ? hex.slice(16) : fnv1a64(runId);
  if (/^0+$/.test(id)) id = '0000000000000001';
  return id;
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of text) {
    hash ^= BigInt(char.codePointAt(0) ?? 0);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
