/**
 * The whole stack as `npm start` runs it (dev server, codec server, simulator, worker, API), at
 * debug level, with distinctive credentials: full migrations of every kind through the HTTP API,
 * then Ctrl-C. Afterwards no process is left, and a scan of ALL output (stdout and every log file)
 * finds no PIN (the codes sent and the wrong PINs submitted, as six-digit tokens), no API key, no
 * token or secret; each migration's own debug entries prove it ran at debug level.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { SimulatorControl } from '../../simulator';
import { freshNumber } from '../harness/port-in-fixtures';
import { launchStack, stackPorts } from '../harness/stack-process';

const BASE = 27233;
const API = `http://127.0.0.1:${BASE + 3}`;
const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const SECRETS = {
  API_TOKENS: secret('apitoken'),
  D360_PARTNER_API_KEY: secret('partnerkey'),
  META_ACCESS_TOKEN: secret('metatoken'),
  SUPPORT_DESK_TOKEN: secret('supporttoken'),
  CALLBACK_SIGNING_SECRET: secret('callbacksecret'),
  WEBHOOK_SIGNING_SECRET: secret('webhooksecret'),
  CODEC_AUTH_TOKENS: secret('codectoken'),
};

async function api<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${API}${url}`, {
    method,
    headers: { authorization: `Bearer ${SECRETS.API_TOKENS}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as T;
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The environment of the stack's worker process, told apart from other stacks' by its DATA_DIR. */
function workerEnvironment(dataDir: string): string[] | undefined {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workers/main.ts')) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (env.includes(`DATA_DIR=${dataDir}`)) return env;
    } catch {
      // the process ended while we read it
    }
  }
  return undefined;
}

const step = (id: string, wanted: string) =>
  until(`${id} at ${wanted}`, async () => {
    const m = await api<{ step: string; outcome?: string }>('GET', `/v1/migrations/${encodeURIComponent(id)}`);
    return m.step === wanted || m.outcome === wanted ? m : undefined;
  });

test('every kind of migration at debug level: no secret in any output; Ctrl-C leaves nothing behind', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-stack-'));
  const stack = launchStack({ ...stackPorts(BASE), ...SECRETS, DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, ['--no-demo']);
  const seen: string[] = Object.values(SECRETS);
  // PINs are six digits: searched as tokens (not inside a longer number such as a timestamp).
  const pins: string[] = [];
  const ids: Record<string, string> = {};
  try {
    await stack.ready();
    // The worker runs with two malloc arenas (docs/ops.md "Worker memory"), as npm start promises.
    const arenas = workerEnvironment(dataDir)?.find((v) => v.startsWith('MALLOC_ARENA_MAX='));
    expect(arenas).toBe('MALLOC_ARENA_MAX=2');
    const sim = new SimulatorControl(`http://127.0.0.1:${BASE + 2}`);
    const fast = { pollEvery: '300ms' };

    // Port-in, with two wrong PINs and a resend by voice.
    const phoneNumber = freshNumber();
    const { migrationId: portIn } = await api<{ migrationId: string }>('POST', '/v1/port-ins', {
      path: 'on-premise' as const,
      phoneNumber,
      wabaId: `waba-${phoneNumber.slice(1)}`,
      metaBusinessId: '1234567890',
      businessWebsite: sim.siteUrl('shop'),
      attestations: { adminAccess: true, phoneAccess: true },
      timings: { ...fast, resendCooldown: '1s' },
    });
    await step(portIn, 'AWAITING_PIN');
    const first = (await sim.inbox(phoneNumber)).at(-1)?.code as string;
    // Two wrong PINs (random, never the code sent), one before and one after a resend by voice.
    const wrong = [wrongPin([first]), ''];
    await api('POST', `/v1/migrations/${encodeURIComponent(portIn)}/pin`, { pin: wrong[0] });
    await new Promise((r) => setTimeout(r, 1100));
    await api('POST', `/v1/migrations/${encodeURIComponent(portIn)}/resend-code`, { method: 'VOICE' });
    const pin = (await sim.inbox(phoneNumber)).at(-1)?.code as string;
    wrong[1] = wrongPin([first, pin, wrong[0] as string]);
    await api('POST', `/v1/migrations/${encodeURIComponent(portIn)}/pin`, { pin: wrong[1] });
    await api('POST', `/v1/migrations/${encodeURIComponent(portIn)}/pin`, { pin });
    await step(portIn, 'completed');
    ids['port-in'] = portIn;
    const key = await api<{ apiKey: string }>('GET', `/v1/migrations/${encodeURIComponent(portIn)}/api-key`);
    pins.push(first, pin, ...(wrong as string[]));
    seen.push(key.apiKey);

    // Port-out of an owned WABA's number, with the confirmed subscription cancellation.
    const outWaba = await sim.createWaba({ count: 1, ownership: 'owned' });
    const outNumber = outWaba.channels[0]?.e164 as string;
    const { migrationId: portOut } = await api<{ migrationId: string }>('POST', '/v1/port-outs', {
      phoneNumber: outNumber,
      wabaId: outWaba.wabaId,
      timings: fast,
    });
    await step(portOut, 'AWAITING_2FA_DISABLED');
    await sim.disableTwoFa(outNumber);
    await api('POST', `/v1/migrations/${encodeURIComponent(portOut)}/events/two-factor-disabled`, {});
    await step(portOut, 'AWAITING_NUMBER_LEFT');
    await sim.markNumberLeft(outNumber);
    await step(portOut, 'AWAITING_CANCELLATION_CONFIRMATION');
    await api('POST', `/v1/migrations/${encodeURIComponent(portOut)}/subscription/cancel`, {
      confirm: true,
      confirmedBy: 'ops@example.com',
    });
    await step(portOut, 'completed');
    ids['port-out'] = portOut;

    // Partner change of a two-number WABA, auto-approved, with permissions for one number.
    const waba = await sim.createWaba({ count: 2 });
    const numbers = waba.channels.map((c) => c.e164);
    const { migrationId: change } = await api<{ migrationId: string }>('POST', '/v1/partner-changes', {
      wabaId: waba.wabaId,
      destinationPartnerId: 'DESTLOGS01PA',
      timings: fast,
    });
    await step(change, 'AWAITING_NUMBER_CONFIRMATION');
    await api('POST', `/v1/migrations/${encodeURIComponent(change)}/numbers/confirm`, { phoneNumbers: numbers });
    await step(change, 'AWAITING_PERMISSION_SELECTION');
    await api('POST', `/v1/migrations/${encodeURIComponent(change)}/numbers/permissions`, {
      phoneNumbers: numbers.slice(0, 1),
    });
    await step(change, 'completed');
    ids['partner-change'] = change;
  } finally {
    stack.child.kill('SIGINT');
    await stack.exited;
  }

  // Ctrl-C: nothing of this stack remains, every port is free again.
  const leftovers = execSync('ps -eo args', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(dataDir));
  expect(leftovers).toEqual([]);
  for (let port = BASE; port <= BASE + 5; port++) expect(await portFree(port)).toBe(true);

  // All output: the launcher's stdout/stderr and every log file of every process.
  const logs = readdirSync(dataDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(path.join(dataDir, f), 'utf8'));
  const everything = [stack.output(), ...logs].join('\n');
  const lines = everything.split('\n');
  expect(everything.length).toBeGreaterThan(10_000); // debug logs were really written
  // Each migration ran at debug level: the worker logged debug entries of its activities.
  const debugOf = (id: string) => lines.filter((l) => l.includes('"level":20') && l.includes(id)).length;
  expect(Object.fromEntries(Object.entries(ids).map(([kind, id]) => [kind, debugOf(id) > 0]))).toEqual({
    'port-in': true,
    'port-out': true,
    'partner-change': true,
  });
  const leaked = [
    ...seen.filter((s) => everything.includes(s)),
    ...pins.filter((p) => new RegExp(`(?<![0-9])${p}(?![0-9])`).test(everything)).map((p) => `PIN ${p}`),
  ];
  process.stdout.write(
    `log redaction: ${seen.length + pins.length} secrets scanned for (${pins.length} PINs, 2 of them wrong ones; API key; ${Object.keys(SECRETS).length} credentials), ` +
      `${lines.length} lines scanned (${logs.length} log files + launcher output, debug level, ${Object.keys(ids).length} kinds of migration), ${leaked.length} leaks found\n`,
  );
  expect(leaked).toEqual([]);
}, 300_000);

/** A six-digit PIN that is none of `not` (so it is surely wrong). */
function wrongPin(not: string[]): string {
  for (;;) {
    const pin = String(randomInt(100_000, 1_000_000));
    if (!not.includes(pin)) return pin;
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
