/**
 * The metrics ops alert on, scraped from the real processes: a worker process and an API process
 * (each serving its own `/metrics`) against the test Temporal server and a simulator of their own,
 * so every outside call they make is theirs. Before and after two port-ins (one completes, one
 * escalates and reaches its deadline), a port-out and a partner change that escalates once, every
 * counter must have moved by exactly what happened: starts and ends by kind, path and outcome, one
 * step-time observation per step left, escalations, deadlines and tickets as the simulator saw
 * them, outside calls as the simulator counted them, API requests as this test sent them.
 * A local Prometheus (Debian's package) scrapes both throughout: the alert rules load, every panel of
 * the Grafana dashboard answers with data, and its graph of step times renders (a screenshot in
 * docs/images with RECORD_SCREENSHOTS=1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startPrometheus, type RunningPrometheus } from '../../scripts/stack/prometheus';
import { freePort, stopAll } from '../../scripts/stack/processes';
import { SimulatorControl } from '../../simulator/control-client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import type { Config } from '../../temporal.config';
import { testConfig } from '../harness/env';
import { dashboardQueries } from '../harness/dashboard';
import { deltaBy, scrape, total, type Sample } from '../harness/prometheus';
import { WorkerProcess } from '../reliability/worker-process';
import { apiDriver, type ApiDriver } from './metrics-flows';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'metrics-test-token-0123456789';
const SIM_SERVICE: Record<string, string> = {
  '360dialog': '360dialog',
  meta: 'meta',
  support: 'support-desk',
  sites: 'website',
};

let simulator: RunningSimulator;
let sim: SimulatorControl;
let config: Config;
let worker: WorkerProcess;
let api: ChildProcess;
let apiOutput = '';
let apiUrl: string;
let workerMetrics: string;
let apiMetrics: string;
let prometheus: RunningPrometheus;
let flows: ApiDriver;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
  const [health, wPort, aPort, aMetrics] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  config = testConfig({
    TEMPORAL_TASK_QUEUE: `metrics-${process.pid}`,
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
  });
  worker = WorkerProcess.forConfig(config, health, { WORKER_METRICS_PORT: String(wPort) });
  await worker.start();
  workerMetrics = `http://127.0.0.1:${wPort}/metrics`;
  apiUrl = `http://127.0.0.1:${aPort}`;
  flows = apiDriver(apiUrl, TOKEN, sim);
  apiMetrics = `http://127.0.0.1:${aMetrics}/metrics`;
  api = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'api/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      D360_PARTNER_API_URL: config.D360_PARTNER_API_URL,
      META_GRAPH_URL: config.META_GRAPH_URL,
      SUPPORT_DESK_URL: config.SUPPORT_DESK_URL,
      API_PORT: String(aPort),
      API_METRICS_PORT: String(aMetrics),
      API_TOKENS: TOKEN,
      ALLOW_DEV_SECRETS: 'true',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (d: Buffer) => (apiOutput += d.toString()));
  api.stderr?.on('data', (d: Buffer) => (apiOutput += d.toString()));
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${apiUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (api.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not start:\n${apiOutput}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  prometheus = await startPrometheus({
    port: await freePort(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'wa-prometheus-')),
    scrapeInterval: '1s',
    targets: [
      { job: 'wa-worker', address: `127.0.0.1:${wPort}` },
      { job: 'wa-api', address: `127.0.0.1:${aMetrics}` },
    ],
  });
  // Both targets scraped before anything happens, so rates and quantiles see the whole run.
  await until(async () => (await promQuery('sum(up)'))[0]?.value[1] === '2', 'both targets up');
}, 120_000);

afterAll(async () => {
  await stopAll(5_000); // Prometheus
  api?.kill('SIGTERM');
  await worker?.kill('SIGTERM');
  await simulator?.close();
});

test('counters and histograms of the worker and the API move by exactly what happened', async () => {
  const before = { worker: await scrape(workerMetrics), api: await scrape(apiMetrics), sim: await sim.counters() };

  const cloud = await flows.cloudPortIn();
  const portIn = await flows.completedPortIn();
  const stalled = await flows.stalledPortIn();
  const portOut = await flows.completedPortOut();
  const partnerChange = await flows.escalatedPartnerChange();
  const ids = [cloud, portIn, stalled, portOut, partnerChange];
  const statuses = await Promise.all(
    ids.map((id) => flows.waitFor(id, (m) => m.execution.executionStatus !== 'RUNNING')),
  );

  // Workflow metrics leave the worker after the activation that made them: wait for the last end.
  let after = await scrape(workerMetrics);
  for (
    let i = 0;
    i < 50 && total(after, 'wa_migrations_ended_total') - total(before.worker, 'wa_migrations_ended_total') < 5;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100));
    after = await scrape(workerMetrics);
  }
  const apiAfter = await scrape(apiMetrics);
  const simAfter = await sim.counters();
  const w = (name: string, label: string, match: Record<string, string> = {}) =>
    deltaBy(before.worker, after, name, label, match);

  expect(w('wa_migrations_started_total', 'kind')).toEqual({ 'port-in': 3, 'port-out': 1, 'partner-change': 1 });
  expect(w('wa_migrations_started_total', 'path', { kind: 'port-in' })).toEqual({ 'on-premise': 2, 'cloud-api': 1 });
  expect(w('wa_migrations_ended_total', 'outcome', { kind: 'port-in' })).toEqual({ completed: 2, stalled: 1 });
  // The Cloud port-in's one register call, on a number with the whole 72 h budget: 9 calls left.
  expect(w('wa_register_budget_remaining_count', 'call')).toEqual({ register: 1 });
  expect(w('wa_register_budget_remaining_sum', 'call')).toEqual({ register: 9 });
  expect(w('wa_migrations_ended_total', 'outcome', { kind: 'port-out' })).toEqual({ completed: 1 });
  expect(w('wa_migrations_ended_total', 'outcome', { kind: 'partner-change' })).toEqual({ completed: 1 });
  expect(w('wa_waits_escalated_total', 'kind')).toEqual({ 'port-in': 1, 'partner-change': 1 });
  expect(w('wa_waits_escalated_total', 'step', { kind: 'port-in' })).toEqual({ AWAITING_PIN: 1 });
  expect(w('wa_waits_escalated_total', 'step', { kind: 'partner-change' })).toEqual({
    AWAITING_NUMBER_CONFIRMATION: 1,
  });
  expect(w('wa_waits_deadline_reached_total', 'step')).toEqual({ AWAITING_PIN: 1 });
  const tickets = simAfter.ticketsOpened - before.sim.ticketsOpened;
  expect(tickets).toBe(2);
  expect(w('wa_tickets_opened_total', 'reason')).toEqual({ escalation: tickets });

  // One step-time observation per step left, as each migration's timeline shows its steps.
  const expectedSteps: Record<string, number> = {};
  for (const status of statuses) {
    const steps = status.timeline.map((t) => t.step).filter((s, i, all) => i === 0 || s !== all[i - 1]);
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps)
      expectedSteps[`${status.kind} ${step}`] = (expectedSteps[`${status.kind} ${step}`] ?? 0) + 1;
  }
  const observedSteps: Record<string, number> = {};
  for (const kind of ['port-in', 'port-out', 'partner-change'])
    for (const [step, n] of Object.entries(w('wa_migration_step_duration_seconds_count', 'step', { kind })))
      observedSteps[`${kind} ${step}`] = n;
  expect(observedSteps).toEqual(expectedSteps);
  // The stalled port-in waited for its PIN from the wait's start to the 3 s deadline.
  const pinWait = w('wa_migration_step_duration_seconds_sum', 'step', { kind: 'port-in' }).AWAITING_PIN ?? 0;
  expect(pinWait).toBeGreaterThanOrEqual(3);

  // Outside calls: what the worker and the API recorded is what the simulator received.
  const byService = (samples: Sample[], base: Sample[]) => deltaBy(base, samples, 'wa_outside_calls_total', 'service');
  const recorded = byService(after, before.worker);
  for (const [service, n] of Object.entries(byService(apiAfter, before.api)))
    recorded[service] = (recorded[service] ?? 0) + n;
  const received: Record<string, number> = {};
  for (const [service, n] of Object.entries(simAfter.requestsByService)) {
    const d = n - (before.sim.requestsByService[service] ?? 0);
    if (d) received[SIM_SERVICE[service] ?? service] = d;
  }
  expect(recorded).toEqual(received);
  expect(total(after, 'wa_outside_call_duration_seconds_count')).toBe(total(after, 'wa_outside_calls_total'));
  expect(deltaBy(before.api, apiAfter, 'wa_outside_calls_total', 'operation')).toEqual({
    'GET /partners/{}/clients': 1, // the WABA lookup before a partner change starts
  });

  // API requests: every request this test sent, by method and status, and the route templates.
  const sentBy: Record<string, number> = {};
  for (const s of flows.sent) sentBy[s] = (sentBy[s] ?? 0) + 1;
  const answered: Record<string, number> = {};
  for (const s of apiAfter.filter((x) => x.name === 'http_request_duration_seconds_count')) {
    const key = `${s.labels.method} ${s.labels.status}`;
    const d = s.value - total(before.api, s.name, s.labels);
    if (d) answered[key] = (answered[key] ?? 0) + d;
  }
  expect(answered).toEqual(sentBy);
  expect(deltaBy(before.api, apiAfter, 'http_request_duration_seconds_count', 'route', { method: 'POST' })).toEqual({
    '/v1/port-ins': 3,
    '/v1/port-outs': 1,
    '/v1/partner-changes': 1,
    '/v1/migrations/:id/embedded-signup': 1,
    '/v1/migrations/:id/pin': 1,
    '/v1/migrations/:id/events/number-left': 1,
    '/v1/migrations/:id/subscription/keep': 1,
    '/v1/migrations/:id/numbers/confirm': 1,
    '/v1/migrations/:id/numbers/permissions': 1,
  });

  // Bounded labels: no number, WABA, channel or migration ID anywhere; the SDK's worker metrics too.
  const secrets = statuses.flatMap((s) => [s.migrationId, s.migrationId.split(':')[1] ?? '']);
  for (const sample of [...after, ...apiAfter])
    for (const value of Object.values(sample.labels)) for (const id of secrets) expect(value).not.toContain(id);
  for (const name of [
    'temporal_workflow_completed_total',
    'temporal_worker_task_slots_available',
    'temporal_sticky_cache_size',
  ])
    expect(after.some((s) => s.name === name)).toBe(true);
  expect(
    total(after, 'temporal_workflow_completed_total') - total(before.worker, 'temporal_workflow_completed_total'),
  ).toBeGreaterThanOrEqual(5);
});

test('Prometheus loads the alert rules and every dashboard panel answers with data from this run', async () => {
  await new Promise((r) => setTimeout(r, 2_000)); // the last changes scraped
  const rules = (await promApi('/api/v1/rules')) as { groups: { name: string; rules: { health: string }[] }[] };
  const group = rules.groups.find((g) => g.name === 'wa-migrations');
  expect(group?.rules).toHaveLength(9);
  expect(group?.rules.every((r) => r.health === 'ok')).toBe(true);

  // The stalled port-in of the first test fires the stall alerts on the live data.
  const alerts = (await promApi('/api/v1/alerts')) as { alerts: { labels: Record<string, string>; state: string }[] };
  expect(alerts.alerts.map((a) => `${a.labels.alertname} ${a.labels.kind} ${a.state}`).sort()).toEqual([
    'WaMigrationStalled port-in firing',
    'WaWaitDeadlinesReached port-in firing',
  ]);

  // Every panel answers with data. Its values are not checked here (the first test checks the
  // counters exactly): rates over a series that appeared at 1 stay 0 until it moves again (ops.md),
  // and which ones moved between two scrapes depends on the machine's load.
  const empty: string[] = [];
  for (const { panel, expr } of dashboardQueries('1m')) {
    if ((await promQuery(expr)).length === 0) empty.push(`${panel}: ${expr}`);
  }
  expect(empty).toEqual([]);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
    const expr =
      'histogram_quantile(0.95, sum by (kind, step, le) (increase(wa_migration_step_duration_seconds_bucket[2m]))) > 0';
    await page.goto(`${prometheus.url}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=0&g0.range_input=1m`);
    await page.getByText('AWAITING_PIN').first().waitFor({ timeout: 15_000 });
    const shots =
      process.env.RECORD_SCREENSHOTS === '1'
        ? path.resolve(__dirname, '../../docs/images')
        : mkdtempSync(path.join(tmpdir(), 'prometheus-'));
    await page.screenshot({ path: path.join(shots, 'prometheus-step-time.png') });
  } finally {
    await browser.close();
  }
});

// --- Prometheus's HTTP API -------------------------------------------------------------------

async function promApi(pathAndQuery: string): Promise<unknown> {
  const res = await fetch(`${prometheus.url}${pathAndQuery}`);
  const body = (await res.json()) as { status: string; data: unknown; error?: string };
  if (body.status !== 'success') throw new Error(`${pathAndQuery}: ${body.error ?? res.status}`);
  return body.data;
}

async function promQuery(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const data = (await promApi(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as {
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
  return data.result;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
