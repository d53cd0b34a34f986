/** The idle-capacity figures (bench/capacity.ts) from the RSS series it measured. */
import { fig, type Figure } from './report';
import { round, type Summary } from './stats';
import type { WorkerMemory } from './thread-heaps';

/** What the worker's RSS is made of at a point, in MiB (bench/harness/thread-heaps.ts). */
export interface MemoryParts {
  rss: number;
  rssAnon: number;
  rssFile: number;
  /** The main isolate's V8 heap, resident / in use. */
  mainHeap: number;
  mainHeapUsed: number;
  /** Memory outside the main heap that V8 knows of (Buffers, ArrayBuffers), and of it ArrayBuffers. */
  external: number;
  arrayBuffers: number;
  /** The workflow threads' V8 heaps, summed: resident / in use / their external memory. */
  threadHeap: number;
  threadHeapUsed: number;
  threadExternal: number;
  threads: number;
  nativeContexts: number;
  detachedContexts: number;
  /** RSS less both heaps: native memory (Node, the SDK's Rust core, malloc arenas, external buffers) and code. */
  rest: number;
}

export interface Point {
  n: number;
  rssMiB: number;
  serverRssMiB: number;
  dbMiB: number;
  cached: number;
  seconds: number;
  parts?: MemoryParts;
}

export interface Series {
  name: string;
  role: 'noop-park' | 'port-in' | 'small';
  cache: number;
  baseRssMiB: number;
  /** The worker's memory by part before the first touch (small-cache series). */
  baseParts?: MemoryParts;
  points: Point[];
  /** After the last point and a full GC in every isolate of the worker (small-cache series). */
  afterGc?: MemoryParts;
  errors: number;
  note?: string;
}

const MiB = 2 ** 20;

export function memoryParts(m: WorkerMemory): MemoryParts {
  const sum = (f: (h: WorkerMemory['main']) => number) => m.threads.reduce((s, h) => s + f(h), 0) / MiB;
  const threadHeap = sum((h) => h.physical);
  const mainHeap = m.main.physical / MiB;
  return {
    rss: m.process.rss / MiB,
    rssAnon: m.status.rssAnon / MiB,
    rssFile: m.status.rssFile / MiB,
    mainHeap,
    mainHeapUsed: m.main.used / MiB,
    external: m.process.external / MiB,
    arrayBuffers: m.process.arrayBuffers / MiB,
    threadHeap,
    threadHeapUsed: sum((h) => h.used),
    threadExternal: sum((h) => h.external),
    threads: m.threads.length,
    nativeContexts: m.threads.reduce((s, h) => s + h.nativeContexts, 0),
    detachedContexts: m.threads.reduce((s, h) => s + h.detachedContexts, 0),
    rest: m.process.rss / MiB - mainHeap - threadHeap,
  };
}

/** "main heap 40, threads 80 (used 50), rest 200": where the RSS is. */
export function partsText(p: MemoryParts | undefined): string {
  if (!p) return '';
  const r = (x: number) => round(x, 0);
  return `main heap ${r(p.mainHeap)} (used ${r(p.mainHeapUsed)}), workflow threads ${r(p.threadHeap)} (used ${r(p.threadHeapUsed)}), rest ${r(p.rest)}`;
}

/** Least-squares slope of y against x, per 1,000 of x. */
export function slopePerThousand(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den ? (num / den) * 1000 : NaN;
}

function perThousand(s: Series, p: Point | undefined): number {
  return p ? ((p.rssMiB - s.baseRssMiB) / p.n) * 1000 : NaN;
}

/** RSS growth per 1k between the last two sizes: the steady cost, without the worker's warm-up. */
function marginal(s: Series | undefined): number {
  const [a, b] = [s?.points.at(-2), s?.points.at(-1)];
  return a && b && b.n > a.n ? ((b.rssMiB - a.rssMiB) / (b.n - a.n)) * 1000 : NaN;
}

export function capacityFigures(all: Series[], query: Summary, serverErrors: number, smallCache: number): Figure[] {
  const [park, portIn, small] = (['noop-park', 'port-in', 'small'] as const).map((r) => all.find((s) => s.role === r));
  const out: Figure[] = [];
  for (const p of portIn?.points ?? []) {
    const b = park?.points.find((x) => x.n === p.n);
    const mib = perThousand(portIn as Series, p);
    out.push(
      fig(`worker RSS per 1k cached port-ins at N=${p.n}`, mib, 'MiB', {
        baseline: b && { name: 'noop-park', value: perThousand(park as Series, b) },
        target: '<= 1 GB',
        met: mib <= 1024,
      }),
    );
  }
  const m = marginal(portIn);
  if (Number.isFinite(m)) {
    const range = `${portIn?.points.at(-2)?.n}-${portIn?.points.at(-1)?.n}`;
    out.push(
      fig(`worker RSS per 1k port-ins, marginal ${range}`, m, 'MiB', {
        baseline: { name: 'noop-park', value: marginal(park) },
        target: '<= 1 GB',
        met: m <= 1024,
      }),
    );
  }
  if (small) out.push(...touchFigures(small, smallCache, portIn?.points.at(-1)?.n ?? 0));
  out.push(fig(`cache ${smallCache}: status query with replay p50 / p99`, query.p50, `ms / ${round(query.p99, 0)} ms`));
  const last = portIn?.points.at(-1);
  if (last)
    out.push(
      fig(`server RSS / SQLite file at ${last.n} port-ins`, last.serverRssMiB, `MiB / ${round(last.dbMiB, 0)} MiB`),
    );
  const errors = all.reduce((s, x) => s + x.errors, 0);
  out.push(
    fig('errors (starts, queries) / server log errors', errors, `/ ${serverErrors}`, {
      target: 'none',
      met: errors === 0 && serverErrors === 0,
    }),
  );
  return out;
}

export const countErrors = (summary: string[]) =>
  summary.reduce((n, line) => n + Number(/^(\d+)x/.exec(line)?.[1] ?? 0), 0);

/**
 * The small-cache series: RSS and its parts at the first round's sizes and every 10,000 touches, and
 * whether it plateaus once every parked port-in has been touched (the cache and the heaps warm): the
 * growth per 1,000 touches over all those points, and the second half's mean and peak against the
 * first's. All the points, not the last few: the workflow thread's heap swings ±50 MiB between its
 * major GCs, so a fit over five or six readings is mostly where they fall in that sawtooth.
 */
function touchFigures(small: Series, smallCache: number, parked: number): Figure[] {
  const out: Figure[] = [];
  const pts = small.points;
  const shown = pts.filter((p, i) => pts.length <= 8 || p.n <= parked || p.n % 10_000 === 0 || i === pts.length - 1);
  const touched = (n: number) => (n <= parked ? `touching ${n} port-ins` : `${n} touches of ${parked} port-ins`);
  for (const p of shown) {
    const parts = partsText(p.parts);
    out.push(
      fig(`cache ${smallCache}: worker RSS after ${touched(p.n)}`, p.rssMiB, parts ? `MiB: ${parts}` : 'MiB', {
        target: 'flat',
        baseline: { name: 'idle worker', value: small.baseRssMiB },
        met: p.rssMiB - small.baseRssMiB < 150,
      }),
    );
  }
  const warm = pts.filter((p) => p.n >= Math.min(parked, pts.at(-1)?.n ?? 0));
  if (warm.length >= 4) out.push(...plateauFigures(warm, smallCache));
  if (small.afterGc)
    out.push(
      fig(
        `cache ${smallCache}: worker RSS after a full GC at the end`,
        small.afterGc.rss,
        `MiB: ${partsText(small.afterGc)}`,
      ),
    );
  return out;
}

/** Growth per 1,000 touches over the warm points (least squares), by part, and half against half. */
function plateauFigures(warm: Point[], smallCache: number): Figure[] {
  const xs = warm.map((p) => p.n);
  const range = `${xs[0]}-${xs.at(-1)}`;
  const slope = slopePerThousand(
    xs,
    warm.map((p) => p.rssMiB),
  );
  const out = [
    fig(`cache ${smallCache}: RSS growth per 1k touches, ${range} (least squares)`, slope, 'MiB', {
      target: '<= 0.5 MiB (plateau)',
      met: slope <= 0.5,
    }),
  ];
  if (warm.every((p) => p.parts)) {
    const part = (f: (m: MemoryParts) => number) =>
      round(
        slopePerThousand(
          xs,
          warm.map((p) => f(p.parts as MemoryParts)),
        ),
        2,
      );
    out.push(
      fig(
        `cache ${smallCache}: of which main heap / workflow threads' heaps / rest, per 1k touches`,
        part((m) => m.mainHeap),
        `/ ${part((m) => m.threadHeap)} / ${part((m) => m.rest)} MiB`,
      ),
    );
  }
  const mid = Math.floor(warm.length / 2);
  const a = warm.slice(0, mid).map((p) => p.rssMiB);
  const b = warm.slice(mid).map((p) => p.rssMiB);
  const mean = (h: number[]) => h.reduce((x, y) => x + y, 0) / h.length;
  out.push(
    fig(
      `cache ${smallCache}: mean RSS, 2nd half of ${range} against the 1st`,
      mean(b),
      `MiB (peak ${round(Math.max(...b), 0)} against ${round(Math.max(...a), 0)})`,
      {
        baseline: { name: '1st half', value: mean(a) },
        target: '<= 1.05x (plateau)',
        met: mean(b) <= mean(a) * 1.05,
      },
    ),
  );
  return out;
}
