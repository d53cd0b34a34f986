/**
 * A production-shaped Temporal on this machine: PostgreSQL for persistence and SQL visibility, and
 * the four services (frontend, history, matching, worker) each in its own OS process, all under
 * `${DATA_DIR}/cluster`. `npm run cluster` runs it; tests use `startCluster` to restart or kill a
 * service or the database while migrations run.
 *
 *   const cluster = await startCluster(config);
 *   // TEMPORAL_ADDRESS=cluster.address ...
 *   await cluster.restartService('history');
 *   await cluster.restartPostgres();
 *   await cluster.stop();
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { grpc as grpcProto } from '@temporalio/proto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Config } from '../../temporal.config';
import { indexedSearchAttributes } from '../../temporal/search-attribute-types';
import { ALL_SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { assertPortFree, httpOk, spawnManaged, waitUntil, type Managed } from '../stack/processes';
import { ensureServerBinaries, TEMPORAL_SERVER_VERSION, type ServerBinaries } from './binaries';
import { PG_PASSWORD, PG_USER, PostgresServer } from './postgres';
import {
  clusterPorts,
  HEALTH_SERVICE,
  SERVICES,
  writeServerConfig,
  type ClusterPorts,
  type ServerConfigFiles,
  type ServiceName,
} from './server-config';

export { SERVICES, type ServiceName } from './server-config';

/** Retention of closed workflows: beyond API_KEY_PICKUP_WINDOW (7 d), read by queries on closed runs. */
export const NAMESPACE_RETENTION_DAYS = 30;

export type ClusterConfig = Pick<
  Config,
  | 'DATA_DIR'
  | 'TEMPORAL_NAMESPACE'
  | 'TEMPORAL_BINARIES_CACHE'
  | 'CLUSTER_FRONTEND_PORT'
  | 'CLUSTER_POSTGRES_PORT'
  | 'CLUSTER_HISTORY_SHARDS'
>;

export interface ClusterOptions {
  /** Progress lines; default: none. */
  say?: (msg: string) => void;
  /** The server's log level (`debug`, `info`, `warn`, `error`); default `info`. */
  logLevel?: string;
  /** Called when a service or PostgreSQL exits without being asked to (not on stop/kill/restart). */
  onUnexpectedExit?: (name: string, code: number | null) => void;
}

export interface ClusterTimings {
  binariesMs: number;
  postgresMs: number;
  schemaMs: number;
  servicesMs: number;
  namespaceMs: number;
  totalMs: number;
}

export interface ClusterHandle {
  /** The frontend, for TEMPORAL_ADDRESS: `127.0.0.1:<CLUSTER_FRONTEND_PORT>`. */
  address: string;
  namespace: string;
  ports: ClusterPorts;
  /** `${DATA_DIR}/cluster`: config files, `pg/`, `logs/`. */
  dir: string;
  logDir: string;
  /** The PostgreSQL data folder was created by this start (first start: schema set up from 0). */
  createdDatabase: boolean;
  timings: ClusterTimings;
  /** Stops the services (frontend first), then PostgreSQL. */
  stop(): Promise<void>;
  /** Stops a service (SIGTERM, or SIGKILL with `hard`) and starts it again; resolves once it serves. */
  restartService(name: ServiceName, opts?: { hard?: boolean; downMs?: number }): Promise<void>;
  /** SIGKILL of one service; it stays down until `startService`. */
  killService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  /** Fast shutdown (or SIGKILL with `hard`), `downMs` of outage, start again; the services reconnect. */
  restartPostgres(opts?: { hard?: boolean; downMs?: number }): Promise<void>;
}

/** Starts PostgreSQL, applies the schema, starts the four services and registers namespace and search attributes. */
export async function startCluster(config: ClusterConfig, opts: ClusterOptions = {}): Promise<ClusterHandle> {
  const say = opts.say ?? (() => undefined);
  const t0 = Date.now();
  const lap = (() => {
    let last = t0;
    return () => {
      const now = Date.now();
      const ms = now - last;
      last = now;
      return ms;
    };
  })();
  const ports = clusterPorts(config.CLUSTER_FRONTEND_PORT, config.CLUSTER_POSTGRES_PORT);
  await assertPortsFree(ports);

  const binaries = ensureServerBinaries(config, say);
  const binariesMs = lap();

  const dir = path.resolve(config.DATA_DIR, 'cluster');
  const logDir = path.join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  checkShards(dir, config.CLUSTER_HISTORY_SHARDS);

  const pg = new PostgresServer({
    dataDir: path.join(dir, 'pg'),
    port: ports.postgres,
    logFile: logFile(logDir, 'postgres'),
  });
  const expected = new Set<Managed>();
  const watch = (name: string, m: Managed | undefined) =>
    void m?.exited.then((code) => {
      if (!expected.has(m)) opts.onUnexpectedExit?.(name, code);
    });
  const services = new Map<ServiceName, Managed>();
  let files: ServerConfigFiles | undefined;
  const stopEverything = async () => {
    await stopServices([...SERVICES]);
    if (pg.process) expected.add(pg.process);
    await pg.stop();
  };

  const startService = async (name: ServiceName) => {
    if (!files) throw new Error('cluster not configured');
    const proc = spawnManaged(
      `temporal-${name}`,
      binaries.server,
      ['--config-file', files.configFile[name], '--allow-no-auth', 'start', '--service', name],
      { env: serverEnv(), logFile: logFile(logDir, name) },
    );
    services.set(name, proc);
    watch(name, proc);
    await waitUntil(`Temporal ${name} on 127.0.0.1:${ports.grpc[name]}`, () => serving(name, ports), {
      timeoutMs: 120_000,
      process: proc,
    });
  };
  const stopService = async (name: ServiceName, hard = false) => {
    const proc = services.get(name);
    if (!proc) return;
    expected.add(proc);
    await stopProcess(proc, hard);
  };
  // The frontend first: no new requests while history hands its shards over.
  const stopServices = async (names: ServiceName[]) => {
    if (names.includes('frontend')) await stopService('frontend');
    await Promise.all(names.filter((n) => n !== 'frontend').map((n) => stopService(n)));
  };

  try {
    say(
      PostgresServer.exists(pg.opts.dataDir)
        ? `starting PostgreSQL on 127.0.0.1:${ports.postgres} (${pg.opts.dataDir})...`
        : `creating PostgreSQL in ${pg.opts.dataDir} (first start) on 127.0.0.1:${ports.postgres}...`,
    );
    await pg.start();
    watch('postgres', pg.process);
    writeFileSync(path.join(dir, 'shards'), `${config.CLUSTER_HISTORY_SHARDS}\n`);
    const postgresMs = lap();

    say('applying the Temporal schema (persistence and SQL visibility)...');
    applySchema(binaries, ports.postgres, logFile(logDir, 'schema'));
    const schemaMs = lap();

    files = writeServerConfig(dir, {
      ports,
      shards: config.CLUSTER_HISTORY_SHARDS,
      logLevel: opts.logLevel ?? 'info',
    });
    say(`starting Temporal ${TEMPORAL_SERVER_VERSION}: ${SERVICES.join(', ')}, one process each...`);
    await Promise.all(SERVICES.map(startService));
    const servicesMs = lap();

    const address = `127.0.0.1:${ports.grpc.frontend}`;
    await ensureNamespace(address, config.TEMPORAL_NAMESPACE, say);
    const namespaceMs = lap();

    return {
      address,
      namespace: config.TEMPORAL_NAMESPACE,
      ports,
      dir,
      logDir,
      createdDatabase: pg.created,
      timings: { binariesMs, postgresMs, schemaMs, servicesMs, namespaceMs, totalMs: Date.now() - t0 },
      stop: stopEverything,
      restartService: async (name, o = {}) => {
        await stopService(name, o.hard);
        if (o.downMs) await sleep(o.downMs);
        await startService(name);
      },
      killService: (name) => stopService(name, true),
      startService,
      restartPostgres: async (o = {}) => {
        if (pg.process) expected.add(pg.process);
        await pg.stop({ hard: o.hard });
        if (o.downMs) await sleep(o.downMs);
        await pg.start();
        watch('postgres', pg.process);
      },
    };
  } catch (err) {
    await stopEverything();
    throw err;
  }
}

function logFile(logDir: string, name: string): string {
  return path.join(logDir, `${name}.log`);
}

async function assertPortsFree(ports: ClusterPorts): Promise<void> {
  await assertPortFree(ports.postgres, 'cluster PostgreSQL (CLUSTER_POSTGRES_PORT)');
  for (const s of SERVICES) {
    await assertPortFree(ports.grpc[s], `cluster ${s} gRPC (from CLUSTER_FRONTEND_PORT)`);
    await assertPortFree(ports.membership[s], `cluster ${s} membership (from CLUSTER_FRONTEND_PORT)`);
    await assertPortFree(ports.metrics[s], `cluster ${s} metrics (from CLUSTER_FRONTEND_PORT)`);
  }
  await assertPortFree(ports.frontendHttp, 'cluster frontend HTTP (from CLUSTER_FRONTEND_PORT)');
}

/** numHistoryShards is fixed when the database is created: say so before the server refuses. */
function checkShards(dir: string, shards: number): void {
  const file = path.join(dir, 'shards');
  if (!existsSync(path.join(dir, 'pg', 'PG_VERSION')) || !existsSync(file)) return;
  const created = Number(readFileSync(file, 'utf8').trim());
  if (created !== shards) {
    throw new Error(
      `The cluster in ${dir} was created with ${created} history shards, CLUSTER_HISTORY_SHARDS is ${shards}: ` +
        `the shard count cannot change. Set CLUSTER_HISTORY_SHARDS=${created}, or delete ${dir} (all its workflows).`,
    );
  }
}

/** create-database, setup-schema -v 0.0, update-schema: idempotent, and it upgrades an older schema. */
function applySchema(binaries: ServerBinaries, port: number, log: string): void {
  const connect = ['--endpoint', '127.0.0.1', '--port', String(port), '--user', PG_USER, '--password', PG_PASSWORD];
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const versioned = path.join(binaries.postgresSchemaDir, schema, 'versioned');
    for (const step of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '-d', versioned]]) {
      const args = [...connect, '--plugin', 'postgres12', '--database', database, ...step];
      const out = spawnSync(binaries.sqlTool, args, { encoding: 'utf8', env: serverEnv() });
      writeFileSync(log, `$ temporal-sql-tool ${args.join(' ')}\n${out.stdout}${out.stderr}\n`, { flag: 'a' });
      if (out.status !== 0) {
        throw new Error(`temporal-sql-tool ${step[0]} on ${database} failed (exit ${out.status}); see ${log}`);
      }
    }
  }
}

/**
 * The services' environment without TEMPORAL_* variables: the server reads some of them
 * (TEMPORAL_ENVIRONMENT, TEMPORAL_SERVICES, ...), and ours (TEMPORAL_ADDRESS) are not for it.
 */
function serverEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
}

/**
 * The service's gRPC health: the frontend once membership is ready, history once it owns its first
 * shards, matching. The worker service serves no gRPC: its Prometheus endpoint answering is the sign.
 */
async function serving(name: ServiceName, ports: ClusterPorts): Promise<boolean> {
  const address = `127.0.0.1:${ports.grpc[name]}`;
  const service = HEALTH_SERVICE[name];
  if (!service) return httpOk(`http://127.0.0.1:${ports.metrics[name]}/metrics`);
  const connection = Connection.lazy({ address, connectTimeout: 1000 });
  try {
    const res = await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({ service }));
    return res.status === grpcProto.health.v1.HealthCheckResponse.ServingStatus.SERVING;
  } finally {
    await connection.close();
  }
}

async function stopProcess(proc: Managed, hard: boolean, graceMs = 30_000): Promise<void> {
  const pid = proc.child.pid;
  if (!pid || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal(hard ? 'SIGKILL' : 'SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([proc.exited, timeout])) === 'timeout') {
    signal('SIGKILL');
    await proc.exited;
  }
}

/**
 * The namespace and contracts/search-attributes.ts, registered if missing (a rerun adds nothing).
 * With SQL visibility a search attribute is a namespace alias of a preallocated column
 * (Keyword01, Bool01, ...); each service sees it at its next namespace refresh (2 s).
 */
async function ensureNamespace(address: string, namespace: string, say: (msg: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { workflowService, operatorService } = connection;
    await retrying(`describing namespace ${namespace}`, [], async () => {
      try {
        await workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if (!isGrpcServiceError(err) || err.code !== grpcStatus.NOT_FOUND) throw err;
      }
      await workflowService.registerNamespace({
        namespace,
        description: 'WhatsApp number migrations (npm run cluster)',
        workflowExecutionRetentionPeriod: msToTs(`${NAMESPACE_RETENTION_DAYS} days`),
      });
      say(`registered namespace ${namespace} (retention ${NAMESPACE_RETENTION_DAYS} days)`);
    });

    // A namespace just registered reaches the frontend's registry at its next refresh: NOT_FOUND until then.
    const wanted: Record<string, number> = indexedSearchAttributes();
    const { customAttributes } = await retrying('listing search attributes', [grpcStatus.NOT_FOUND], () =>
      operatorService.listSearchAttributes({ namespace }),
    );
    const clash = Object.entries(wanted).filter(
      ([n, t]) => customAttributes[n] !== undefined && customAttributes[n] !== t,
    );
    if (clash.length) {
      throw new Error(
        `search attributes of another type already in namespace ${namespace}: ${clash.map(([n]) => n).join(', ')}`,
      );
    }
    const missing = Object.fromEntries(Object.entries(wanted).filter(([n]) => customAttributes[n] === undefined));
    if (Object.keys(missing).length) {
      await retrying('adding search attributes', [grpcStatus.NOT_FOUND], () =>
        operatorService.addSearchAttributes({ namespace, searchAttributes: missing }),
      );
      say(`added search attributes ${Object.keys(missing).join(', ')}`);
    }
    // Ready once a list query on all of them is accepted: the frontend knows the new aliases.
    const probe = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name} IS NULL`).join(' AND ');
    await retrying('a visibility query on the search attributes', [grpcStatus.INVALID_ARGUMENT], () =>
      workflowService.countWorkflowExecutions({ namespace, query: probe }),
    );
  } finally {
    await connection.close();
  }
}

/** Retries `fn` for up to 60 s while it fails with UNAVAILABLE or one of the codes given. */
async function retrying<T>(what: string, codes: grpcStatus[], fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const transient =
        isGrpcServiceError(err) && [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, ...codes].includes(err.code);
      if (!transient || Date.now() > deadline) {
        throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(500);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
