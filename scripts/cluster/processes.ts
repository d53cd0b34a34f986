/**
 * The cluster's OS processes: the four Temporal services, each its own `temporal-server`, and
 * PostgreSQL. Started, waited for until they serve, stopped (frontend first) and restarted; an exit
 * nobody asked for is reported.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { grpc as grpcProto } from '@temporalio/proto';
import { httpOk, spawnManaged, waitUntil, type Managed } from '../stack/processes';
import type { ServerBinaries } from './binaries';
import type { PostgresServer } from './postgres';
import { HEALTH_SERVICE, SERVICES, type ClusterPorts, type ServerConfigFiles, type ServiceName } from './server-config';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClusterProcessesOptions {
  binaries: ServerBinaries;
  ports: ClusterPorts;
  logDir: string;
  pg: PostgresServer;
  /** Called when a service or PostgreSQL exits without being asked to (not on stop/kill/restart). */
  onUnexpectedExit?: (name: string, code: number | null) => void;
}

export interface ClusterProcesses {
  /** The services' config files: written once the schema is in place, needed by every service start. */
  configure(files: ServerConfigFiles): void;
  startPostgres(): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  stopService(name: ServiceName, hard?: boolean): Promise<void>;
  restartService(name: ServiceName, opts?: { hard?: boolean; downMs?: number }): Promise<void>;
  restartPostgres(opts?: { hard?: boolean; downMs?: number }): Promise<void>;
  /** The services (frontend first), then PostgreSQL. */
  stopEverything(): Promise<void>;
}

export function clusterProcesses(o: ClusterProcessesOptions): ClusterProcesses {
  const { binaries, ports, logDir, pg } = o;
  const expected = new Set<Managed>();
  const watch = (name: string, m: Managed | undefined) =>
    void m?.exited.then((code) => {
      if (!expected.has(m)) o.onUnexpectedExit?.(name, code);
    });
  const services = new Map<ServiceName, Managed>();
  let files: ServerConfigFiles | undefined;

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
  const startPostgres = async () => {
    await pg.start();
    watch('postgres', pg.process);
  };

  return {
    configure: (f) => {
      files = f;
    },
    startPostgres,
    startService,
    stopService,
    restartService: async (name, opts = {}) => {
      await stopService(name, opts.hard);
      if (opts.downMs) await sleep(opts.downMs);
      await startService(name);
    },
    restartPostgres: async (opts = {}) => {
      if (pg.process) expected.add(pg.process);
      await pg.stop({ hard: opts.hard });
      if (opts.downMs) await sleep(opts.downMs);
      await startPostgres();
    },
    stopEverything: async () => {
      await stopServices([...SERVICES]);
      if (pg.process) expected.add(pg.process);
      await pg.stop();
    },
  };
}

export function logFile(logDir: string, name: string): string {
  return path.join(logDir, `${name}.log`);
}

/**
 * The services' environment without TEMPORAL_* variables: the server reads some of them
 * (TEMPORAL_ENVIRONMENT, TEMPORAL_SERVICES, ...), and ours (TEMPORAL_ADDRESS) are not for it.
 */
export function serverEnv(): NodeJS.ProcessEnv {
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
