/**
 * The README's first command, as a smoke test: `npm start -- --once` brings the whole stack up
 * (dev server, codec server, simulator, worker, API), drives one migration of each kind through
 * the HTTP API with a visible timeline, prints where to look, and exits leaving nothing behind.
 * With `--observability`: a local Prometheus scrapes every process's `/metrics` meanwhile.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchStack, stackPorts } from '../harness/stack-process';

const BASE = 29233;

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

test('npm start -- --once: four migrations (the Cloud-API port-in first) and a batch complete with their timelines, then everything stops', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-demo-'));
  const run = launchStack({ ...stackPorts(BASE), DATA_DIR: dataDir }, ['--once', '--observability']);
  const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 240_000))]);
  if (code === 'timeout') run.child.kill('SIGINT');
  const out = run.output().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''); // no colours
  expect({ code, tail: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, tail: '' });

  for (const demo of [
    'Demo 1/5: Cloud-API port-in',
    'Demo 2/5: On-Premise port-in',
    'Demo 3/5: port-out',
    'Demo 4/5: partner change',
    'Demo 5/5: a batch of 6 port-outs',
  ])
    expect(out).toContain(demo);
  expect(out.match(/✔ outcome completed/g)).toHaveLength(4);
  // Each flow's timeline reaches its end, and the human steps were shown as the curl calls they are.
  for (const step of [
    'AWAITING_EMBEDDED_SIGNUP',
    'MIGRATING_TEMPLATES',
    'REGISTERING',
    'AWAITING_PIN',
    'GENERATING_API_KEY',
    'AWAITING_CANCELLATION_CONFIRMATION',
    'AWAITING_PERMISSION_SELECTION',
    'DONE',
  ]) {
    expect(out).toContain(step);
  }
  expect(out).toMatch(/curl -sX POST \$API\/v1\/migrations\/port-in%3A%2B\d+\/pin/);
  expect(out).toContain(`Web UI  http://127.0.0.1:${BASE + 1}/namespaces/default/workflows/port-in%3A`);
  expect(out).toContain('CLI recipes');
  // Where the metrics are, and the Prometheus that scraped them with the alert rules loaded.
  expect(out).toContain(
    `metrics (Prometheus): worker http://127.0.0.1:${BASE + 6}/metrics, API http://127.0.0.1:${BASE + 7}/metrics, ` +
      `codec server http://127.0.0.1:${BASE + 10}/metrics, Temporal server http://127.0.0.1:${BASE + 8}/metrics`,
  );
  expect(out).toContain(`Prometheus http://127.0.0.1:${BASE + 9} scrapes them, alert rules loaded`);
  const scraped = readFileSync(path.join(dataDir, 'prometheus', 'prometheus.yml'), 'utf8');
  for (const job of ['wa-worker', 'wa-api', 'wa-codec', 'temporal-server'])
    expect(scraped).toContain(`job_name: ${job}`);
  // The batch: progress lines until every item is accounted for, the items as CSV (5 kept, 1 failed).
  expect(out).toMatch(/drained +ended 6/);
  expect(out.match(/,port-out,port-out:\+\d+,ended,DONE,completed,/g)).toHaveLength(5);
  expect(out.match(/,port-out,port-out:\+\d+,ended,PREPARING,failed,/g)).toHaveLength(1);
  // Secrets stay off the screen: the PIN not at all, the API key only as a masked prefix.
  expect(out).toMatch(/the phone received a 6-digit code by SMS/);
  expect(out).toMatch(/API key \S{4}…•{6}/);
  expect(out).toMatch(/curl -sX POST \$API\/v1\/migrations\/port-in%3A%2B\d+\/embedded-signup .*<code from FB.login>/);
  expect(out).toMatch(/new two-step PIN ••••••/);
  expect(out).toContain('stopped');
  for (let port = BASE; port <= BASE + 10; port++) expect(await portFree(port)).toBe(true);
}, 300_000);
