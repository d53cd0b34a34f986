/**
 * The per-batch call limiter (workers/call-limiter.ts): the semaphore never lets more than
 * `concurrency` run, the token bucket starts at most burst + rate × t calls by time t, a cancelled
 * wait gives its place back, and an idle limiter is forgotten after 10 minutes.
 */
import { CallLimiter, CallLimiters } from '../../../workers/call-limiter';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

afterEach(() => {
  jest.useRealTimers();
});

test('200 concurrent tasks never run more than `concurrency` at once', async () => {
  const limiter = new CallLimiter({ concurrency: 7, callsPerSecond: 1_000_000 });
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      limiter.run(async () => {
        peak = Math.max(peak, ++running);
        await sleep(i % 4);
        running--;
        return i;
      }),
    ),
  );
  expect(results).toHaveLength(200);
  expect(results[199]).toBe(199);
  expect(peak).toBe(7);
  expect({ running: limiter.running, waiting: limiter.waiting }).toEqual({ running: 0, waiting: 0 });
});

test('fake clock: 20 calls/s starts the burst of 20 at once, then one every 50 ms: 40 by 1 s', async () => {
  jest.useFakeTimers({ now: 0 });
  const limiter = new CallLimiter({ concurrency: 1_000, callsPerSecond: 20 });
  const startedAt: number[] = [];
  const all = Promise.all(Array.from({ length: 60 }, () => limiter.run(async () => void startedAt.push(Date.now()))));
  await jest.advanceTimersByTimeAsync(0);
  expect(startedAt).toHaveLength(20);
  await jest.advanceTimersByTimeAsync(49);
  expect(startedAt).toHaveLength(20);
  await jest.advanceTimersByTimeAsync(1);
  expect(startedAt).toHaveLength(21);
  await jest.advanceTimersByTimeAsync(950);
  expect(startedAt).toHaveLength(40);
  expect(startedAt.slice(20, 24)).toEqual([50, 100, 150, 200]);
  expect(startedAt[39]).toBe(1_000);
  await jest.advanceTimersByTimeAsync(1_000);
  await all;
  expect(startedAt).toHaveLength(60);
  // Never more than burst + rate × t by any time t.
  startedAt.forEach((t, i) => expect(i + 1).toBeLessThanOrEqual(20 + Math.floor((t * 20) / 1000)));
});

test('real clock over ~1 s: 10 calls/s starts 10 at once, then no more than one per 100 ms', async () => {
  const limiter = new CallLimiter({ concurrency: 100, callsPerSecond: 10 });
  const t0 = Date.now();
  const startedAt: number[] = [];
  await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => void startedAt.push(Date.now() - t0))));
  expect(startedAt.slice(0, 10).every((t) => t < 50)).toBe(true);
  for (let k = 1; k <= 10; k++) expect(startedAt[9 + k]).toBeGreaterThanOrEqual(k * 100 - 1);
  const inFirstSecond = startedAt.filter((t) => t <= 1_000).length;
  expect(inFirstSecond).toBeLessThanOrEqual(20);
  expect(inFirstSecond).toBeGreaterThanOrEqual(18);
  // ~1 s for the ten after the burst, well under 1.3 s even on a busy machine.
  expect(startedAt[19]).toBeLessThan(1_300);
});

test('a cancelled wait rejects with the reason and gives its place to the next caller', async () => {
  const limiter = new CallLimiter({ concurrency: 1, callsPerSecond: 1_000 });
  let release!: () => void;
  const first = limiter.run(() => new Promise<void>((r) => (release = r)));
  const abort = new AbortController();
  const cancelled = limiter.run(async () => 'must not run', abort.signal);
  const third = limiter.run(async () => 'third');
  expect(limiter.waiting).toBe(2);
  abort.abort(new Error('activity cancelled'));
  await expect(cancelled).rejects.toThrow('activity cancelled');
  expect(limiter.waiting).toBe(1);
  release();
  await first;
  await expect(third).resolves.toBe('third');
  await expect(limiter.run(async () => 1, abort.signal)).rejects.toThrow('activity cancelled');
  expect(limiter.running).toBe(0);
});

test('a limiter idle for 10 minutes is dropped; a busy one is kept however long it runs', async () => {
  let now = 0;
  const limiters = new CallLimiters(10 * 60_000, () => now);
  const limits = { concurrency: 2, callsPerSecond: 5 };
  await limiters.get('batch-a', limits).run(async () => undefined);
  let release!: () => void;
  const long = limiters.get('batch-b', limits).run(() => new Promise<void>((r) => (release = r)));
  await sleep(0); // the task starts once its grant is delivered
  now += 10 * 60_000 - 1;
  limiters.get('batch-c', limits);
  expect(['batch-a', 'batch-b', 'batch-c'].map((k) => limiters.has(k))).toEqual([true, true, true]);
  now += 1;
  limiters.dropIdle();
  expect(['batch-a', 'batch-b', 'batch-c'].map((k) => limiters.has(k))).toEqual([false, true, true]);
  release();
  await long;
  now += 10 * 60_000;
  limiters.dropIdle();
  expect(limiters.size).toBe(0);
});

test('newer limits apply to calls not yet started', async () => {
  const limiter = new CallLimiter({ concurrency: 1, callsPerSecond: 1_000 });
  let running = 0;
  let peak = 0;
  const task = async () => {
    peak = Math.max(peak, ++running);
    await sleep(5);
    running--;
  };
  const all = Promise.all(Array.from({ length: 6 }, () => limiter.run(task)));
  limiter.update({ concurrency: 3, callsPerSecond: 1_000 });
  await all;
  expect(peak).toBe(3);
});
