/**
 * A batch's limits on outside calls, on the worker side. The activity interceptor reads the header
 * `batch-limits` (set by workflows/kit/batch-call-header.ts on a batch member's outside-call
 * activities) and binds the batch to the activity's async context; `limitedWorld` makes each call
 * of a port (360dialog, Meta, support desk, websites) made in that context wait for the batch's
 * limiter: at most `concurrency` at once, at most `callsPerSecond` started per second. Activities
 * without the header, and the requester's callbacks, are not held.
 *
 * Per call, not per activity: one activity may make several calls, some in parallel (the
 * preflight's four lookups), and an activity holding a permit while its calls wait for more would
 * deadlock at concurrency 1. A paged list (all template pages) counts as one call.
 *
 * The limit is per worker process: limiters live in memory, so with N workers polling the task
 * queue each enforces it alone and a batch may reach N × its limits (size them by the worker count).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { OutsideWorld } from '../integrations/ports';
import { BATCH_LIMITS_HEADER, batchCallLimits, type BatchCallLimits } from '../workflows/kit/batch-call-header';
import { CallLimiters } from './call-limiter';

interface BatchContext {
  limits: BatchCallLimits;
  /** The activity's: a wait ends on its cancellation (worker shutdown, a timeout, a cancel seen by a heartbeat). */
  signal: AbortSignal;
}

const batchOfActivity = new AsyncLocalStorage<BatchContext>();

/** One per worker process, shared by all its activities; a batch idle for 10 minutes is forgotten. */
const limiters = new CallLimiters(10 * 60_000);

export const batchCallLimitsInterceptor: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const limits = limitsOf(input.headers[BATCH_LIMITS_HEADER], ctx);
      if (!limits) return next(input);
      return batchOfActivity.run({ limits, signal: ctx.cancellationSignal }, () => next(input));
    },
  },
});

/** The world the activities get: the same adapters, their calls held to the calling batch's limits. */
export function limitedWorld(world: OutsideWorld): OutsideWorld {
  const { callbacks, ...ports } = world;
  const limited = Object.fromEntries(
    Object.entries(ports).map(([name, port]) => [name, typeof port === 'object' && port ? limitedPort(port) : port]),
  );
  // Callbacks go to the requester's own URL, not to a rate-limited service.
  return { ...(limited as Omit<OutsideWorld, 'callbacks'>), callbacks };
}

function limitedPort<T extends object>(port: T): T {
  return new Proxy(port, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        // Bound to the adapter itself: its own inner calls (pages of a list) are not gated twice.
        const call = () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        const batch = batchOfActivity.getStore();
        if (!batch) return call();
        // Looked up per call, not kept: an activity outliving the idle sweep still shares the live limiter.
        return limiters.get(batch.limits.batchId, batch.limits).run(call, batch.signal);
      };
    },
  });
}

function limitsOf(
  payload: Parameters<typeof defaultPayloadConverter.fromPayload>[0] | undefined,
  ctx: Context,
): BatchCallLimits | undefined {
  if (!payload) return undefined;
  let header: Partial<BatchCallLimits> | undefined;
  try {
    header = defaultPayloadConverter.fromPayload<Partial<BatchCallLimits>>(payload);
  } catch {
    header = undefined;
  }
  const limits = header ? batchCallLimits({ batchId: header.batchId, limits: header }) : undefined;
  // A header we cannot read must not stop the migration: run unlimited, and say so.
  if (!limits) ctx.log.warn('unreadable batch-limits header: activity runs without batch limits');
  return limits;
}
