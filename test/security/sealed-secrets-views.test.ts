/**
 * People who may read payloads do not read secrets: a completed port-in (a wrong PIN, then the right
 * one, then its API key) and a port-in waiting for its PIN after a wrong one are opened where ops
 * look at them, authorised to decode payloads: the codec server's `/decode` of every payload of
 * their histories, `temporal workflow show --output json` through the codec, and the Temporal Web UI
 * in headless Chromium with every history event expanded. None shows a PIN or the API key this
 * test knows; all show the `sealed:<purpose>:<keyId>:…` placeholders instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMigrationsClient, type MigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, freshNumber } from '../harness/port-in-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const sixDigitToken = (pin: string) => new RegExp(`(?<![0-9])${pin}(?![0-9])`);
let stack: TestStack;
let browser: Browser;
let migrations: MigrationsClient;
const runs: { id: string; secrets: string[]; placeholders: string[] }[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  stack = await startStack();
  migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const sim = simulatorControl();
  const start = async () => {
    const phoneNumber = freshNumber();
    const { migrationId } = await migrations.startPortIn({
      path: 'on-premise' as const,
      phoneNumber,
      wabaId: `waba-${phoneNumber.slice(1)}`,
      metaBusinessId: '1234567890',
      businessWebsite: sim.siteUrl('shop'),
      attestations: { adminAccess: true, phoneAccess: true },
      timings: { pollEvery: '200ms' },
    });
    await atStep(stack.client.workflow.getHandle(migrationId), PortInStep.AWAITING_PIN);
    const pin = (await sim.inbox(phoneNumber)).at(-1)?.code as string;
    const wrong = pin === '000000' ? '111111' : String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
    expect(await migrations.submitPin(migrationId, { pin: wrong })).toMatchObject({ status: 'wrong' });
    return { migrationId, pin, wrong };
  };
  const done = await start();
  expect(await migrations.submitPin(done.migrationId, { pin: done.pin })).toEqual({ status: 'verified' });
  await stack.client.workflow.getHandle(done.migrationId).result();
  const { apiKey } = await migrations.fetchApiKey(done.migrationId);
  expect(apiKey.length).toBeGreaterThan(10);
  const waiting = await start();
  const keyId = stack.config.SECRET_SEALING_KEYS.split(':')[0];
  runs.push(
    {
      id: done.migrationId,
      secrets: [done.pin, done.wrong, apiKey],
      placeholders: [`sealed:pin:${keyId}:…`, `sealed:api-key:${keyId}:…`],
    },
    { id: waiting.migrationId, secrets: [waiting.pin, waiting.wrong], placeholders: [`sealed:pin:${keyId}:…`] },
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The secrets of a run found in `text`, by name (PINs as six-digit tokens). */
function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => (/^\d{6}$/.test(s) ? sixDigitToken(s).test(text) : text.includes(s)));
}

test('the codec server decodes every payload of both histories, with secrets as placeholders only', async () => {
  for (const run of runs) {
    const history = await stack.client.workflow.getHandle(run.id).fetchHistory();
    const payloads = allPayloads(history).map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
    const res = await fetch(`${process.env.TEST_CODEC_URL}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.TEST_CODEC_TOKEN}` },
      body: JSON.stringify({ payloads }),
    });
    expect(res.status).toBe(200);
    const decoded = ((await res.json()) as { payloads: { data: string }[] }).payloads
      .map((p) => Buffer.from(p.data, 'base64').toString())
      .join('\n');
    expect(decoded).toContain('PREFLIGHT'); // decoded for real: the payloads are readable
    expect({ run: run.id, leaks: leaks(decoded, run.secrets) }).toEqual({ run: run.id, leaks: [] });
    for (const placeholder of run.placeholders) expect(decoded).toContain(placeholder);
    expect(decoded).not.toMatch(/sealed:v1:/);
  }
});

test('temporal workflow show --output json through the codec shows placeholders, no secret', async () => {
  for (const run of runs) {
    const shown = await cli([
      'workflow',
      'show',
      '-w',
      run.id,
      '--output',
      'json',
      '--codec-endpoint',
      process.env.TEST_CODEC_URL as string,
      '--codec-auth',
      `Bearer ${process.env.TEST_CODEC_TOKEN}`,
    ]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    // JSON output keeps payload data base64-encoded: scan it raw and decoded.
    const datas = [...shown.stdout.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1] as string, 'base64').toString('utf8'),
    );
    const text = [shown.stdout, ...datas].join('\n');
    expect(text).toContain('PREFLIGHT'); // decoded through the codec for real
    expect({ run: run.id, leaks: leaks(text, run.secrets) }).toEqual({ run: run.id, leaks: [] });
    for (const placeholder of run.placeholders) expect(text).toContain(placeholder);
  }
});

test('the Web UI with every history event expanded shows placeholders, no secret', async () => {
  const ui = process.env.TEST_TEMPORAL_UI_URL as string;
  for (const run of runs) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(run.id)}`);
    await page.getByText('Event History', { exact: false }).first().waitFor({ timeout: 30_000 });
    const text = await expandedHistoryText(page, run.placeholders);
    expect({ run: run.id, leaks: leaks(text, run.secrets) }).toEqual({ run: run.id, leaks: [] });
    for (const placeholder of run.placeholders) expect(text).toContain(placeholder);
    await page.close();
  }
}, 180_000);

/** Expands every event of the history view and returns the text of all frames once every placeholder shows. */
async function expandedHistoryText(page: Page, expected: string[], timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  const rows = page.locator('tr[data-testid="event-summary-row"]');
  await rows.first().waitFor({ timeout: 30_000 });
  // Each row opens its event's details (payloads decoded through the codec server) on a click.
  await rows.evaluateAll((els) => els.forEach((el) => (el as unknown as { click(): void }).click()));
  while (Date.now() < deadline) {
    const texts = await Promise.all(
      page.frames().map((f) =>
        f
          .locator('body')
          .innerText()
          .catch(() => ''),
      ),
    );
    text = texts.join('\n');
    if (expected.every((p) => text.includes(p))) return text;
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: `/tmp/sealed-ui-${Date.now()}.png`, fullPage: true });
  return text;
}

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.env.TEST_TEMPORAL_CLI as string, args, {
    env: { ...process.env, TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every payload (`{ metadata, data }`) anywhere in the history: inputs, results, update arguments, heartbeats. */
function allPayloads(
  value: unknown,
  out: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[] = [],
): typeof out {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const v = value as Record<string, unknown>;
    if (v.data instanceof Uint8Array && v.metadata && typeof v.metadata === 'object')
      out.push(v as (typeof out)[number]);
    else for (const child of Object.values(v)) allPayloads(child, out);
  }
  return out;
}
