/** Summary statistics of samples (nearest-rank percentiles) and a small timing helper. */

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    mean: s.length ? sum / s.length : NaN,
    min: s[0] ?? NaN,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1) ?? NaN,
  };
}

/** Milliseconds since `t0` (from `now()`), with sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; collects errors instead of throwing. */
export async function pool<T>(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<{ results: (T | undefined)[]; errors: unknown[] }> {
  const results: (T | undefined)[] = new Array(n);
  const errors: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return { results, errors };
}

/** `promise`, or a rejection with `message` after `ms` (the timer is cleared either way). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
