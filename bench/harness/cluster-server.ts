/**
 * The cluster of scripts/cluster (PostgreSQL, four service processes) as a BenchServer, started
 * fresh on its own ports and temp data folder and stopped at the end, for bench/cluster.ts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { cachedServerBinaries, serverCacheDir, TEMPORAL_SERVER_VERSION } from '../../scripts/cluster/binaries';
import { startCluster, type ClusterHandle } from '../../scripts/cluster/cluster';
import { PG_PASSWORD, PG_USER, postgresBinDir } from '../../scripts/cluster/postgres';
import type { Managed } from '../../scripts/stack/processes';
import { BinaryUnavailableError } from '../../scripts/temporal-binaries';
import { clientInterceptors } from '../../temporal/closed-channel';
import { scrapeMetrics } from './metrics';
import { readProcs } from './proc';
import { benchConfig, summarizeErrors, type BenchServer } from './server';
import { now, round } from './stats';

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/**
 * Fails at once, before any phase, when the cluster cannot start here; never builds the server
 * (that takes minutes and would count as the cluster's start-up).
 */
export function assertClusterPrerequisites(): void {
  const config = benchConfig({});
  if (!cachedServerBinaries(config))
    throw new BinaryUnavailableError(
      `the cluster's Temporal server ${TEMPORAL_SERVER_VERSION} is not built in ${serverCacheDir(config)}: ` +
        'run `npm run cluster:binaries` first (needs Go, ~5 min the first time)',
    );
  postgresBinDir(); // throws with the apt-get command when PostgreSQL is missing
}

export interface BenchClusterOptions {
  frontendPort: number;
  postgresPort: number;
  shards: number;
}

export interface BenchCluster {
  handle: ClusterHandle;
  server: BenchServer;
  /** From starting PostgreSQL to the namespace and search attributes registered. */
  startMs: number;
}

/** Starts a fresh cluster, runs `body` with it, and always stops it and removes its folder (BENCH_KEEP=1 keeps it). */
export async function withBenchCluster<T>(o: BenchClusterOptions, body: (c: BenchCluster) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-bench-cluster-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user and must reach its folder
  const base = benchConfig({
    DATA_DIR: dataDir,
    CLUSTER_FRONTEND_PORT: o.frontendPort,
    CLUSTER_POSTGRES_PORT: o.postgresPort,
    CLUSTER_HISTORY_SHARDS: o.shards,
  });
  const t = now();
  const handle = await startCluster(base, { say: (m) => say(`cluster: ${m}`), logLevel: 'warn' });
  const startMs = now() - t;
  say(`cluster up in ${round(startMs / 1000, 1)} s at ${handle.address}`);
  try {
    return await body({ handle, server: await clusterServer(handle, dataDir), startMs });
  } finally {
    await handle.stop();
    if (process.env.BENCH_KEEP === '1') say(`cluster files kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the stack needs of a server, for the cluster: its frontend, history's metrics, its logs. */
async function clusterServer(cluster: ClusterHandle, dataDir: string): Promise<BenchServer> {
  const dir = path.join(dataDir, 'bench');
  mkdirSync(dir, { recursive: true });
  const connection = await Connection.connect({ address: cluster.address, interceptors: clientInterceptors() });
  const sys = await connection.workflowService.getSystemInfo({}).finally(() => void connection.close());
  const logErrors = () => clusterLogErrors(cluster.logDir);
  const history = [...readProcs()].find(([, p]) => p.cmdline.includes(cluster.dir) && / history\b/.test(p.cmdline));
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

/** Bytes of the cluster's two databases (WAL files not included). */
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

/** The services' ERROR lines (JSON logs), as `msg="…" error="…"`. */
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
