/**
 * A local Prometheus (Debian's `prometheus` package) scraping the stack's `/metrics` with our alert
 * rules loaded: `npm start -- --observability`, and the metrics tests. Its data lives in a folder of
 * its own; it stops with the stack.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertPortFree, httpOk, spawnManaged, waitUntil, type Managed } from './processes';

export const ALERT_RULES = path.resolve(__dirname, '../../observability/prometheus/alerts.yml');

export interface ScrapeTarget {
  /** `wa-worker`, `wa-api`, `temporal-server`: the alert rules and the dashboard use these. */
  job: string;
  /** host:port of a `/metrics`. */
  address: string;
}

export interface PrometheusOptions {
  port: number;
  dataDir: string;
  targets: ScrapeTarget[];
  /** How often every target is scraped (default 5 s). */
  scrapeInterval?: string;
  host?: string;
}

export interface RunningPrometheus {
  url: string;
  process: Managed;
}

/** The binary on PATH, or a clear error saying how to get it. */
export function prometheusBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "Prometheus is not installed: `apt-get install prometheus` (Debian's package; .ci/run installs it for the tests)",
    );
  }
}

export function prometheusConfig(opts: Pick<PrometheusOptions, 'targets' | 'scrapeInterval'>): string {
  const interval = opts.scrapeInterval ?? '5s';
  const jobs = [...new Set(opts.targets.map((t) => t.job))].map((job) => {
    const addresses = opts.targets.filter((t) => t.job === job).map((t) => JSON.stringify(t.address));
    return `  - job_name: ${job}\n    static_configs:\n      - targets: [${addresses.join(', ')}]`;
  });
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'rule_files:',
    `  - ${JSON.stringify(ALERT_RULES)}`,
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const host = opts.host ?? '127.0.0.1';
  await assertPortFree(opts.port, 'Prometheus', host);
  mkdirSync(path.join(opts.dataDir, 'data'), { recursive: true });
  const configFile = path.join(opts.dataDir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(opts));
  const child = spawnManaged(
    'prometheus',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(opts.dataDir, 'data')}`,
      `--web.listen-address=${host}:${opts.port}`,
      '--storage.tsdb.retention.time=7d',
      '--log.level=warn',
    ],
    { logFile: path.join(opts.dataDir, 'prometheus.log') },
  );
  const url = `http://${host}:${opts.port}`;
  await waitUntil('Prometheus', () => httpOk(`${url}/-/ready`), { timeoutMs: 30_000, process: child });
  return { url, process: child };
}
