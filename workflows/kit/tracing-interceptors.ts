/**
 * Temporal's OpenTelemetry workflow interceptors (workflow and activity spans, trace context
 * carried to activities and children), for runs that started on this release (1.2.0) or later only. They delay
 * some commands by a microtask, which reorders a run's commands against the order recorded by
 * older code: a run that started before them replays without them (`patched`, docs/versioning.md).
 * With tracing off the worker's sink drops their spans (workers/create-worker.ts).
 */
import { interceptors as openTelemetry } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
import { patched, type WorkflowInterceptors } from '@temporalio/workflow';

/** Patch ID (1.2.0, tracing): OpenTelemetry interceptors; runs started before them have none. */
export const OTEL_TRACING_PATCH = 'otel-tracing';

type Handler = (input: unknown, next: (input: unknown) => unknown) => unknown;

export const interceptors = (): WorkflowInterceptors => {
  const inner = openTelemetry();
  let on = false;
  /** Each method of `target` runs only in a run that took the patch; otherwise straight to `next`. */
  const gated = <T extends object>(target: T): T => {
    const out: Record<string, Handler> = {};
    for (const name of methodsOf(target)) {
      const method = (target as Record<string, Handler>)[name] as Handler;
      out[name] = (input, next) => (on ? method.call(target, input, next) : next(input));
    }
    return out as T;
  };
  const [inbound] = inner.inbound ?? [];
  const execute: Handler = (input, next) => {
    // The first command of a run, so a run in flight (no marker in its history) replays as it ran.
    on = patched(OTEL_TRACING_PATCH);
    return on && inbound?.execute ? inbound.execute(input as never, next as never) : next(input);
  };
  return {
    inbound: (inner.inbound ?? []).map((i) => ({ ...gated(i), execute }) as never),
    outbound: (inner.outbound ?? []).map(gated),
    internals: (inner.internals ?? []).map(gated),
  };
};

function methodsOf(target: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = target; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null)
    for (const name of Object.getOwnPropertyNames(p))
      if (name !== 'constructor' && typeof (target as Record<string, unknown>)[name] === 'function') names.add(name);
  return [...names];
}
