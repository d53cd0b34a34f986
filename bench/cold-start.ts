/**
 * Worker cold start (`npm run bench:coldstart`): the production worker (`npm run build`, then
 * `node lib/workers/main.js` with WORKFLOW_BUNDLE_PATH set to the prebuilt bundle), the same from
 * source (`node --import tsx workers/main.ts`), and from source without a bundle (webpack at start),
 * each timed from spawn until its health endpoint (WORKER_HEALTH_PORT) answers 200, i.e. the worker
 * is RUNNING and polling; against the floor of starting Node at all, with a breakdown of the steps.
 */
import { spawn, spawnSync } from 'node:child_process';
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
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../workers/bundle-options';

const args = parseArgs({ runs: 5, liveRuns: 3 });
const ROOT = path.resolve(__dirname, '..');
const MiB = 2 ** 20;
const STEPS = ['entry', 'sdkLoaded', 'appLoaded', 'connected', 'workerCreated', 'running'] as const;

interface Start {
  ms: number;
  rssMiB: number;
}

/** How the worker is started: compiled JS on plain Node (production) or TypeScript through tsx. */
type Entry = 'compiled' | 'source';
const ENTRY_ARGS: Record<Entry, string[]> = {
  compiled: [path.join(ROOT, 'lib/workers/main.js')],
  source: ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')],
};

/** The environment workers/main.ts gets: our server and simulator, a free health port, a bundle or none. */
async function workerEnv(stack: BenchStack, bundlePath: string, run: number): Promise<NodeJS.ProcessEnv> {
  return childEnv({
    TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `cold-${run}`,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    WORKER_HEALTH_PORT: await freePort(),
    WORKER_METRICS_PORT: '0',
    PAYLOAD_ENCRYPTION_KEYS: stack.config.PAYLOAD_ENCRYPTION_KEYS,
    D360_PARTNER_API_URL: stack.config.D360_PARTNER_API_URL,
    META_GRAPH_URL: stack.config.META_GRAPH_URL,
    SUPPORT_DESK_URL: stack.config.SUPPORT_DESK_URL,
    LOG_LEVEL: 'warn',
    ALLOW_DEV_SECRETS: 'true', // a local cluster: the simulator's dev credentials are fine
  });
}

/** Spawns the worker entry and times it until its health endpoint says RUNNING. */
async function coldStart(stack: BenchStack, entry: Entry, bundlePath: string, run: number): Promise<Start> {
  const env = await workerEnv(stack, bundlePath, run);
  const url = `http://127.0.0.1:${env.WORKER_HEALTH_PORT}/`;
  const logFile = path.join(stack.server.dir, `cold-${run}.log`);
  const t0 = now();
  const worker = spawnManaged(`cold-${run}`, process.execPath, ENTRY_ARGS[entry], { env, logFile });
  let exited = false;
  void worker.exited.then(() => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`worker exited before it was ready (see ${logFile})`);
      if (
        await fetch(url, { signal: AbortSignal.timeout(500) }).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
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

/** Runs Node (with tsx unless `plain`) and returns its stdout (rejects with its stderr on a non-zero exit). */
function runNode(args: string[], env?: NodeJS.ProcessEnv, plain = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(plain ? [] : ['--import', 'tsx']), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [out, err] = ['', ''];
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: exit ${code}\n${err}`)),
    );
  });
}

/** Median time of each step, from inside the process (bench/cold-start-probe.ts), production or SDK baseline. */
async function breakdown(
  stack: BenchStack,
  mode: 'production' | 'baseline',
  bundlePath: string,
): Promise<Record<string, number>> {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < args.runs; i++) {
    const env = { ...(await workerEnv(stack, bundlePath, 200 + i)), BENCH_BASELINE_BUNDLE: bundlePath };
    runs.push(
      JSON.parse(await runNode([path.join(__dirname, 'cold-start-probe.ts'), mode], env)) as Record<string, number>,
    );
  }
  const steps: Record<string, number> = {};
  STEPS.forEach(
    (s, i) => (steps[s] = summarize(runs.map((r) => (r[s] ?? NaN) - (i ? (r[STEPS[i - 1] as string] ?? NaN) : 0))).p50),
  );
  return steps;
}

/** Cumulative ms at each step, from the step durations. */
const total = (steps: Record<string, number>) => STEPS.reduce((sum, s) => sum + (steps[s] ?? 0), 0);

interface Runs {
  floor: { node: number[]; tsx: number[] };
  compiled: Start[];
  source: Start[];
  live: Start[];
  compileMs: number;
  bundleMs: number;
}

function figures(r: Runs, prod: Record<string, number>, base: Record<string, number>): Figure[] {
  const [c, s, l] = [
    summarize(r.compiled.map((x) => x.ms)),
    summarize(r.source.map((x) => x.ms)),
    summarize(r.live.map((x) => x.ms)),
  ];
  const [node, tsx] = [summarize(r.floor.node), summarize(r.floor.tsx)];
  const rss = summarize(r.compiled.map((x) => x.rssMiB));
  return [
    fig('production worker (compiled, prebuilt bundle): spawn to first poll, median', c.p50, 'ms', {
      baseline: { name: 'node floor', value: node.p50 },
      target: '<= 2000 ms',
      met: c.p50 <= 2000,
    }),
    fig('production worker (compiled, prebuilt bundle): spawn to first poll, worst run', c.max, 'ms', {
      target: '<= 2000 ms',
      met: c.max <= 2000,
    }),
    fig('from source with tsx (npm run worker), prebuilt bundle: median', s.p50, 'ms', {
      baseline: { name: 'compiled', value: c.p50 },
    }),
    fig('starting Node with tsx at all (node --import tsx -e 0)', tsx.p50, 'ms', {
      baseline: { name: 'node floor', value: node.p50 },
    }),
    fig('process start to RUNNING, measured inside, from source (median)', total(prod), 'ms', {
      baseline: { name: 'SDK-only worker, baselines bundle', value: total(base) },
    }),
    fig('from source, no bundle (webpack at start): median', l.p50, 'ms', {
      baseline: { name: 'from source, prebuilt', value: s.p50 },
    }),
    fig('compiling the runtime once (tsc, part of npm run build)', r.compileMs, 'ms'),
    fig('building the bundle once (part of npm run build)', r.bundleMs, 'ms'),
    fig('idle worker RSS 2 s after ready (production worker)', rss.p50, 'MiB', {
      target: '<= 300 MB',
      met: rss.p50 <= 300,
    }),
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
    report.worker = {
      maxCachedWorkflows: 'SDK default',
      process: 'lib/workers/main.js on plain Node (production); workers/main.ts with tsx (source)',
    };
    let t = now();
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
    const compileMs = now() - t;
    const bundlePath = path.join(stack.server.dir, 'workflow-bundle.js');
    t = now();
    writeFileSync(
      bundlePath,
      (
        await bundleWorkflowCode({
          workflowsPath: WORKFLOWS_PATH,
          workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
          logger: new DefaultLogger('WARN'),
        })
      ).code,
    );
    const bundleMs = now() - t;
    const floor = { node: [] as number[], tsx: [] as number[] };
    for (let i = 0; i < args.runs; i++) {
      let t1 = now();
      await runNode(['-e', '0'], undefined, true);
      floor.node.push(now() - t1);
      t1 = now();
      await runNode(['-e', '0']);
      floor.tsx.push(now() - t1);
    }
    const runs: Runs = { floor, compiled: [], source: [], live: [], compileMs, bundleMs };
    // Interleaved, so a slow spell of the shared machine hits both ways of starting alike.
    for (let i = 0; i < args.runs; i++) {
      runs.compiled.push(await coldStart(stack, 'compiled', bundlePath, i));
      runs.source.push(await coldStart(stack, 'source', bundlePath, 50 + i));
    }
    for (let i = 0; i < args.liveRuns; i++) runs.live.push(await coldStart(stack, 'source', '', 100 + i));
    const prod = await breakdown(stack, 'production', bundlePath);
    const base = await breakdown(stack, 'baseline', (await benchBundle('baselines')).path);
    report.figures = figures(runs, prod, base);
    report.data = { ...runs, stepsMs: { production: prod, baseline: base } };
    report.notes.push(
      `Where a start from source goes (median of ${args.runs}, ms): ${describeSteps(prod)}.`,
      `The SDK-only baseline worker (no adapters, zod, pino; the baselines' bundle): ${describeSteps(base)}.`,
      'The production worker skips the tsx boot and the transpiling of our modules: that is the difference between the first and third figure.',
      'Ready = the health endpoint of the worker answers 200, which it does once Worker.getState() is RUNNING, i.e. right when run() starts its pollers.',
    );
  });
  writeReport(report);
});
