/**
 * Dev server and cluster side by side in one run (`npm run bench:cluster`, issue 17): the same
 * harness (simulator, bench worker process, client) first against its own dev server (SQLite, one
 * process), then against a fresh cluster of scripts/cluster (PostgreSQL, four service processes)
 * on its own ports and data folder. Per server: closed-loop port-ins per second (one worker; on the
 * cluster also two worker processes), the wrong-PIN round trip against a bare update on a parked
 * baseline, history events and bytes per port-in, billable actions per port-in, server CPU seconds
 * (all server processes: the dev server; the cluster's four services + PostgreSQL) and database
 * growth per completed port-in. Every cluster figure has the dev server's as its baseline.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { startCluster, type ClusterHandle } from '../scripts/cluster/cluster';
import { cachedServerBinaries, serverCacheDir, TEMPORAL_SERVER_VERSION } from '../scripts/cluster/binaries';
import { PG_PASSWORD, PG_USER, postgresBinDir } from '../scripts/cluster/postgres';
import { BinaryUnavailableError } from '../scripts/temporal-binaries';
import type { Managed } from '../scripts/stack/processes';
import { clientInterceptors } from '../temporal/closed-channel';
import { parseArgs } from './harness/args';
import { closedLoop, type LoopResult } from './harness/closed-loop';
import {
  completePortIn,
  parkPortIn,
  portInInput,
  startParked,
  submitPin,
  waitForCount,
  wrongPin,
  type PortInHandle,
} from './harness/drivers';
import { billableActions, meanHistory, type HistoryFigures } from './harness/history';
import { scrapeMetrics } from './harness/metrics';
import { snapshot, windowStats, type Snapshot, type WindowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { benchConfig, summarizeErrors, type BenchServer } from './harness/server';
import { main, withStack, type BenchStack } from './harness/stack';
import { now, round, sleep, summarize, type Summary } from './harness/stats';
import { startBenchWorker, type BenchWorker } from './harness/worker';
import { pingUpdate } from './workflows/baselines';

const args = parseArgs({
  clients: 40,
  warmup: 20,
  duration: 60,
  samples: 100,
  pinWarmup: 10,
  targets: 3,
  gapMs: 20,
  histories: 5,
  frontendPort: 17333,
  postgresPort: 15544,
  shards: 4,
});

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** The patient phone of bench/pin-latency.ts: wrong codes never run out, the code stays valid. */
const PATIENT_PHONE = { maxWrongCodes: 1_000_000_000, codeValidityMs: 24 * 3600_000 };

interface ServerProbe {
  /** CPU seconds (user + system) of every process of the server, children included. */
  cpu(): number;
  /** Bytes the server's database takes now. */
  dbBytes(): number;
  pids(): number[];
}

interface LoadRun {
  label: string;
  workers: number;
  loop: LoopResult;
  window: WindowStats;
  history: HistoryFigures;
  billable: { total: number; byType: Record<string, number> };
  serverCpuS: number;
  workerCpuS: number;
  dbGrowthBytes: number;
}

interface PinRun {
  pin: Summary;
  ping: Summary;
  errors: string[];
}

interface ServerRun {
  name: 'dev' | 'cluster';
  version: string;
  loads: LoadRun[];
  pin?: PinRun;
  logErrors: string[];
  startMs: number;
}

// ---------------------------------------------------------------- /proc: the server's processes

interface ProcStat {
  ppid: number;
  cpu: number;
  childCpu: number;
  cmdline: string;
}

function readProcs(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(Number(name), {
        ppid: Number(f[1]),
        cpu: (Number(f[11]) + Number(f[12])) / 100,
        childCpu: (Number(f[13]) + Number(f[14])) / 100,
        cmdline,
      });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** The processes whose command line mentions `marker`, or are `roots`, and all their descendants. */
function processTree(procs: Map<number, ProcStat>, roots: number[], marker?: string): number[] {
  const set = new Set<number>(roots.filter((p) => procs.has(p)));
  if (marker) for (const [pid, p] of procs) if (p.cmdline.includes(marker)) set.add(pid);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!set.has(pid) && set.has(p.ppid)) {
        set.add(pid);
        grew = true;
      }
  }
  return [...set];
}

/**
 * CPU of a process tree: its live members' own time plus what they reaped from children that
 * ended (PostgreSQL backends, the CLI's children).
 */
function treeCpu(roots: () => number[], marker?: string): { cpu(): number; pids(): number[] } {
  const pids = () => processTree(readProcs(), roots(), marker);
  return {
    pids,
    cpu: () => {
      const procs = readProcs();
      return processTree(procs, roots(), marker).reduce((s, pid) => {
        const p = procs.get(pid);
        return s + (p ? p.cpu + p.childCpu : 0);
      }, 0);
    },
  };
}

// ---------------------------------------------------------------- the cluster as a BenchServer

function pgSizeBytes(port: number): number {
  const out = execFileSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      PG_USER,
      '-d',
      'temporal',
      '-Atc',
      "SELECT sum(pg_database_size(datname)) FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility')",
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: PG_PASSWORD } },
  );
  return Number(out.trim());
}

function clusterLogErrors(logDir: string): string[] {
  const lines: string[] = [];
  for (const f of readdirSync(logDir)) {
    if (f === 'postgres.log' || f === 'schema.log') continue;
    try {
      for (const l of readFileSync(path.join(logDir, f), 'utf8').split('\n'))
        if (/"level":"error"/.test(l)) {
          const msg = /"msg":"([^"]*)"/.exec(l)?.[1] ?? l.slice(0, 80);
          const error = /"error":"([^"]{0,120})/.exec(l)?.[1] ?? '';
          lines.push(`msg="${msg}" error="${error}"`);
        }
    } catch {
      // Unreadable: skip.
    }
  }
  return lines;
}

/** What the stack needs of a server, for the cluster: its frontend, history's metrics, its logs. */
async function clusterServer(cluster: ClusterHandle, dataDir: string): Promise<BenchServer> {
  const dir = path.join(dataDir, 'bench');
  mkdirSync(dir, { recursive: true });
  const connection = await Connection.connect({ address: cluster.address, interceptors: clientInterceptors() });
  const sys = await connection.workflowService.getSystemInfo({}).finally(() => void connection.close());
  const logErrors = () => clusterLogErrors(cluster.logDir);
  const historyPid = readProcs();
  const history = [...historyPid].find(([, p]) => p.cmdline.includes(cluster.dir) && / history\b/.test(p.cmdline));
  return {
    managed: undefined as unknown as Managed,
    pid: history?.[0],
    dir,
    config: benchConfig({ TEMPORAL_ADDRESS: cluster.address, DATA_DIR: dir }),
    info: {
      cli: 'temporal-server (scripts/cluster: frontend, history, matching, worker + PostgreSQL)',
      cliVersion: TEMPORAL_SERVER_VERSION,
      serverVersion: sys.serverVersion ?? 'unknown',
      pragmas: [],
      dbFile: `PostgreSQL 127.0.0.1:${cluster.ports.postgres}`,
      address: cluster.address,
      metricsPort: cluster.ports.metrics.history,
    },
    dbBytes: () => pgSizeBytes(cluster.ports.postgres),
    metrics: () => scrapeMetrics(`http://127.0.0.1:${cluster.ports.metrics.history}/metrics`),
    logErrors,
    errorSummary: () => summarizeErrors(logErrors()),
  };
}

// ---------------------------------------------------------------- measurements

async function load(stack: BenchStack, probe: ServerProbe, label: string, workers: BenchWorker[]): Promise<LoadRun> {
  say(`${label}: ${args.clients} clients, ${args.warmup} s warm-up, ${args.duration} s window`);
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const workerCpu = () => workers.reduce((s, w) => s + w.cpu(), 0);
  let a: Snapshot | undefined;
  let b: Snapshot | undefined;
  const edge = { server: [0, 0], worker: [0, 0], db: [0, 0] };
  const loop = await closedLoop({
    clients: args.clients,
    warmupS: args.warmup,
    durationS: args.duration,
    iteration: async () => (await completePortIn(stack.client, tq, stack.sim, portInInput(stack.sim))).workflowId,
    onWindowStart: async () => {
      a = await snapshot(stack);
      edge.server[0] = probe.cpu();
      edge.worker[0] = workerCpu();
      edge.db[0] = probe.dbBytes();
    },
    onWindowEnd: async () => {
      b = await snapshot(stack);
      edge.server[1] = probe.cpu();
      edge.worker[1] = workerCpu();
      edge.db[1] = probe.dbBytes();
    },
  });
  const history = await meanHistory(stack.client, loop.ids, 10);
  const sample = loop.ids.slice(0, args.histories);
  const bills = await Promise.all(
    sample.map(async (id) => billableActions(await stack.client.workflow.getHandle(id).fetchHistory())),
  );
  const byType: Record<string, number> = {};
  for (const bill of bills)
    for (const [k, v] of Object.entries(bill.byType)) byType[k] = (byType[k] ?? 0) + v / bills.length;
  return {
    label,
    workers: workers.length,
    loop,
    window: windowStats(a as Snapshot, b as Snapshot),
    history,
    billable: { total: bills.reduce((s, x) => s + x.total, 0) / Math.max(bills.length, 1), byType },
    serverCpuS: (edge.server[1] ?? 0) - (edge.server[0] ?? 0),
    workerCpuS: (edge.worker[1] ?? 0) - (edge.worker[0] ?? 0),
    dbGrowthBytes: (edge.db[1] ?? 0) - (edge.db[0] ?? 0),
  };
}

/** bench/pin-latency.ts's idle phase, reduced to its two ends: the wrong PIN and the bare update. */
async function pinRoundTrip(stack: BenchStack): Promise<PinRun> {
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const targets: { handle: PortInHandle; code: string }[] = await Promise.all(
    Array.from({ length: args.targets }, async () => {
      const input = portInInput(stack.sim, { timings: { maxPinAttempts: 100_000 } });
      await stack.sim.setScenario(input.phone.e164, PATIENT_PHONE);
      return parkPortIn(stack.client, tq, stack.sim, input);
    }),
  );
  const stamp = Date.now();
  const parked = await Promise.all(
    Array.from({ length: args.targets }, (_, i) =>
      startParked(stack.client, tq, `park-${stamp}-${i}`).then((h) => h.workflowId),
    ),
  );
  // Visibility on the cluster lags (SQL visibility through the task queue): waited for, not timed.
  await waitForCount(
    stack.client,
    `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN' AND ExecutionStatus = 'Running'`,
    args.targets,
    120_000,
  );
  say(`PIN round trip: ${args.pinWarmup} warm-up and ${args.samples} measured of each, one at a time`);
  const out: PinRun = { pin: summarize([]), ping: summarize([]), errors: [] };
  const samples: { pin: number[]; ping: number[] } = { pin: [], ping: [] };
  for (let i = -args.pinWarmup; i < args.samples; i++) {
    const target = targets[(i + args.pinWarmup) % targets.length] as { handle: PortInHandle; code: string };
    const baseline = stack.client.workflow.getHandle(parked[(i + args.pinWarmup) % parked.length] as string);
    for (const kind of ['pin', 'ping'] as const) {
      const t = now();
      try {
        if (kind === 'ping') await baseline.executeUpdate(pingUpdate, { args: [{ n: i }] });
        else {
          const r = await submitPin(target.handle, wrongPin(target.code), 0);
          if (r.status !== 'wrong') throw new Error(`expected "wrong", got ${JSON.stringify(r)}`);
        }
        if (i >= 0) samples[kind].push(now() - t);
      } catch (err) {
        out.errors.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(args.gapMs);
    }
  }
  out.pin = summarize(samples.pin);
  out.ping = summarize(samples.ping);
  // Parked workflows would otherwise stay open in the server for the next phase.
  await Promise.all([
    ...targets.map((t) => t.handle.terminate('bench done').catch(() => undefined)),
    ...parked.map((id) =>
      stack.client.workflow
        .getHandle(id)
        .terminate('bench done')
        .catch(() => undefined),
    ),
  ]);
  return out;
}

async function onDevServer(): Promise<ServerRun> {
  const t = now();
  return withStack({}, async (stack) => {
    const startMs = now() - t;
    const srv = stack.server;
    const probe: ServerProbe = { ...treeCpu(() => [srv.pid ?? -1]), dbBytes: () => srv.dbBytes() };
    say(`dev server processes: ${probe.pids().join(', ')}`);
    const loads = [await load(stack, probe, 'dev server, 1 worker', [stack.worker])];
    const pin = await pinRoundTrip(stack);
    return { name: 'dev', version: srv.info.serverVersion, loads, pin, logErrors: srv.errorSummary(), startMs };
  });
}

async function onCluster(): Promise<ServerRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-bench-cluster-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user and must reach its folder
  const base = benchConfig({
    DATA_DIR: dataDir,
    CLUSTER_FRONTEND_PORT: args.frontendPort,
    CLUSTER_POSTGRES_PORT: args.postgresPort,
    CLUSTER_HISTORY_SHARDS: args.shards,
  });
  const t = now();
  const cluster = await startCluster(base, { say: (m) => say(`cluster: ${m}`), logLevel: 'warn' });
  const startMs = now() - t;
  say(`cluster up in ${round(startMs / 1000, 1)} s at ${cluster.address}`);
  try {
    const server = await clusterServer(cluster, dataDir);
    return await withStack({ existingServer: server }, async (stack) => {
      const probe: ServerProbe = {
        ...treeCpu(() => [], cluster.dir),
        dbBytes: () => server.dbBytes(),
      };
      say(`cluster processes: ${probe.pids().length} (4 services, PostgreSQL and its backends)`);
      const loads = [await load(stack, probe, 'cluster, 1 worker', [stack.worker])];
      const pin = await pinRoundTrip(stack);
      const second = await startBenchWorker(stack.config, {
        bundlePath: stack.bundlePath,
        logFile: path.join(server.dir, 'worker-second.log'),
      });
      try {
        loads.push(await load(stack, probe, 'cluster, 2 workers', [stack.worker, second]));
      } finally {
        await second.stop();
      }
      return {
        name: 'cluster',
        version: server.info.serverVersion,
        loads,
        pin,
        logErrors: server.errorSummary(),
        startMs,
      };
    });
  } finally {
    await cluster.stop();
    if (process.env.BENCH_KEEP === '1') say(`cluster files kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- figures

const perPortIn = (r: LoadRun) => ({
  rate: r.loop.perSecond,
  events: r.history.events,
  bytes: r.history.bytes,
  billable: r.billable.total,
  serverCpuS: r.serverCpuS / Math.max(r.loop.completed, 1),
  workerCpuS: r.workerCpuS / Math.max(r.loop.completed, 1),
  dbBytes: r.dbGrowthBytes / Math.max(r.loop.completed, 1),
  p50: summarize(r.loop.latencies).p50,
});

function figures(dev: ServerRun, cluster: ServerRun): Figure[] {
  const out: Figure[] = [];
  const d = dev.loads[0] as LoadRun;
  const dv = perPortIn(d);
  const vsDev = (metric: string, value: number, base: number, unit: string, more: Partial<Figure> = {}) =>
    out.push(fig(metric, value, unit, { baseline: { name: 'dev server', value: base }, ...more }));
  out.push(fig('dev server: completed port-ins per second (1 worker)', dv.rate, 'port-ins/s'));
  for (const c of cluster.loads) {
    const cv = perPortIn(c);
    vsDev(`${c.label}: completed port-ins per second`, cv.rate, dv.rate, 'port-ins/s');
    vsDev(`${c.label}: port-in latency p50 (closed loop)`, cv.p50, dv.p50, 'ms');
  }
  const [c1, c2] = cluster.loads as [LoadRun, LoadRun | undefined];
  if (c2)
    out.push(
      fig('cluster: 2 workers vs 1 worker, port-ins per second', c2.loop.perSecond, 'port-ins/s', {
        baseline: { name: 'cluster, 1 worker', value: c1.loop.perSecond },
      }),
    );
  const c = perPortIn(c1);
  vsDev('history events per port-in', c.events, dv.events, 'events');
  vsDev('history bytes per port-in', c.bytes, dv.bytes, 'B');
  vsDev('billable actions per port-in (from histories)', c.billable, dv.billable, 'actions');
  vsDev('server CPU per port-in (cluster: 4 services + PostgreSQL)', c.serverCpuS, dv.serverCpuS, 's');
  vsDev('worker CPU per port-in', c.workerCpuS, dv.workerCpuS, 's');
  vsDev('database growth per port-in (PostgreSQL vs SQLite file)', c.dbBytes, dv.dbBytes, 'B');
  if (dev.pin && cluster.pin) {
    const [dp, cp] = [dev.pin, cluster.pin];
    for (const [who, p] of [
      ['dev server', dp],
      ['cluster', cp],
    ] as const) {
      out.push(
        fig(`${who}: wrong-PIN round trip p50`, p.pin.p50, 'ms', {
          baseline: { name: 'bare update', value: p.ping.p50 },
        }),
        fig(`${who}: wrong-PIN round trip p95`, p.pin.p95, 'ms', {
          baseline: { name: 'bare update', value: p.ping.p95 },
        }),
      );
    }
    vsDev('cluster vs dev server: wrong-PIN round trip p50', cp.pin.p50, dp.pin.p50, 'ms');
    vsDev('cluster vs dev server: wrong-PIN round trip p95', cp.pin.p95, dp.pin.p95, 'ms');
    vsDev('cluster vs dev server: bare update p50', cp.ping.p50, dp.ping.p50, 'ms');
    vsDev('cluster vs dev server: bare update p95', cp.ping.p95, dp.ping.p95, 'ms');
  }
  const errors = [...dev.loads, ...cluster.loads].reduce((s, r) => s + r.loop.errors + r.window.wftFailures, 0);
  const pinErrors = (dev.pin?.errors.length ?? 0) + (cluster.pin?.errors.length ?? 0);
  out.push(
    fig('errors (port-ins, workflow-task failures, PIN calls)', errors + pinErrors, '', {
      target: '0',
      met: errors + pinErrors === 0,
    }),
  );
  return out;
}

function notes(dev: ServerRun, cluster: ServerRun, nproc: number): string[] {
  const n: string[] = [];
  for (const r of [...dev.loads, ...cluster.loads]) {
    const w = r.window;
    n.push(
      `${r.label}: ${r.loop.completed} port-ins completed in the ${r.loop.windowS} s window, ${r.loop.errors} errors; ` +
        `server ${round(r.serverCpuS / r.loop.windowS, 2)} cores, worker(s) ${round(r.workerCpuS / r.loop.windowS, 2)} cores, ` +
        `driver+simulator ${round(w.cores.bench, 2)} cores of ${nproc}; workflow-task schedule-to-start p50/p95 ` +
        `${w.wftScheduleToStartP50Ms}/${w.wftScheduleToStartP95Ms} ms (first worker's metrics); ` +
        `database ${round(r.dbGrowthBytes / 1024, 0)} KiB growth; billable actions by type (mean of ${args.histories}): ` +
        `${Object.entries(r.billable.byType)
          .map(([k, v]) => `${k} ${round(v, 1)}`)
          .join(', ')}` +
        (r.loop.firstErrors.length ? `; first errors: ${r.loop.firstErrors.join(' | ')}` : ''),
    );
  }
  n.push(
    `Start-up: dev server stack ${round(dev.startMs / 1000, 1)} s; cluster (fresh PostgreSQL, schema, 4 services, namespace) ` +
      `${round(cluster.startMs / 1000, 1)} s. Versions: dev server ${dev.version}, cluster ${cluster.version} with ${args.shards} history shards.`,
    'Server CPU: the dev server is one process; the cluster is the sum of its four services and PostgreSQL with its ' +
      'backends (from /proc, children reaped included). Both servers share 2 cores with the worker(s), the driver and the ' +
      'simulator, and with whatever else runs on the machine (see the load average).',
    'Database growth: SQLite file + WAL on the dev server; pg_database_size of temporal + temporal_visibility on the ' +
      'cluster (WAL files not included). Both grow in pages and extents, so small windows are coarse; the history bytes ' +
      'per port-in (DescribeWorkflowExecution historySize) are the exact figure.',
    `Server log errors: dev ${dev.logErrors.length ? dev.logErrors.join('; ') : 'none'}; cluster ${
      cluster.logErrors.length ? cluster.logErrors.slice(0, 5).join('; ') : 'none'
    }.`,
  );
  if (cluster.pin?.errors.length || dev.pin?.errors.length)
    n.push(`PIN errors: ${[...(dev.pin?.errors ?? []), ...(cluster.pin?.errors ?? [])].slice(0, 5).join(' | ')}`);
  return n;
}

/**
 * Fails at once, not after the dev-server phase, when the cluster cannot start here; never builds
 * the server (that takes minutes and would count as the cluster's start-up).
 */
function assertClusterPrerequisites(): void {
  const config = benchConfig({});
  if (!cachedServerBinaries(config))
    throw new BinaryUnavailableError(
      `the cluster's Temporal server ${TEMPORAL_SERVER_VERSION} is not built in ${serverCacheDir(config)}: ` +
        'run `npm run cluster:binaries` first (needs Go, ~5 min the first time)',
    );
  postgresBinDir(); // throws with the apt-get command when PostgreSQL is missing
}

main(async () => {
  assertClusterPrerequisites();
  const report: BenchReport = {
    name: 'cluster',
    title: 'Dev server and cluster side by side: throughput, PIN round trip, cost per port-in',
    command: `npm run bench:cluster -- --clients=${args.clients} --warmup=${args.warmup} --duration=${args.duration} --samples=${args.samples}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const t0 = now();
  const dev = await onDevServer();
  const cluster = await onCluster();
  report.worker = {
    process: 'bench/worker-process.ts (production createWorker, SDK defaults for slots and pollers), one per worker',
  };
  report.figures = figures(dev, cluster);
  report.notes = [...notes(dev, cluster, report.machine.nproc), `Whole run: ${round((now() - t0) / 60_000, 1)} min.`];
  const slim = (s: ServerRun) => ({
    ...s,
    loads: s.loads.map(({ loop, ...r }) => ({
      ...r,
      latency: summarize(loop.latencies),
      completed: loop.completed,
      errors: loop.errors,
      perSecond: loop.perSecond,
    })),
  });
  report.data = { dev: slim(dev), cluster: slim(cluster) };
  writeReport(
    report,
    {},
    {
      dev: dev.loads.map((r) => r.loop.latencies),
      cluster: cluster.loads.map((r) => r.loop.latencies),
    },
  );
});
