/**
 * The span of a workflow run, made in the worker from what the run reports through a sink when it
 * ends (workflows/kit/trace-context.ts): the run draws no IDs and awaits nothing for it, so its
 * commands are the same traced or not, first run or replay. The span ID comes from the run ID, so
 * the activities and children the run started (whose headers name it as their parent) hang under it
 * even when another worker, after an eviction or a crash, is the one that reports the end.
 *
 * A sink is not called on replay; it may be called twice if the run's last workflow task fails and
 * is retried (the SDK's at-least-once for sinks), which gives a duplicate span, never a lost one.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { InjectedSinks } from '@temporalio/worker';
import type { Sinks, WorkflowInfo } from '@temporalio/workflow';
import { TRACER_NAME, withSpanId, type Tracing } from './tracing';

/** How a run ended, as its span tells it. */
export type RunEnd = 'completed' | 'failed' | 'cancelled' | 'continued-as-new';

export interface RunSpan {
  /** W3C traceparent of the span that started the run (the client's StartWorkflow span). */
  parent: string;
  /** The run's own span ID (16 hex digits), already given to its activities as their parent. */
  spanId: string;
  /** Epoch milliseconds, workflow time. */
  startTime: number;
  endTime: number;
  end: RunEnd;
  /** The error's type name when the run failed; messages stay out of spans (they may quote input). */
  errorType?: string;
}

export interface WorkflowSpanSinks extends Sinks {
  workflowSpans: { runEnded(span: RunSpan): void };
}

const propagator = new W3CTraceContextPropagator();

/** The worker's sink: a `RunWorkflow:<type>` span per traced run; nothing when tracing is off. */
export function workflowSpanSinks(tracing?: Tracing): InjectedSinks<WorkflowSpanSinks> {
  return {
    workflowSpans: {
      runEnded: {
        fn: (info, span) => {
          if (tracing?.enabled) recordRunSpan(info, span);
        },
        callDuringReplay: false,
      },
    },
  };
}

function recordRunSpan(info: WorkflowInfo, run: RunSpan): void {
  const parent = propagator.extract(
    ROOT_CONTEXT,
    { traceparent: run.parent },
    {
      get: (carrier, key) => carrier[key as 'traceparent'],
      keys: (carrier) => Object.keys(carrier),
    },
  );
  if (!trace.getSpanContext(parent)) return;
  const span = withSpanId(run.spanId, () =>
    trace.getTracer(TRACER_NAME).startSpan(
      `RunWorkflow:${info.workflowType}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: run.startTime,
        attributes: {
          temporalWorkflowId: info.workflowId,
          run_id: info.runId,
          temporalTaskQueue: info.taskQueue,
          'wa.run.end': run.end,
        },
      },
      parent,
    ),
  );
  if (run.end === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: run.errorType });
  span.end(run.endTime);
}
