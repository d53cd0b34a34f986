/**
 * A Temporal dev server of the benchmark's own: the cached CLI and exactly the flags of
 * `npm start` (scripts/stack/dev-server.ts: WAL pragmas, our search attributes), on free ports
 * and a fresh SQLite file in a temp folder, so it never meets a running stack or test suite.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { clientInterceptors } from '../../temporal/closed-channel';
import { freePort } from '../../scripts/stack/processes';

export { freePort };
import { startDevServer } from '../../scripts/stack/dev-server';
import type { Managed } from '../../scripts/stack/processes';
import { ensureTemporalCli, TEMPORAL_CLI_VERSION } from '../../scripts/temporal-binaries';
import { loadConfig, type Config } from '../../temporal.config';
import { scrapeMetrics, type Metrics } from './metrics';

/** The pragmas scripts/stack/dev-server.ts passes (recorded in every result). */
export const SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=OFF'];

export interface ServerInfo {
  cli: string;
  cliVersion: string;
  serverVersion: string;
  pragmas: string[];
  dbFile: string;
  address: string;
  metricsPort: number;
}

export interface BenchServer {
  info: ServerInfo;
  managed: Managed;
  pid: number | undefined;
  dir: string;
  /** Config pointing at this server (other settings from the environment or defaults). */
  config: Config;
  dbBytes(): number;
  metrics(): Promise<Metrics>;
  /** Lines the server logged at level ERROR so far. */
  logErrors(): string[];
  /** Distinct ERROR messages with their counts, e.g. `3x Update workflow execution operation failed. (context canceled)`. */
  errorSummary(): string[];
}

/** A valid AES-256 key (32 bytes) for the codec, used unless the environment sets PAYLOAD_ENCRYPTION_KEYS. */
const BENCH_KEY = `bench:${Buffer.alloc(32, 7).toString('base64')}`;

/** Config for the benchmark: this server, quiet logs, and the given overrides. */
export function benchConfig(overrides: Record<string, string | number | undefined>): Config {
  const env: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    ALLOW_DEV_SECRETS: 'true', // a local cluster: the simulator's dev credentials are fine
    PAYLOAD_ENCRYPTION_KEYS: process.env.PAYLOAD_ENCRYPTION_KEYS || BENCH_KEY,
  };
  for (const [k, v] of Object.entries(overrides)) env[k] = v === undefined ? undefined : String(v);
  return loadConfig(env);
}

export async function startBenchServer(extra: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wa-bench-'));
  const [port, uiPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const base = benchConfig({
    DEV_SERVER_PORT: port,
    DEV_UI_PORT: uiPort,
    DATA_DIR: dir,
    TEMPORAL_ADDRESS: undefined,
    ...extra,
  });
  const managed = await startDevServer(base, ['--metrics-port', String(metricsPort)]);
  const address = `127.0.0.1:${port}`;
  const cli = ensureTemporalCli(base);
  const config = benchConfig({ ...extra, TEMPORAL_ADDRESS: address, DATA_DIR: dir });
  const connection = await Connection.connect({ address, interceptors: clientInterceptors() });
  const sys = await connection.workflowService.getSystemInfo({}).finally(() => void connection.close());
  const dbFile = path.join(dir, 'temporal.db');
  const logErrors = () => readLines(path.join(dir, 'temporal-server.log')).filter((l) => /level=ERROR/.test(l));
  return {
    managed,
    pid: managed.child.pid,
    dir,
    config,
    info: {
      cli,
      cliVersion: `${TEMPORAL_CLI_VERSION} (${execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim()})`,
      serverVersion: sys.serverVersion ?? 'unknown',
      pragmas: SQLITE_PRAGMAS,
      dbFile,
      address,
      metricsPort,
    },
    dbBytes: () => ['', '-wal', '-shm'].reduce((sum, s) => sum + fileSize(dbFile + s), 0),
    metrics: () => scrapeMetrics(`http://127.0.0.1:${metricsPort}/metrics`),
    logErrors,
    errorSummary: () => summarizeErrors(logErrors()),
  };
}

/** Distinct ERROR messages with their counts (`3x message (error)`). */
export function summarizeErrors(lines: string[]): string[] {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const key = `${/msg="([^"]*)"/.exec(l)?.[1] ?? l.slice(0, 80)} (${/error="([^"]*)"/.exec(l)?.[1] ?? ''})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}x ${k}`);
}

function readLines(p: string): string[] {
  try {
    return readFileSync(p, 'utf8').split('\n');
  } catch {
    return [];
  }
}

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}
