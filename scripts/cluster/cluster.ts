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
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../temporal.config';
import { assertPortFree } from '../stack/processes';
import { ensureServerBinaries, TEMPORAL_SERVER_VERSION } from './binaries';
import { ensureNamespace } from './namespace';
import { PostgresServer } from './postgres';
import { clusterProcesses, logFile } from './processes';
import { applySchema, checkShards, recordShards } from './schema';
import { clusterPorts, SERVICES, writeServerConfig, type ClusterPorts, type ServiceName } from './server-config';

export { SERVICES, type ServiceName } from './server-config';
export { NAMESPACE_RETENTION_DAYS } from './namespace';

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
  const lap = stopwatch(t0);
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
  const procs = clusterProcesses({ binaries, ports, logDir, pg, onUnexpectedExit: opts.onUnexpectedExit });

  try {
    say(
      PostgresServer.exists(pg.opts.dataDir)
        ? `starting PostgreSQL on 127.0.0.1:${ports.postgres} (${pg.opts.dataDir})...`
        : `creating PostgreSQL in ${pg.opts.dataDir} (first start) on 127.0.0.1:${ports.postgres}...`,
    );
    await procs.startPostgres();
    recordShards(dir, config.CLUSTER_HISTORY_SHARDS);
    const postgresMs = lap();

    say('applying the Temporal schema (persistence and SQL visibility)...');
    applySchema(binaries, ports.postgres, logFile(logDir, 'schema'));
    const schemaMs = lap();

    procs.configure(
      writeServerConfig(dir, { ports, shards: config.CLUSTER_HISTORY_SHARDS, logLevel: opts.logLevel ?? 'info' }),
    );
    say(`starting Temporal ${TEMPORAL_SERVER_VERSION}: ${SERVICES.join(', ')}, one process each...`);
    await Promise.all(SERVICES.map(procs.startService));
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
      stop: procs.stopEverything,
      restartService: procs.restartService,
      killService: (name) => procs.stopService(name, true),
      startService: procs.startService,
      restartPostgres: procs.restartPostgres,
    };
  } catch (err) {
    await procs.stopEverything();
    throw err;
  }
}

/** Milliseconds since the previous call (the first: since `t0`), for the start's phase timings. */
function stopwatch(t0: number): () => number {
  let last = t0;
  return () => {
    const now = Date.now();
    const ms = now - last;
    last = now;
    return ms;
  };
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
