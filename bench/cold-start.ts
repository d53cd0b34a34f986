/**
 * Worker cold start (`npm run bench:coldstart`): `node --import tsx workers/main.ts` spawned with
 * WORKFLOW_BUNDLE_PATH set to a prebuilt bundle, then without it (webpack at start), timed from
 * spawn until its health endpoint (WORKER_HEALTH_PORT) answers 200, i.e. the worker is RUNNING and
 * polling; against the floor of starting Node with tsx at all, with a breakdown of the steps.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { parseArgs } from './harness/args';
import { machineInfo, rssBytes } from './harness/proc';
import { benchBundle } from './harness/bundle';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { freePort } from './harness/server';
import { main, withStack, type BenchStack } from './harness/stack';
import { now, round, sleep, summarize } from './harness/stats';
import { stopManaged } from './harness/worker';
import { spawnManaged } from '../scripts/stack/processes';
import { childEnv } from '../temporal.config';
import { WORKFLOWS_PATH } from '../workers/bundle-options';

const args = parseArgs({ runs: 5, liveRuns: 3 });
const ROOT = path.resolve(__dirname, '..');
const MiB = 2 ** 20;
const STEPS = ['entry', 'sdkLoaded', 'appLoaded', 'connected', 'workerCreated', 'running'] as const;

interface Start {
  ms: number;
  rssMiB: number;
}

/** The environment workers/main.ts gets: our server and simulator, a free health port, a bundle or none. */
async function workerEnv(stack: BenchStack, bundlePath: string, run: number): Promise<NodeJS.ProcessEnv> {
  return childEnv({
    TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `cold-${run}`,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    WORKER_HEALTH_PORT: await freePort(),
    PAYLOAD_ENCRYPTION_KEYS: stack.config.PAYLOAD_ENCRYPTION_KEYS,
    D360_PARTNER_API_URL: stack.config.D360_PARTNER_API_URL,
    META_GRAPH_URL: stack.config.META_GRAPH_URL,
    SUPPORT_DESK_URL: stack.config.SUPPORT_DESK_URL,
    LOG_LEVEL: 'warn',
  });
}

/** Spawns the production worker entry and times it until its health endpoint says RUNNING. */
async function coldStart(stack: BenchStack, bundlePath: string, run: number): Promise<Start> {
  const env = await workerEnv(stack, bundlePath, run);
  const url = `http://127.0.0.1:${env.WORKER_HEALTH_PORT}/`;
  const logFile = path.join(stack.server.dir, `cold-${run}.log`);
  const t0 = now();
  const worker = spawnManaged(`cold-${run}`, process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], { env, logFile });
  let exited = false;
  void worker.exited.then(() => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`worker exited before it was ready (see ${logFile})`);
      if (await fetch(url, { signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false)) break;
      if (now() - t0 > 120_000) throw new Error('worker not ready after 120 s');
      await sleep(10);
    }
    const ms = now() - t0;
    await sleep(2000);
    return { ms, rssMiB: rssBytes(worker.child.pid) / MiB };
  } finally {
    await stopManaged(worker);
  }
}

/** Runs a script with `node --import tsx` and returns its stdout (rejects with its stderr on a non-zero exit). */
function runTsx(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let [out, err] = ['', ''];
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: exit ${code}\n${err}`))));
  });
}

/** Median time of each step, from inside the process (bench/cold-start-probe.ts), production or SDK baseline. */
async function breakdown(stack: BenchStack, mode: 'production' | 'baseline', bundlePath: string): Promise<Record<string, number>> {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < args.runs; i++) {
    const env = { ...(await workerEnv(stack, bundlePath, 200 + i)), BENCH_BASELINE_BUNDLE: bundlePath };
    runs.push(JSON.parse(await runTsx([path.join(__dirname, 'cold-start-probe.ts'), mode], env)) as Record<string, number>);
  }
  const steps: Record<string, number> = {};
  STEPS.forEach((s, i) => (steps[s] = summarize(runs.map((r) => (r[s] ?? NaN) - (i ? (r[STEPS[i - 1] as string] ?? NaN) : 0))).p50));
  return steps;
}

/** Cumulative ms at each step, from the step durations. */
const total = (steps: Record<string, number>) => STEPS.reduce((sum, s) => sum + (steps[s] ?? 0), 0);

function figures(floorMs: number[], prebuilt: Start[], live: Start[], bundleMs: number, prod: Record<string, number>, base: Record<string, number>): Figure[] {
  const [p, l, floor] = [summarize(prebuilt.map((s) => s.ms)), summarize(live.map((s) => s.ms)), summarize(floorMs)];
  const rss = summarize(prebuilt.map((s) => s.rssMiB));
  return [
    fig('prebuilt bundle: spawn to first poll, median', p.p50, 'ms', { baseline: { name: 'node+tsx floor', value: floor.p50 }, target: '<= 2000 ms', met: p.p50 <= 2000 }),
    fig('prebuilt bundle: spawn to first poll, worst run', p.max, 'ms', { target: '<= 2000 ms', met: p.max <= 2000 }),
    fig('process start to RUNNING, measured inside (median)', total(prod), 'ms', { baseline: { name: 'SDK-only worker, baselines bundle', value: total(base) } }),
    fig('live bundle (webpack at start): spawn to first poll, median', l.p50, 'ms', { baseline: { name: 'prebuilt', value: p.p50 } }),
    fig('building the bundle once (as npm run build:workflow)', bundleMs, 'ms'),
    fig('idle worker RSS 2 s after ready (prebuilt)', rss.p50, 'MiB', { target: '<= 300 MB', met: rss.p50 <= 300 }),
  ];
}

const describeSteps = (s: Record<string, number>) =>
  `Node + tsx boot ${round(s.entry ?? NaN, 0)}, loading @temporalio/worker ${round(s.sdkLoaded ?? NaN, 0)}, loading our modules ` +
  `(tsx transpiles them) ${round(s.appLoaded ?? NaN, 0)}, connecting ${round(s.connected ?? NaN, 0)}, Worker.create (workflow ` +
  `thread + bundle) ${round(s.workerCreated ?? NaN, 0)}, run() ${round(s.running ?? NaN, 0)}`;

main(async () => {
  const report: BenchReport = {
    name: 'cold-start',
    title: 'Worker cold start: prebuilt bundle against webpack at start',
    command: `npm run bench:coldstart -- --runs=${args.runs} --live-runs=${args.liveRuns}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  await withStack({ noWorker: true }, async (stack) => {
    report.server = stack.server.info;
    report.worker = { maxCachedWorkflows: 'SDK default', process: 'workers/main.ts, spawned with node --import tsx' };
    const bundlePath = path.join(stack.server.dir, 'workflow-bundle.js');
    const t = now();
    writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code);
    const bundleMs = now() - t;
    const floor: number[] = [];
    for (let i = 0; i < args.runs; i++) {
      const t1 = now();
      await runTsx(['-e', '0']);
      floor.push(now() - t1);
    }
    const prebuilt: Start[] = [];
    for (let i = 0; i < args.runs; i++) prebuilt.push(await coldStart(stack, bundlePath, i));
    const live: Start[] = [];
    for (let i = 0; i < args.liveRuns; i++) live.push(await coldStart(stack, '', 100 + i));
    const prod = await breakdown(stack, 'production', bundlePath);
    const base = await breakdown(stack, 'baseline', (await benchBundle('baselines')).path);
    report.figures = figures(floor, prebuilt, live, bundleMs, prod, base);
    report.data = { floorMs: floor, prebuilt, live, stepsMs: { production: prod, baseline: base } };
    report.notes.push(
      `Where the prebuilt start goes (median of ${args.runs}, ms): ${describeSteps(prod)}.`,
      `The SDK-only baseline worker (no adapters, zod, pino; the baselines' bundle): ${describeSteps(base)}.`,
      'Ready = the health endpoint of workers/main.ts answers 200, which it does once Worker.getState() is RUNNING, i.e. right when run() starts its pollers.',
    );
  });
  writeReport(report);
});
