/**
 * The two ends of the batch call limits without a server: which memo values and activities get the
 * header (workflows/kit/batch-call-header.ts), and the worker reading it (workers/batch-call-limits.ts):
 * the interceptor with a stand-in activity context, and the limited world its calls go through.
 */
import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import { BATCH_LIMITS_HEADER, batchCallLimits, isOutsideCall } from '../../../workflows/kit/batch-call-header';
import type { OutsideWorld } from '../../../integrations/ports';
import { batchCallLimitsInterceptor, limitedWorld } from '../../../workers/batch-call-limits';

test('only a well-formed batch memo yields limits', () => {
  const limits = { concurrency: 3, callsPerSecond: 2.5 };
  expect(batchCallLimits({ batchId: 'b1', callbackUrl: 'https://x', limits })).toEqual({ batchId: 'b1', ...limits });
  for (const bad of [
    undefined,
    null,
    'b1',
    { limits },
    { batchId: '', limits },
    { batchId: 'b1' },
    { batchId: 'b1', limits: { concurrency: 0, callsPerSecond: 1 } },
    { batchId: 'b1', limits: { concurrency: 1.5, callsPerSecond: 1 } },
    { batchId: 'b1', limits: { concurrency: 1, callsPerSecond: 0 } },
    { batchId: 'b1', limits: { concurrency: 1, callsPerSecond: '5' } },
  ])
    expect(batchCallLimits(bad)).toBeUndefined();
});

test('Temporal-only, requester and local activities are not outside calls', () => {
  expect(['submitPortIn', 'verifyPin', 'awaitNumberLeft', 'openSupportTicket'].every(isOutsideCall)).toBe(true);
  expect(
    ['acquireLease', 'recordRegisterCall', 'findConflictingMigrations', 'notifyRequester', 'createTwoFactorPin'].some(
      isOutsideCall,
    ),
  ).toBe(false);
});

/** A port call that stays open until released; `started` says whether the limiter let it through. */
class HeldCall {
  started = false;
  release!: () => void;
  run = () => {
    this.started = true;
    return new Promise<string>((r) => (this.release = () => r('ok')));
  };
}

/** The world as the worker wires it: `meta.getWaba(call)` runs the given held call. */
const world = limitedWorld({
  meta: { getWaba: (call: HeldCall) => call.run() },
  callbacks: { send: (call: HeldCall) => call.run() },
} as unknown as OutsideWorld) as unknown as Record<
  'meta' | 'callbacks',
  Record<string, (c: HeldCall) => Promise<string>>
>;

/** Runs one activity through the interceptor; its body makes the given port calls in parallel. */
function activity(headers: Record<string, unknown>, calls: [port: 'meta' | 'callbacks', call: HeldCall][]) {
  const warn = jest.fn();
  const ctx = { cancellationSignal: new AbortController().signal, log: { warn } } as unknown as Context;
  const done = batchCallLimitsInterceptor(ctx).inbound!.execute!({ args: [], headers: headers as never }, () =>
    Promise.all(
      calls.map(([port, call]) => (port === 'meta' ? world.meta.getWaba!(call) : world.callbacks.send!(call))),
    ),
  );
  return { done, warn };
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const header = (v: unknown) => ({ [BATCH_LIMITS_HEADER]: defaultPayloadConverter.toPayload(v) });
const started = (calls: HeldCall[]) => calls.map((c) => c.started);

test('the calls of one batch share its limiter, also parallel calls of one activity', async () => {
  const limits = { batchId: 'unit-batch-1', concurrency: 2, callsPerSecond: 100 };
  const c = Array.from({ length: 7 }, () => new HeldCall());
  const first = activity(header(limits), [
    ['meta', c[0]!],
    ['meta', c[1]!],
    ['meta', c[2]!],
  ]);
  const sameBatch = activity(header(limits), [['meta', c[3]!]]);
  const otherBatch = activity(header({ ...limits, batchId: 'unit-batch-2' }), [['meta', c[4]!]]);
  const untagged = activity({}, [['meta', c[5]!]]);
  const callback = activity(header({ ...limits, batchId: 'unit-batch-1' }), [['callbacks', c[6]!]]);
  await tick();
  // Two of the batch's four calls run; another batch, an untagged activity and callbacks are not held.
  expect(started(c)).toEqual([true, true, false, false, true, true, true]);
  c[0]!.release();
  await tick();
  expect(started(c.slice(2, 4))).toEqual([true, false]);
  c[1]!.release();
  await tick();
  expect(c[3]!.started).toBe(true);
  c.forEach((call) => call.release());
  await Promise.all([first.done, sameBatch.done, otherBatch.done, untagged.done, callback.done]);
});

test('an unreadable header runs the activity unlimited and warns', async () => {
  const calls = [new HeldCall(), new HeldCall()];
  const a = activity(header({ batchId: 'unit-batch-3', concurrency: 0, callsPerSecond: 1 }), [
    ['meta', calls[0]!],
    ['meta', calls[1]!],
  ]);
  await tick();
  expect(started(calls)).toEqual([true, true]);
  expect(a.warn).toHaveBeenCalledWith('unreadable batch-limits header: activity runs without batch limits');
  calls.forEach((call) => call.release());
  await a.done;
});
