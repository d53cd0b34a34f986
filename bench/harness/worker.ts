/** Starts and stops the benchmark worker process (bench/worker-process.ts) and reads its vitals. */
import path from 'node:path';
import { spawnManaged, waitUntil, type Managed } from '../../scripts/stack/processes';
import { childEnv, type Config } from '../../temporal.config';
import { scrapeMetrics, type Metrics } from './metrics';
import { cpuSeconds, rssBytes } from './proc';
import { freePort } from './server';
import type { WorkerMemory } from './thread-heaps';

export interface WorkerHealth {
  state: string;
  logged: { warn: number; error: number; last: string[] };
  /** The effective options (SDK defaults resolved). */
  settings: { maxCachedWorkflows: number };
}

export interface BenchWorker {
  pid: number | undefined;
  maxCachedWorkflows: number | undefined;
  startupMs: number;
  rss(): number;
  cpu(): number;
  health(): Promise<WorkerHealth>;
  metrics(): Promise<Metrics>;
  /** Its main and workflow-thread heaps (started with BENCH_THREAD_HEAPS=1); after a full GC when `gc`. */
  memory(gc?: boolean): Promise<WorkerMemory>;
  /** Heap snapshots of its main isolate and workflow threads under `dir` (BENCH_THREAD_HEAPS=1); their paths. */
  snapshot(dir: string, tag: string): Promise<string[]>;
  /** The Prometheus endpoint, for raw reads. */
  metricsUrl: string;
  stop(): Promise<void>;
}

const ENTRY = path.resolve(__dirname, '../worker-process.ts');

/** Spawns a worker on `config`'s server and task queue with the given bundle and cache size. */
export async function startBenchWorker(
  config: Config,
  opts: { bundlePath: string; maxCachedWorkflows?: number; logFile: string; env?: Record<string, string> },
): Promise<BenchWorker> {
  const [healthPort, metricsPort] = [await freePort(), await freePort()];
  const env = childEnv({
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    WORKFLOW_BUNDLE_PATH: opts.bundlePath,
    MAX_CACHED_WORKFLOWS: opts.maxCachedWorkflows,
    WORKER_HEALTH_PORT: healthPort,
    BENCH_METRICS_PORT: metricsPort,
    D360_PARTNER_API_URL: config.D360_PARTNER_API_URL,
    META_GRAPH_URL: config.META_GRAPH_URL,
    SUPPORT_DESK_URL: config.SUPPORT_DESK_URL,
    PAYLOAD_ENCRYPTION_KEYS: config.PAYLOAD_ENCRYPTION_KEYS,
    BENCH_WORKER_OVERRIDES: process.env.BENCH_WORKER_OVERRIDES,
    LOG_LEVEL: 'warn',
    ALLOW_DEV_SECRETS: 'true', // a local cluster: the simulator's dev credentials are fine
    ...opts.env,
  });
  const started = Date.now();
  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the worker.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const managed: Managed = spawnManaged('bench-worker', process.execPath, [...nodeArgs, '--import', 'tsx', ENTRY], {
    env,
    logFile: opts.logFile,
  });
  const healthUrl = `http://127.0.0.1:${healthPort}/`;
  await waitUntil('bench worker', async () => (await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })).ok, {
    timeoutMs: 120_000,
    process: managed,
  });
  const pid = managed.child.pid;
  return {
    pid,
    maxCachedWorkflows: opts.maxCachedWorkflows,
    startupMs: Date.now() - started,
    rss: () => rssBytes(pid),
    cpu: () => cpuSeconds(pid),
    health: async () => (await (await fetch(healthUrl)).json()) as WorkerHealth,
    memory: async (gc = false) => {
      const res = await fetch(`${healthUrl}memory${gc ? '?gc=1' : ''}`, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`worker /memory: ${res.status} ${await res.text()}`);
      return (await res.json()) as WorkerMemory;
    },
    snapshot: async (dir, tag) => {
      const q = new URLSearchParams({ dir, tag });
      const res = await fetch(`${healthUrl}snapshot?${q}`, { signal: AbortSignal.timeout(600_000) });
      if (!res.ok) throw new Error(`worker /snapshot: ${res.status} ${await res.text()}`);
      return (await res.json()) as string[];
    },
    metrics: () => scrapeMetrics(`http://127.0.0.1:${metricsPort}/metrics`),
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    stop: () => stopManaged(managed),
  };
}

/** SIGTERM the process group, SIGKILL after the grace period; resolves once it has exited. */
export async function stopManaged(m: Managed, graceMs = 15_000): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      if (m.child.pid) process.kill(-m.child.pid, s);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await m.exited;
  clearTimeout(timer);
}
