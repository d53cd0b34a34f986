/**
 * `npm start`: the whole local stack on the embedded defaults, then a demo migration with visible
 * progress. Starts the Temporal dev server (unless TEMPORAL_ADDRESS points at one), the simulator,
 * the worker and the HTTP API, each after the previous one is ready. Ctrl-C stops everything.
 *
 *   npm start              stack + demo, then stays up for inspection
 *   npm start -- --once    stack + demo, then exits (smoke test)
 *   npm start -- --no-demo stack only
 *   npm start -- --observability   also a local Prometheus scraping every process, alert rules loaded
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { childEnv, loadConfig, ConfigError, type Config } from '../temporal.config';
import { runDemo } from './demo';
import { startDevServer } from './stack/dev-server';
import { startPrometheus, prometheusBinary, type ScrapeTarget } from './stack/prometheus';
import { assertPortFree, httpOk, spawnManaged, stopAll, waitUntil } from './stack/processes';
import { stopOnSignals } from './stack/shutdown';

const say = (msg: string) => process.stdout.write(`\x1b[1m▸\x1b[0m ${msg}\n`);

// Children run in their own process groups, so Ctrl-C must be relayed, at any moment, even mid start-up.
const shutdown = stopOnSignals({ say, stop: () => stopAll() });

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const demo = !process.argv.includes('--no-demo');
  const observability = process.argv.includes('--observability');
  const config = loadConfig();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logs = (name: string) => path.join(config.DATA_DIR, `${name}.log`);
  const tsNode = (file: string) =>
    [process.execPath, ['--import', 'tsx', path.resolve(__dirname, '..', file)]] as const;
  const started = Date.now();

  for (const [port, what] of [
    [config.SIMULATOR_PORT, 'simulator'],
    [config.WORKER_HEALTH_PORT, 'worker health'],
    [config.API_PORT, 'HTTP API'],
    [config.CODEC_SERVER_PORT, 'codec server'],
    [config.WORKER_METRICS_PORT, 'worker metrics'],
    [config.API_METRICS_PORT, 'HTTP API metrics'],
    [config.CODEC_METRICS_PORT, 'codec server metrics'],
    [observability ? config.PROMETHEUS_PORT : 0, 'Prometheus'],
  ] as const) {
    if (port) await assertPortFree(port, what);
  }
  if (observability) prometheusBinary(); // missing: say so before anything starts

  // The codec server comes first: the Web UI decrypts payloads through it.
  const [cCmd, cArgs] = tsNode('codec-server/main.ts');
  const codec = spawnManaged('codec', cCmd, [...cArgs], {
    env: withoutSealingKeys(childEnv({ LOG_PRETTY: 'false' })),
    logFile: logs('codec-server'),
  });
  const codecUrl = `http://127.0.0.1:${config.CODEC_SERVER_PORT}`;
  await waitUntil('codec server', () => codecAnswers(codecUrl), { timeoutMs: 30_000, process: codec });

  if (config.TEMPORAL_ADDRESS) {
    say(`using the Temporal server at ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`);
  } else {
    say('starting the Temporal dev server (SQLite in ' + config.DATA_DIR + ')...');
    await startDevServer(config, ['--ui-codec-endpoint', codecUrl]);
    say(
      `Temporal dev server ready on 127.0.0.1:${config.DEV_SERVER_PORT}; Web UI http://127.0.0.1:${config.DEV_UI_PORT}`,
    );
  }
  const env = childEnv({ LOG_PRETTY: 'false' });

  const [simCmd, simArgs] = tsNode('simulator/main.ts');
  const sim = spawnManaged('simulator', simCmd, [...simArgs], { env, logFile: logs('simulator') });
  await waitUntil('simulator', () => httpOk(`http://127.0.0.1:${config.SIMULATOR_PORT}/health`), {
    timeoutMs: 30_000,
    process: sim,
  });
  say(`simulator ready on http://127.0.0.1:${config.SIMULATOR_PORT}`);

  const [wCmd, wArgs] = tsNode('workers/main.ts');
  // Two malloc arenas: glibc's default (one per thread, up to 8 per core) let the SDK core's native
  // memory creep up over 50,000 cache evictions; with two it stayed flat (docs/ops.md "Worker memory").
  const workerEnv = { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
  const worker = spawnManaged('worker', wCmd, [...wArgs], { env: workerEnv, logFile: logs('worker') });
  await waitUntil('worker', () => httpOk(`http://127.0.0.1:${config.WORKER_HEALTH_PORT}/`), {
    timeoutMs: 90_000,
    process: worker,
  });
  say(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}"`);

  const [aCmd, aArgs] = tsNode('api/main.ts');
  const api = spawnManaged('api', aCmd, [...aArgs], { env, logFile: logs('api') });
  await waitUntil('HTTP API', () => httpOk(`http://127.0.0.1:${config.API_PORT}/health/ready`), {
    timeoutMs: 30_000,
    process: api,
  });
  say(
    `HTTP API ready on http://127.0.0.1:${config.API_PORT} (OpenAPI: /openapi.json); logs in ${config.DATA_DIR}/*.log`,
  );
  say(`metrics (Prometheus): ${metricsEndpoints(config).join(', ')}`);
  if (observability) {
    const prometheus = await startPrometheus({
      port: config.PROMETHEUS_PORT,
      dataDir: path.join(config.DATA_DIR, 'prometheus'),
      targets: scrapeTargets(config),
    });
    say(`Prometheus ${prometheus.url} scrapes them, alert rules loaded (${prometheus.url}/alerts)`);
  }
  say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  if (demo) await runDemo(config);
  if (once) return shutdown(0);
  const ui = config.TEMPORAL_ADDRESS ? '' : `; Web UI http://127.0.0.1:${config.DEV_UI_PORT}`;
  say(`running${ui} — press Ctrl-C to stop everything`);
}

/**
 * The sealing keys never reach the codec server: payload readers see sealed secrets as
 * placeholders. Nor do the owner-link keys: whoever decodes payloads must not mint owner links.
 */
function withoutSealingKeys(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { SECRET_SEALING_KEYS: _sealing, OWNER_LINK_KEYS: _links, ...rest } = env;
  return rest;
}

/** Every process's `/metrics` that is on (docs/ops.md, "Metrics"). */
function metricsEndpoints(config: Config): string[] {
  const at = (port: number) => `http://${config.METRICS_HOST}:${port}/metrics`;
  return [
    config.WORKER_METRICS_PORT ? `worker ${at(config.WORKER_METRICS_PORT)}` : 'worker off',
    config.API_METRICS_PORT ? `API ${at(config.API_METRICS_PORT)}` : 'API off',
    config.CODEC_METRICS_PORT ? `codec server ${at(config.CODEC_METRICS_PORT)}` : 'codec server off',
    ...(config.TEMPORAL_ADDRESS ? [] : [`Temporal server ${at(config.DEV_SERVER_METRICS_PORT)}`]),
  ];
}

/** What the local Prometheus scrapes: the job names are the ones the alert rules and the dashboard use. */
function scrapeTargets(config: Config): ScrapeTarget[] {
  const at = (port: number) => `127.0.0.1:${port}`;
  return [
    ...(config.WORKER_METRICS_PORT ? [{ job: 'wa-worker', address: at(config.WORKER_METRICS_PORT) }] : []),
    ...(config.API_METRICS_PORT ? [{ job: 'wa-api', address: at(config.API_METRICS_PORT) }] : []),
    ...(config.CODEC_METRICS_PORT ? [{ job: 'wa-codec', address: at(config.CODEC_METRICS_PORT) }] : []),
    ...(config.TEMPORAL_ADDRESS ? [] : [{ job: 'temporal-server', address: at(config.DEV_SERVER_METRICS_PORT) }]),
  ];
}

/** The codec server answers 401 to an unauthorised probe: enough to know it is up. */
async function codecAnswers(url: string): Promise<boolean> {
  const res = await fetch(`${url}/decode`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) });
  return res.status === 401;
}

main().catch((err: unknown) => {
  process.stderr.write(`\n✖ ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  void shutdown(1);
});
