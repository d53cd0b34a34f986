/**
 * Worker cold start (`npm run bench:coldstart`): `node --import tsx workers/main.ts` spawned with
 * WORKFLOW_BUNDLE_PATH set to a prebuilt bundle, then without it (webpack at start), timed from
 * spawn until its health endpoint (WORKER_HEALTH_PORT) answers 200, i.e. the worker is RUNNING and
 * polling; against the floor of starting Node with tsx at all.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from './harness/args';
import { machineInfo, rssBytes } from './harness/proc';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { freePort } from './harness/server';
import { main, withStack, type BenchStack } from './harness/stack';
import { now, sleep, summarize, type Summary } from './harness/stats';
import { stopManaged } from './harness/worker';
import { spawnManaged } from '../scripts/stack/processes';
import { childEnv } from '../temporal.config';
import { buildWorkflowBundle } from '../workers/build-workflow-bundle';

const args = parseArgs({ runs: 5, liveRuns: 3 });
const ROOT = path.resolve(__dirname, '..');
const MiB = 2 ** 20;

interface Start {
  ms: number;
  rssMiB: number;
}

/** Spawns the production worker entry and times it until its health endpoint says RUNNING. */
async function coldStart(stack: BenchStack, bundlePath: string, run: number): Promise<Start> {
  const port = await freePort();
  const env = childEnv({
    TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `cold-${run}`,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    WORKER_HEALTH_PORT: port,
    PAYLOAD_ENCRYPTION_KEYS: stack.config.PAYLOAD_ENCRYPTION_KEYS,
    D360_PARTNER_API_URL: stack.config.D360_PARTNER_API_URL,
    META_GRAPH_URL: stack.config.META_GRAPH_URL,
    SUPPORT_DESK_URL: stack.config.SUPPORT_DESK_URL,
    LOG_LEVEL: 'warn',
  });
  const t0 = now();
  const worker = spawnManaged(`cold-${run}`, process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
    env,
    logFile: path.join(stack.server.dir, `cold-${run}.log`),
  });
  let exited = false;
  void worker.exited.then(() => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`worker exited before it was ready (see ${stack.server.dir}/cold-${run}.log)`);
      const ok = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false);
      if (ok) break;
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

/** The floor: Node with the tsx loader, doing nothing. */
async function nodeFloor(): Promise<number> {
  const t0 = now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
  return now() - t0;
}

function figures(floor: Summary, prebuilt: Start[], live: Start[], bundleMs: number): Figure[] {
  const p = summarize(prebuilt.map((s) => s.ms));
  const l = summarize(live.map((s) => s.ms));
  const rss = summarize(prebuilt.map((s) => s.rssMiB));
  return [
    fig('prebuilt bundle: spawn to first poll, median', p.p50, 'ms', { baseline: { name: 'node+tsx floor', value: floor.p50 }, target: '<= 2000 ms', met: p.p50 <= 2000 }),
    fig('prebuilt bundle: spawn to first poll, worst run', p.max, 'ms', { target: '<= 2000 ms', met: p.max <= 2000 }),
    fig('live bundle (webpack at start): spawn to first poll, median', l.p50, 'ms', { baseline: { name: 'prebuilt', value: p.p50 } }),
    fig('building the bundle (npm run build:workflow)', bundleMs, 'ms'),
    fig('idle worker RSS 2 s after ready (prebuilt)', rss.p50, 'MiB', { target: '<= 300 MB', met: rss.p50 <= 300 }),
  ];
}

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
    await buildWorkflowBundle(bundlePath);
    const bundleMs = now() - t;
    const floor: number[] = [];
    for (let i = 0; i < args.runs; i++) floor.push(await nodeFloor());
    const prebuilt: Start[] = [];
    for (let i = 0; i < args.runs; i++) prebuilt.push(await coldStart(stack, bundlePath, i));
    const live: Start[] = [];
    for (let i = 0; i < args.liveRuns; i++) live.push(await coldStart(stack, '', 100 + i));
    report.figures = figures(summarize(floor), prebuilt, live, bundleMs);
    report.data = { floorMs: floor, prebuilt, live };
    report.notes.push(
      'Ready = the health endpoint of workers/main.ts answers 200, which it does once Worker.getState() is RUNNING, i.e. right when run() starts its pollers.',
    );
  });
  writeReport(report);
});
