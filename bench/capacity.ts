/**
 * Idle capacity (`npm run bench:capacity`): park N = 1k, 5k, 10k workflows and read the worker
 * process's RSS at each step, for the parked baseline and for port-ins parked at AWAITING_PIN, with
 * a cache that holds them all; then restart the worker with a small cache and touch every parked
 * port-in once (a status query replays it into the cache and evicts another): RSS must stay flat.
 * `--touches=50000` goes round the parked port-ins until that many touches (a point every
 * `--touch-step`, default one round), and at each point the small-cache worker also tells what its
 * RSS is made of: its main V8 heap, its workflow threads' heaps and the rest (native), then once more
 * after a full GC at the end (bench/harness/thread-heaps.ts). `--small-overrides='{...}'`: JSON
 * WorkerOptions for the small-cache worker only (e.g. {"reuseV8Context":false}); `--small-env='{...}'`
 * its extra environment (e.g. {"MALLOC_ARENA_MAX":"2"}); `--baseline=false` skips the no-op series;
 * `--heap-snapshots` writes heap snapshots of the small-cache worker after the first round of touches
 * (or before the first touch) and after the last, and reports the largest constructors and their
 * growth (a snapshot adds a few hundred MiB of RSS: not for the RSS figures); `--label=x` writes capacity-x.*.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { numberList, parseArgs } from './harness/args';
import { parkPortIn, portInInput, startParked } from './harness/drivers';
import { machineInfo } from './harness/proc';
import {
  capacityFigures,
  countErrors,
  memoryParts,
  type MemoryParts,
  type Point,
  type Series,
} from './harness/capacity-figures';
import { compareSnapshots } from './harness/heap-snapshot';
import { RESULTS_DIR, writeReport, type BenchReport } from './harness/report';
import { main, withStack, type BenchStack } from './harness/stack';
import { now, pool, sleep, summarize } from './harness/stats';
import { lineChart } from './harness/svg';
import { getStatusQuery } from '../contracts/messages';

const args = parseArgs({
  sizes: '1000,5000,10000',
  smallCache: 100,
  concurrency: 50,
  maxMinutes: 45,
  settleMs: 5000,
  latencySamples: 200,
  touches: 0,
  touchStep: 0,
  smallOverrides: '',
  smallEnv: '',
  baseline: true,
  heapSnapshots: false,
  label: '',
});
const SIZES = numberList(args.sizes);
const MAX = Math.max(...SIZES);
const MiB = 2 ** 20;
const REPORT_NAME = args.label ? `capacity-${args.label}` : 'capacity';
const PORT_INS_PARKED = `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN'`;

async function cacheSize(stack: BenchStack): Promise<number> {
  return (await stack.worker.metrics()).counters.temporal_sticky_cache_size ?? 0;
}

async function point(stack: BenchStack, n: number, t0: number, parts = false): Promise<Point> {
  await sleep(args.settleMs);
  return {
    n,
    rssMiB: stack.worker.rss() / MiB,
    serverRssMiB: stack.serverRss() / MiB,
    dbMiB: stack.server.dbBytes() / MiB,
    cached: await cacheSize(stack),
    seconds: (now() - t0) / 1000,
    ...(parts && { parts: await readParts(stack) }),
  };
}

async function readParts(stack: BenchStack, gc = false, label = gc ? ' (after GC)' : ''): Promise<MemoryParts> {
  const memory = await stack.worker.memory(gc);
  const parts = memoryParts(memory);
  const r = (x: number) => Math.round(x);
  // The main heap by space: which of them holds the pages when its size and its use part ways.
  const spaces = Object.entries(memory.main.spaces)
    .filter(([, s]) => s.size >= MiB)
    .map(([name, s]) => `${name.replace(/_space$/, '')} ${r(s.size / MiB)}/${r(s.used / MiB)}`)
    .join(', ');
  process.stderr.write(
    `[bench]   rss ${r(parts.rss)} MiB (anon ${r(parts.rssAnon)}): main heap ${r(parts.mainHeap)} (used ${r(parts.mainHeapUsed)}, external ${r(parts.external)}, malloced ${r(memory.main.malloced / MiB)}; ${spaces}), ` +
      `${parts.threads} workflow thread(s) ${r(parts.threadHeap)} (used ${r(parts.threadHeapUsed)}, contexts ${parts.nativeContexts}, detached ${parts.detachedContexts}), rest ${r(parts.rest)}${label}\n`,
  );
  return parts;
}

/** Where the small-cache series reads memory: the first round's sizes, then every step, and the total. */
function touchPoints(parked: number, total: number, step: number): number[] {
  const at = new Set(SIZES.filter((s) => s < Math.min(parked, total)));
  for (let n = step; n < total; n += step) at.add(n);
  at.add(total);
  return [...at].sort((a, b) => a - b);
}

/** Parks workflows up to each size with a cache that holds them all; stops early at the time cap. */
async function fill(stack: BenchStack, kind: 'noop-park' | 'port-in', deadline: number): Promise<Series> {
  const worker = await stack.restartWorker(MAX + 100);
  await sleep(args.settleMs);
  const series: Series = {
    name: `${kind}, cache ${MAX + 100}`,
    role: kind,
    cache: MAX + 100,
    baseRssMiB: worker.rss() / MiB,
    points: [],
    errors: 0,
  };
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const t0 = now();
  let parked = 0;
  for (const size of SIZES) {
    process.stderr.write(`[bench] ${kind}: parking up to ${size}\n`);
    const from = parked;
    const { errors, results } = await pool(size - from, args.concurrency, async (i) => {
      if (Date.now() > deadline || !Number.isFinite(stack.worker.rss())) return false;
      if (kind === 'noop-park') await startParked(stack.client, tq, `park-${from + i}`);
      else await parkPortIn(stack.client, tq, stack.sim, portInInput(stack.sim));
      return true;
    });
    series.errors += errors.length;
    parked += results.filter(Boolean).length;
    const reached = await waitParked(stack, kind, parked);
    if (reached !== true) {
      series.note = `stopped at ${parked} ${kind} workflows: ${reached}`;
      break;
    }
    series.points.push(await point(stack, parked, t0));
    if (parked < size) {
      series.note = `stopped at ${parked} ${kind} workflows: the ${args.maxMinutes}-minute cap was reached`;
      break;
    }
  }
  return series;
}

/** Waits until `n` workflows are parked (port-ins at AWAITING_PIN, baselines in the cache); a reason if not. */
async function waitParked(stack: BenchStack, kind: 'noop-park' | 'port-in', n: number): Promise<true | string> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (!Number.isFinite(stack.worker.rss()))
      return 'the worker process died (see its log; an out-of-memory workflow thread is fatal)';
    const done =
      kind === 'port-in'
        ? (await stack.client.workflow.count(PORT_INS_PARKED)).count
        : await cacheSize(stack).catch(() => 0);
    if (done >= n) return true;
    if (Date.now() > deadline) return `only ${done} of ${n} parked after 10 minutes`;
    await sleep(500);
  }
}

/**
 * Small cache: a status query on each parked port-in replays it (`--touches`: round and round); RSS
 * and its parts read at each point, and after a full GC at the end.
 */
async function touch(
  stack: BenchStack,
  parked: number,
): Promise<{ series: Series; queryMs: number[]; snapshots?: string }> {
  const env: Record<string, string> = {
    BENCH_THREAD_HEAPS: '1',
    ...(args.smallEnv ? (JSON.parse(args.smallEnv) as Record<string, string>) : {}),
  };
  if (args.smallOverrides) env.BENCH_WORKER_OVERRIDES = args.smallOverrides;
  const worker = await stack.restartWorker(args.smallCache, env);
  await sleep(args.settleMs);
  const series: Series = {
    name: `port-in, cache ${args.smallCache}${args.smallOverrides ? ` ${args.smallOverrides}` : ''}`,
    role: 'small',
    cache: args.smallCache,
    baseRssMiB: worker.rss() / MiB,
    baseParts: await readParts(stack),
    points: [],
    errors: 0,
  };
  const ids: string[] = [];
  for await (const wf of stack.client.workflow.list({ query: PORT_INS_PARKED })) ids.push(wf.workflowId);
  const snapDir = path.join(stack.server.dir, 'heap');
  const total = args.touches || parked;
  // The first snapshot once every parked port-in has been touched (the cache and the heaps warm), so
  // that what grows between the two is what more touches keep; before any touch if there is one round.
  let before: string[] | undefined;
  const firstSnapshot = async (tag: string) => {
    if (!args.heapSnapshots || before) return;
    mkdirSync(snapDir, { recursive: true });
    before = await worker.snapshot(snapDir, tag);
  };
  if (total <= ids.length) await firstSnapshot('start');
  const queryMs: number[] = [];
  const t0 = now();
  let done = 0;
  for (const size of touchPoints(ids.length, total, args.touchStep || ids.length)) {
    process.stderr.write(`[bench] small cache: touches up to ${size} (of ${ids.length} parked port-ins)\n`);
    const from = done;
    // The first queries one at a time (their latency is the replay cost), the rest 8 at a time.
    const { errors } = await pool(size - from, queryMs.length < args.latencySamples ? 1 : 8, async (i) => {
      const t = now();
      await stack.client.workflow.getHandle(ids[(from + i) % ids.length] as string).query(getStatusQuery);
      if (queryMs.length < args.latencySamples) queryMs.push(now() - t);
    });
    series.errors += errors.length;
    done = size;
    series.points.push(await point(stack, done, t0, true));
    // A run stopped from outside (a long one, on a shared machine) still leaves the points it read.
    mkdirSync(path.join(RESULTS_DIR, 'raw'), { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'raw', `${REPORT_NAME}-partial.json`), JSON.stringify(series));
    if (done >= ids.length && done < total) await firstSnapshot(`after-${done}`);
  }
  series.afterGc = await readParts(stack, true);
  // V8 hands freed pages back from a background thread: the RSS a little later says what it kept.
  await sleep(15_000);
  await readParts(stack, false, ' (15 s after GC)');
  if (!args.heapSnapshots) return { series, queryMs };
  const after = await worker.snapshot(snapDir, 'end');
  return { series, queryMs, snapshots: compareSnapshots(before ?? [], after) };
}

main(async () => {
  const report: BenchReport = {
    name: REPORT_NAME,
    title: 'Idle capacity: worker memory against open migrations',
    command: `npm run bench:capacity -- ${process.argv.slice(2).join(' ') || `--sizes=${args.sizes}`}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const series: Series[] = [];
  let queryMs: number[] = [];
  let serverErrors: string[] = [];
  await withStack({ noWorker: true }, async (stack) => {
    report.server = stack.server.info;
    report.worker = {
      maxCachedWorkflows: `${MAX + 100}, then ${args.smallCache}`,
      process: 'bench/worker-process.ts, restarted per series',
    };
    const deadline = Date.now() + args.maxMinutes * 60_000;
    if (args.baseline) series.push(await fill(stack, 'noop-park', deadline));
    const portIns = await fill(stack, 'port-in', deadline);
    series.push(portIns);
    const touched = await touch(stack, portIns.points.at(-1)?.n ?? 0);
    series.push(touched.series);
    queryMs = touched.queryMs;
    if (touched.snapshots) report.notes.push(touched.snapshots);
    serverErrors = stack.server.errorSummary();
    report.notes.push(`Worker warnings/errors at the end: ${JSON.stringify((await stack.worker.health()).logged)}`);
  });
  report.figures = capacityFigures(series, summarize(queryMs), countErrors(serverErrors), args.smallCache);
  if (serverErrors.length) report.notes.push(`Server log errors: ${serverErrors.join('; ')}`);
  for (const s of series) if (s.note) report.notes.push(s.note);
  report.data = { series, query: summarize(queryMs) };
  const parked = series.find((s) => s.role === 'port-in')?.points.at(-1)?.n ?? 0;
  const memory = lineChart({
    title: 'Worker RSS against parked workflows',
    xLabel: 'parked (or touched) workflows',
    yLabel: 'worker RSS (MiB)',
    series: series.map((s) => ({
      name: s.name,
      points: [
        [0, s.baseRssMiB] as [number, number],
        ...s.points.filter((p) => s.role !== 'small' || p.n <= parked).map((p) => [p.n, p.rssMiB] as [number, number]),
      ],
    })),
  });
  const small = series.find((s) => s.role === 'small');
  const svgs: Record<string, string> = { memory };
  if (small?.baseParts && small.points.length && small.points.every((p) => p.parts)) {
    const line = (name: string, f: (m: MemoryParts) => number) => ({
      name,
      points: [
        [0, f(small.baseParts as MemoryParts)] as [number, number],
        ...small.points.map((p) => [p.n, f(p.parts as MemoryParts)] as [number, number]),
      ],
    });
    svgs.progress = lineChart({
      title: `Cache ${args.smallCache}: worker memory by part against touches of ${parked} parked port-ins`,
      xLabel: 'touches (status queries that replay a port-in)',
      yLabel: 'MiB',
      yMin: 0,
      series: [
        line('RSS', (m) => m.rss),
        line('rest (native: RSS less both heaps)', (m) => m.rest),
        line("workflow threads' V8 heaps", (m) => m.threadHeap),
        line('main V8 heap', (m) => m.mainHeap),
      ],
    });
  }
  writeReport(report, svgs, { queryMs });
});
