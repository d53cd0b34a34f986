/**
 * Idle capacity (`npm run bench:capacity`): park N = 1k, 5k, 10k workflows and read the worker
 * process's RSS at each step, for the parked baseline and for port-ins parked at AWAITING_PIN, with
 * a cache that holds them all; then restart the worker with a small cache and touch every parked
 * port-in once (a status query replays it into the cache and evicts another): RSS must stay flat.
 */
import { numberList, parseArgs } from './harness/args';
import { parkPortIn, portInInput, startParked } from './harness/drivers';
import { machineInfo } from './harness/proc';
import { capacityFigures, countErrors, type Point, type Series } from './harness/capacity-figures';
import { writeReport, type BenchReport } from './harness/report';
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
});
const SIZES = numberList(args.sizes);
const MAX = Math.max(...SIZES);
const MiB = 2 ** 20;
const PORT_INS_PARKED = `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN'`;

async function cacheSize(stack: BenchStack): Promise<number> {
  return (await stack.worker.metrics()).counters.temporal_sticky_cache_size ?? 0;
}

async function point(stack: BenchStack, n: number, t0: number): Promise<Point> {
  await sleep(args.settleMs);
  return {
    n,
    rssMiB: stack.worker.rss() / MiB,
    serverRssMiB: stack.serverRss() / MiB,
    dbMiB: stack.server.dbBytes() / MiB,
    cached: await cacheSize(stack),
    seconds: (now() - t0) / 1000,
  };
}

/** Parks workflows up to each size with a cache that holds them all; stops early at the time cap. */
async function fill(stack: BenchStack, kind: 'noop-park' | 'port-in', deadline: number): Promise<Series> {
  const worker = await stack.restartWorker(MAX + 100);
  await sleep(args.settleMs);
  const series: Series = {
    name: `${kind}, cache ${MAX + 100}`,
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

/** Small cache: a status query on each parked port-in replays it; RSS read at each size. */
async function touch(stack: BenchStack, total: number): Promise<{ series: Series; queryMs: number[] }> {
  const worker = await stack.restartWorker(args.smallCache);
  await sleep(args.settleMs);
  const series: Series = {
    name: `port-in, cache ${args.smallCache}`,
    cache: args.smallCache,
    baseRssMiB: worker.rss() / MiB,
    points: [],
    errors: 0,
  };
  const ids: string[] = [];
  for await (const wf of stack.client.workflow.list({ query: PORT_INS_PARKED })) ids.push(wf.workflowId);
  const queryMs: number[] = [];
  const t0 = now();
  let done = 0;
  for (const size of [...SIZES.filter((s) => s < total), total]) {
    process.stderr.write(`[bench] small cache: querying port-ins up to ${size}\n`);
    const slice = ids.slice(done, size);
    // The first queries one at a time (their latency is the replay cost), the rest 8 at a time.
    const { errors } = await pool(slice.length, queryMs.length < args.latencySamples ? 1 : 8, async (i) => {
      const t = now();
      await stack.client.workflow.getHandle(slice[i] as string).query(getStatusQuery);
      if (queryMs.length < args.latencySamples) queryMs.push(now() - t);
    });
    series.errors += errors.length;
    done += slice.length;
    series.points.push(await point(stack, done, t0));
  }
  return { series, queryMs };
}

main(async () => {
  const report: BenchReport = {
    name: 'capacity',
    title: 'Idle capacity: worker memory against open migrations',
    command: `npm run bench:capacity -- --sizes=${args.sizes} --small-cache=${args.smallCache} --max-minutes=${args.maxMinutes}`,
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
    series.push(await fill(stack, 'noop-park', deadline));
    const portIns = await fill(stack, 'port-in', deadline);
    series.push(portIns);
    const touched = await touch(stack, portIns.points.at(-1)?.n ?? 0);
    series.push(touched.series);
    queryMs = touched.queryMs;
    serverErrors = stack.server.errorSummary();
    report.notes.push(`Worker warnings/errors at the end: ${JSON.stringify((await stack.worker.health()).logged)}`);
  });
  report.figures = capacityFigures(series, queryMs, countErrors(serverErrors), args.smallCache);
  if (serverErrors.length) report.notes.push(`Server log errors: ${serverErrors.join('; ')}`);
  for (const s of series) if (s.note) report.notes.push(s.note);
  report.data = { series, query: summarize(queryMs) };
  const svg = lineChart({
    title: 'Worker RSS against parked workflows',
    xLabel: 'parked (or touched) workflows',
    yLabel: 'worker RSS (MiB)',
    series: series.map((s) => ({
      name: s.name,
      points: [[0, s.baseRssMiB] as [number, number], ...s.points.map((p) => [p.n, p.rssMiB] as [number, number])],
    })),
  });
  writeReport(report, { memory: svg }, { queryMs });
});
