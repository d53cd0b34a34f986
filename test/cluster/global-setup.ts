/**
 * Once per cluster-phase Jest run: the production-shaped Temporal of `npm run cluster` (fresh
 * PostgreSQL database, four service processes, our namespace and search attributes), one workflow
 * bundle and one simulator. Tests reach them through the same variables as on the dev server
 * (test/harness/env.ts), plus TEST_CLUSTER_CONTROL_URL: a small HTTP endpoint of this process
 * that restarts a service or PostgreSQL (test/cluster/control.ts), since only this process holds
 * the cluster's processes.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { startCluster, SERVICES, type ClusterHandle, type ServiceName } from '../../scripts/cluster/cluster';
import { startSimulator } from '../../simulator';
import { loadConfig } from '../../temporal.config';
import { buildWorkflowBundle } from '../../workers/build-workflow-bundle';

export default async function globalSetup(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_SDK_LOG_LEVEL ?? 'ERROR') as LogLevel) });
  const dir = mkdtempSync(path.join(tmpdir(), 'wa-migrations-cluster-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user and creates its data folder inside
  // Ports of their own: a developer's `npm run cluster` (7333, 5544) may be running beside the tests.
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dir,
    CLUSTER_FRONTEND_PORT: process.env.TEST_CLUSTER_FRONTEND_PORT ?? '27333',
    CLUSTER_POSTGRES_PORT: process.env.TEST_CLUSTER_POSTGRES_PORT ?? '25544',
  });
  const say = (msg: string) => process.stdout.write(`[cluster] ${msg}\n`);
  const [cluster, bundlePath, simulator] = await Promise.all([
    startCluster(config, {
      say,
      logLevel: 'warn',
      onUnexpectedExit: (name, code) => say(`${name} exited on its own (code ${code}); logs in ${dir}/cluster/logs`),
    }),
    buildWorkflowBundle(path.join(dir, 'workflow-bundle.js')),
    startSimulator({ port: 0 }),
  ]);
  const t = cluster.timings;
  say(
    `up at ${cluster.address} in ${(t.totalMs / 1000).toFixed(1)} s (schema ${(t.schemaMs / 1000).toFixed(1)} s, ` +
      `services ${(t.servicesMs / 1000).toFixed(1)} s); logs in ${cluster.logDir}`,
  );
  const control = await serveControl(cluster);
  Object.assign(globalThis, { __CLUSTER__: cluster, __SIMULATOR__: simulator, __CLUSTER_CONTROL__: control });
  process.env.TEST_TEMPORAL_ADDRESS = cluster.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_SIMULATOR_URL = simulator.url;
  process.env.TEST_DIR = dir;
  process.env.TEST_CLUSTER_LOG_DIR = cluster.logDir;
  const { port } = control.address() as { port: number };
  process.env.TEST_CLUSTER_CONTROL_URL = `http://127.0.0.1:${port}`;
}

/** POST /services/<name>/restart|kill|start, POST /postgres/restart; `?hard=1&downMs=N`. */
async function serveControl(cluster: ClusterHandle): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const hard = url.searchParams.get('hard') === '1';
    const downMs = Number(url.searchParams.get('downMs') ?? 0);
    const [, what, name, verb] = url.pathname.split('/');
    const service = SERVICES.includes(name as ServiceName) ? (name as ServiceName) : undefined;
    let action: Promise<void> | undefined;
    if (req.method === 'POST' && what === 'postgres' && name === 'restart')
      action = cluster.restartPostgres({ hard, downMs });
    else if (req.method === 'POST' && what === 'services' && service) {
      if (verb === 'restart') action = cluster.restartService(service, { hard, downMs });
      if (verb === 'kill') action = cluster.killService(service);
      if (verb === 'start') action = cluster.startService(service);
    }
    if (!action) {
      res.writeHead(404).end(`unknown control ${req.method} ${url.pathname}`);
      return;
    }
    const began = Date.now();
    action.then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms: Date.now() - began })),
      (err: unknown) => res.writeHead(500).end(err instanceof Error ? err.message : String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
