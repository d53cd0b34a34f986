/**
 * `npm run cluster`: a production-shaped Temporal on this machine (docs/ops.md, "Running on a
 * cluster"): builds the server once, starts its private PostgreSQL, applies the schema, starts
 * frontend, history, matching and worker as four processes, registers the namespace and our search
 * attributes, and runs until Ctrl-C, which stops everything it started.
 *
 *   npm run cluster                  run until Ctrl-C
 *   npm run cluster -- --once        start, print, stop (a smoke test and a timing)
 *   npm run cluster -- --log-level debug
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../temporal.config';
import { cacheRoot, TEMPORAL_CLI_VERSION } from '../temporal-binaries';
import { stopAll } from '../stack/processes';
import { stopOnSignals } from '../stack/shutdown';
import { startCluster, SERVICES, type ClusterHandle, type ServiceName } from './cluster';
import { TEMPORAL_SERVER_VERSION } from './binaries';

const say = (msg: string) => process.stdout.write(`\x1b[1m▸\x1b[0m ${msg}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let cluster: ClusterHandle | undefined;
const shutdown = stopOnSignals({
  say,
  message: 'stopping the cluster (frontend first, then history, matching, worker, then PostgreSQL)...',
  stop: async () => {
    try {
      await cluster?.stop();
    } finally {
      await stopAll(); // anything started before the handle existed, or left by a failed stop
    }
  },
});

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const levelAt = process.argv.indexOf('--log-level');
  const logLevel = levelAt > 0 ? process.argv[levelAt + 1] : undefined;
  const config = loadConfig();
  cluster = await startCluster(config, {
    say,
    ...(logLevel ? { logLevel } : {}),
    onUnexpectedExit: (name, code) => {
      if (!shutdown.stopping)
        say(`\x1b[31m${name} exited (code ${code}) — see ${cluster?.logDir ?? 'the logs'}/${name}.log\x1b[0m`);
    },
  });
  const { address, ports, timings: t } = cluster;
  // The CLI of `npm start` if it is built (not built here: the cluster does not need it).
  const cached = path.join(cacheRoot(config), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
  const cli = config.TEMPORAL_CLI_PATH ?? (existsSync(cached) ? cached : 'temporal');
  say(
    `cluster up in ${secs(t.totalMs)}${cluster.createdDatabase ? ' (first start: database created)' : ''}: ` +
      `PostgreSQL ${secs(t.postgresMs)}, schema ${secs(t.schemaMs)}, services ${secs(t.servicesMs)}, ` +
      `namespace and search attributes ${secs(t.namespaceMs)}`,
  );
  const others = SERVICES.filter((s) => s !== 'frontend');
  const rows: [string, string][] = [
    ['Temporal frontend (gRPC)', `${address}  namespace ${cluster.namespace}  (server ${TEMPORAL_SERVER_VERSION})`],
    ...others.map((s): [string, string] => [
      `  ${s}`,
      `127.0.0.1:${ports.grpc[s]}  membership :${ports.membership[s]}`,
    ]),
    ['  frontend HTTP API', `http://127.0.0.1:${ports.frontendHttp}`],
    [
      '  metrics (Prometheus)',
      ['frontend', ...others].map((s) => `${s} :${ports.metrics[s as ServiceName]}`).join(', '),
    ],
    ['PostgreSQL', `127.0.0.1:${ports.postgres}  databases temporal, temporal_visibility  data ${cluster.dir}/pg`],
    ['Config', `${cluster.dir}/{frontend,history,matching,worker,dynamicconfig}.yaml`],
    ['Logs', `${cluster.logDir}/{postgres,schema,frontend,history,matching,worker}.log`],
  ];
  for (const [what, where] of rows) process.stdout.write(`  ${what.padEnd(26)} ${where}\n`);
  process.stdout.write(
    `\n  The stack against it:   TEMPORAL_ADDRESS=${address} ALLOW_DEV_SECRETS=true npm start -- --no-demo\n` +
      `  Ops (no Web UI here):   ${cli} workflow list --address ${address} --namespace ${cluster.namespace}\n\n`,
  );
  if (once) return shutdown(0);
  say('running — press Ctrl-C to stop the cluster');
}

main().catch((err: unknown) => {
  process.stderr.write(`\n✖ ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  void shutdown(1);
});
