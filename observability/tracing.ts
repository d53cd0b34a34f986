/**
 * OpenTelemetry tracing, off by default (`OTEL_TRACES_EXPORTER=otlp` turns it on, spans go to
 * `OTEL_EXPORTER_OTLP_ENDPOINT` over OTLP/HTTP). One trace runs from an API request through the
 * workflow's start (Temporal's OpenTelemetry client interceptor puts the context in its headers) to
 * its activities and each outside HTTP call (integrations/http.ts), and every log line written inside it carries
 * its `traceId` (logger.ts).
 *
 * Off, nothing is registered: the OpenTelemetry API stays a no-op. A workflow run's span is made in
 * the worker when the run ends (observability/workflow-spans.ts), with the span ID the run gave its
 * activities as their parent: `withSpanId` lends that ID to the tracer.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  RandomIdGenerator,
  SimpleSpanProcessor,
  type IdGenerator,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { Config } from '../temporal.config';

export type TracingConfig = Pick<Config, 'OTEL_TRACES_EXPORTER' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>;

export interface Tracing {
  enabled: boolean;
  /** Flushes what is buffered and unregisters the global provider. */
  shutdown(): Promise<void>;
}

export const TRACER_NAME = 'wa-migrations';

/** Tracing for one process (`component`: worker, api); `exporter` replaces the configured one (tests). */
export function setUpTracing(config: TracingConfig, component: string, exporter?: SpanExporter): Tracing {
  const resource = new Resource({
    'service.name': config.OTEL_SERVICE_NAME,
    'service.component': component,
  });
  const chosen = exporter ?? configuredExporter(config);
  if (!chosen) {
    return { enabled: false, shutdown: async () => undefined };
  }
  // A test's in-memory exporter sees each span at once; a real backend gets batches.
  const spanProcessor = exporter ? new SimpleSpanProcessor(chosen) : new BatchSpanProcessor(chosen);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor], idGenerator: ids });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function configuredExporter(config: TracingConfig): SpanExporter | undefined {
  switch (config.OTEL_TRACES_EXPORTER) {
    case 'otlp':
      return new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` });
    case 'console':
      return new ConsoleSpanExporter();
    default:
      return undefined;
  }
}

/** Random IDs, except for a span started inside `withSpanId`. */
class LendableIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  lent: string | undefined;
  generateTraceId = (): string => this.random.generateTraceId();
  generateSpanId = (): string => {
    const lent = this.lent;
    this.lent = undefined;
    return lent ?? this.random.generateSpanId();
  };
}
const ids = new LendableIdGenerator();

/** Runs `start` (which starts one span, synchronously) with `spanId` as that span's ID. */
export function withSpanId<T>(spanId: string, start: () => T): T {
  ids.lent = spanId;
  try {
    return start();
  } finally {
    ids.lent = undefined;
  }
}
