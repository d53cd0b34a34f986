/**
 * Everything one benchmark runs against, started fresh and stopped at the end (no orphans): its
 * own dev server, the simulator on port 0 (in this process), the bench worker process and a client
 * with the production codec. The worker can be restarted with another cache size mid-run.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { stopAll } from '../../scripts/stack/processes';
import { stopOnSignals } from '../../scripts/stack/shutdown';
import type { Config } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { clientInterceptors } from '../../temporal/closed-channel';
import { benchBundle } from './bundle';
import { rssBytes } from './proc';
import { startBenchSimulator, type BenchSimulator } from './simulator';
import { benchConfig, startBenchServer, type BenchServer } from './server';
import { startBenchWorker, type BenchWorker } from './worker';

export interface BenchStack {
  server: BenchServer;
  config: Config;
  client: Client;
  sim: BenchSimulator;
  bundlePath: string;
  worker: BenchWorker;
  /** Stops the current worker process and starts a new one (an empty cache), with extra environment. */
  restartWorker(maxCachedWorkflows?: number, env?: Record<string, string>): Promise<BenchWorker>;
  serverRss(): number;
  close(): Promise<void>;
}

export interface StackOptions {
  maxCachedWorkflows?: number;
  /** Start no worker yet (cold-start benchmark). */
  noWorker?: boolean;
  /**
   * Run against this server (e.g. the cluster of scripts/cluster) instead of starting a dev server:
   * the stack starts its simulator, worker and client on it, and close() leaves the server running
   * and its folder in place.
   */
  existingServer?: BenchServer;
}

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

export async function startBenchStack(opts: StackOptions = {}): Promise<BenchStack> {
  installExitHandlers();
  try {
    return await start(opts);
  } catch (err) {
    // Whatever started before the failure (server, worker) must not outlive us.
    await stopAll(3000);
    throw err;
  }
}

async function start(opts: StackOptions): Promise<BenchStack> {
  const [server, bundle, sim] = await Promise.all([
    opts.existingServer ?? startBenchServer(),
    benchBundle(),
    startBenchSimulator(),
  ]);
  const own = !opts.existingServer;
  say(
    `${own ? 'dev server' : 'existing server'} ${server.info.address} (${server.info.serverVersion}), simulator ${sim.url}, bundle ${bundle.built ? `built in ${bundle.ms} ms` : 'cached'}`,
  );
  const config = benchConfig({
    TEMPORAL_ADDRESS: server.info.address,
    DATA_DIR: server.dir,
    TEMPORAL_TASK_QUEUE: 'bench',
    D360_PARTNER_API_URL: `${sim.url}/360dialog/api/v2`,
    META_GRAPH_URL: `${sim.url}/meta/v21.0`,
    SUPPORT_DESK_URL: `${sim.url}/support/api`,
  });
  const connection = await Connection.connect({ address: server.info.address, interceptors: clientInterceptors() });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
  let workerSeq = 0;
  const spawnWorker = (maxCachedWorkflows?: number, env?: Record<string, string>) =>
    startBenchWorker(config, {
      bundlePath: bundle.path,
      maxCachedWorkflows,
      env,
      logFile: path.join(server.dir, `worker-${++workerSeq}.log`),
    });
  const stack: BenchStack = {
    server,
    config,
    client,
    sim,
    bundlePath: bundle.path,
    worker: opts.noWorker ? (undefined as unknown as BenchWorker) : await spawnWorker(opts.maxCachedWorkflows),
    async restartWorker(maxCachedWorkflows, env) {
      await stack.worker?.stop();
      stack.worker = await spawnWorker(maxCachedWorkflows, env);
      return stack.worker;
    },
    serverRss: () => rssBytes(server.pid),
    async close() {
      await stack.worker?.stop();
      await connection.close();
      await sim.close();
      // Not stopAll() on a server we did not start: it would stop that server's processes too.
      if (!own) return;
      await stopAll();
      if (process.env.BENCH_KEEP === '1') say(`stopped; server files kept in ${server.dir}`);
      else rmSync(server.dir, { recursive: true, force: true });
    },
  };
  return stack;
}

let installed = false;
/** Ctrl-C or a crash still stops the server and the worker (their process groups), to the end. */
function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  stopOnSignals({ say, stop: () => stopAll(3000) });
}

/** Runs a benchmark body with a stack and always stops the stack. */
export async function withStack<T>(opts: StackOptions, body: (stack: BenchStack) => Promise<T>): Promise<T> {
  const stack = await startBenchStack(opts);
  try {
    return await body(stack);
  } finally {
    await stack.close();
  }
}

export function main(run: () => Promise<void>): void {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      void stopAll(3000).finally(() => process.exit(1));
    },
  );
}

/** What the report records about the worker: its process and effective cache size and slots. */
export async function workerInfo(stack: BenchStack): Promise<{ maxCachedWorkflows: number; process: string }> {
  const { settings } = await stack.worker.health();
  return {
    maxCachedWorkflows: settings.maxCachedWorkflows,
    process: 'bench/worker-process.ts (production createWorker, SDK defaults for slots and pollers)',
  };
}
