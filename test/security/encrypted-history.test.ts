/**
 * Secrets never sit in plaintext in workflow history, search attributes or memo. A completed
 * port-in (with a wrong PIN first), a port-out and a partner change run with distinctive
 * credentials and encryption key; their raw histories and descriptions (read without the codec,
 * as the Web UI without codec, the CLI or the database show them) contain no PIN (searched as a
 * six-digit token anywhere in the text, quoted or not), no API key, no credential and no key
 * material. Unauthorised codec requests are refused; an authorised one decodes the payloads but
 * shows the PINs and the API key, sealed with SECRET_SEALING_KEYS, as `sealed:<purpose>:<keyId>:…`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { PortInStep } from '../../contracts/port-in';
import { PortOutStep } from '../../contracts/port-out';
import { createCodecServer, listen } from '../../codec-server/server';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { portInWorkflow } from '../../workflows';
import * as m from '../../contracts/messages';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { atStep, portInInput } from '../harness/port-in-fixtures';
import {
  freshPartnerId,
  partnerChangeInput,
  portOutInput,
  seedWaba,
  startPartnerChange,
  startPortOut,
} from '../harness/waba-fixtures';
import { sealedPin } from '../harness/sealed-pin';
import { sealerFor } from '../../secrets';

const token = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const KEY = randomBytes(32).toString('base64');
const SEALING_KEY = randomBytes(32).toString('base64');
const CREDENTIALS = {
  API_TOKENS: token('apitoken'),
  D360_PARTNER_API_KEY: token('partnerkey'),
  META_ACCESS_TOKEN: token('metatoken'),
  SUPPORT_DESK_TOKEN: token('supporttoken'),
  CALLBACK_SIGNING_SECRET: token('callbacksecret'),
  WEBHOOK_SIGNING_SECRET: token('webhooksecret'),
  CODEC_AUTH_TOKENS: token('codectoken'),
  PAYLOAD_ENCRYPTION_KEYS: `k1:${KEY}`,
  SECRET_SEALING_KEYS: `s1:${SEALING_KEY}`,
};
const sixDigitToken = (pin: string) => new RegExp(`(?<![0-9])${pin}(?![0-9])`);

const scan = { histories: 0, secrets: 0, leaks: [] as string[] };
let simulator: RunningSimulator;
let sim: SimulatorControl;
let stack: TestStack;
let raw: Client;
let codecServer: Server;
let codecUrl: string;

beforeAll(async () => {
  simulator = await startSimulator({
    port: 0,
    credentials: {
      d360ApiKey: CREDENTIALS.D360_PARTNER_API_KEY,
      metaAccessToken: CREDENTIALS.META_ACCESS_TOKEN,
      supportDeskToken: CREDENTIALS.SUPPORT_DESK_TOKEN,
      callbackSigningSecret: CREDENTIALS.CALLBACK_SIGNING_SECRET,
    },
  });
  sim = new SimulatorControl(simulator.url);
  const { dialog360, meta, support } = sim.urls;
  stack = await startStack({
    config: testConfig({
      ...CREDENTIALS,
      D360_PARTNER_API_URL: dialog360,
      META_GRAPH_URL: meta,
      SUPPORT_DESK_URL: support,
      CODEC_ALLOWED_ORIGINS: 'http://127.0.0.1:8233',
    }),
  });
  // What anyone with plain server access sees: no codec.
  raw = new Client({ connection: stack.client.connection, namespace: stack.config.TEMPORAL_NAMESPACE });
  codecServer = createCodecServer(stack.config);
  codecUrl = `http://127.0.0.1:${await listen(codecServer, 0)}`;
});
afterAll(async () => {
  process.stdout.write(
    `history secrets: ${scan.histories} raw histories with descriptions (search attributes, memo) scanned, ` +
      `${scan.secrets} secret searches (PINs as six-digit tokens, API key, ${Object.keys(CREDENTIALS).length} credentials and key material), ` +
      `${scan.leaks.length} leaks found${scan.leaks.length ? `: ${scan.leaks.join(', ')}` : ''}\n`,
  );
  codecServer?.close();
  await stack?.close();
  await simulator?.close();
});

test('port-in: raw history holds no PIN (any form) or API key; the codec server decodes both for the authorised only', async () => {
  const input = portInInput({ businessWebsite: sim.siteUrl('shop') });
  const handle = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  await atStep(handle, PortInStep.AWAITING_PIN);
  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code as string;
  let wrong = pin;
  while (wrong === pin) wrong = String(randomInt(100_000, 1_000_000));
  expect(
    await handle.executeUpdate(m.submitPinUpdate, { args: [{ pin: sealedPin(wrong, stack.config) }] }),
  ).toMatchObject({
    status: 'wrong',
  });
  expect(await handle.executeUpdate(m.submitPinUpdate, { args: [{ pin: sealedPin(pin, stack.config) }] })).toEqual({
    status: 'verified',
  });
  await handle.result();
  const sealedKey = (await handle.query(m.getApiKeyQuery))?.apiKey as string;
  const apiKey = sealerFor(stack.config).unseal('api-key', sealedKey);
  expect(apiKey.length).toBeGreaterThan(10);

  const { history, text } = await rawView(handle);
  expect(text).toContain('runPreflight'); // the dump does hold the readable parts of history
  const leaks = [
    ...[pin, wrong].filter((p) => sixDigitToken(p).test(text)).map((p) => `PIN ${p}`),
    ...(text.includes(apiKey) ? ['API key'] : []),
    ...leakedCredentials(text),
  ];
  scan.histories++;
  scan.secrets += 3 + Object.keys(CREDENTIALS).length;
  scan.leaks.push(...leaks);
  expect(leaks).toEqual([]);

  // Every payload of the history, as the UI would send it to the codec server.
  const payloads = allPayloads(history).map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  }));
  const decode = (headers: Record<string, string>) =>
    fetch(`${codecUrl}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ payloads }),
    });
  expect((await decode({})).status).toBe(401);
  expect((await decode({ authorization: 'Bearer wrong' })).status).toBe(401);
  expect((await decode({ origin: 'http://evil.example' })).status).toBe(401);
  const ok = await decode({ authorization: `Bearer ${CREDENTIALS.CODEC_AUTH_TOKENS}` });
  expect(ok.status).toBe(200);
  const decoded = ((await ok.json()) as { payloads: { data: string }[] }).payloads
    .map((p) => Buffer.from(p.data, 'base64').toString())
    .join('\n');
  // Payload readers see that a key and two PINs were there, sealed with s1, and nothing of them.
  expect(decoded).toContain('sealed:api-key:s1:…');
  expect(decoded.match(/sealed:pin:s1:…/g)?.length).toBeGreaterThanOrEqual(2);
  expect(decoded).not.toContain(apiKey);
  expect(decoded).not.toContain(sealedKey.split(':')[4]);
  expect(decoded).not.toMatch(sixDigitToken(pin));
  expect(decoded).not.toMatch(sixDigitToken(wrong));
  expect((await decode({ origin: 'http://127.0.0.1:8233' })).status).toBe(200);
});

test('port-out and partner change: no credential or key material in raw history, search attributes or memo', async () => {
  const outWaba = await seedWaba(sim, { count: 1, ownership: 'shared' });
  const portOut = await startPortOut(stack, portOutInput(outWaba));
  const destination = freshPartnerId();
  await sim.setPartner(destination, { autoApprove: false });
  const changeWaba = await seedWaba(sim, { count: 2 });
  const change = await startPartnerChange(stack, partnerChangeInput(changeWaba, destination));

  // Port-out of a shared WABA: the "2FA disable request" ticket is solved, the number leaves, cancellation confirmed.
  await atStep(portOut, PortOutStep.AWAITING_2FA_DISABLED);
  const request = (await portOut.query(m.getStatusQuery)).tickets[0]?.ticketId as string;
  await sim.resolveTicket(request);
  await atStep(portOut, PortOutStep.AWAITING_NUMBER_LEFT);
  await sim.markNumberLeft(outWaba.channels[0]?.e164 as string);
  await atStep(portOut, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await portOut.executeUpdate(m.confirmSubscriptionCancellationUpdate, {
    args: [{ confirm: true, confirmedBy: 'ops@example.com' }],
  });
  // Partner change, approved manually, permissions for one number.
  await atStep(change, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await change.executeUpdate(m.confirmNumbersUpdate, { args: [{ channelIds: changeWaba.channels.map((c) => c.id) }] });
  await atStep(change, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  await sim.approvePcr((await change.query(m.getPartnerChangeQuery)).pcrId as string);
  await atStep(change, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await change.executeUpdate(m.selectNumbersForPermissionsUpdate, {
    args: [{ channelIds: [changeWaba.channels[0]?.id as string] }],
  });
  expect((await portOut.result()).outcome).toBe('completed');
  expect((await change.result()).outcome).toBe('completed');

  for (const handle of [portOut, change]) {
    const { text, description } = await rawView(handle);
    expect(text).toContain(handle.workflowId);
    expect(description).toContain('MigrationKind'); // the search attributes are in the dump
    const leaks = leakedCredentials(text);
    scan.histories++;
    scan.secrets += Object.keys(CREDENTIALS).length;
    scan.leaks.push(...leaks);
    expect(leaks).toEqual([]);
  }
});

/** Raw history and description (search attributes, memo, summary) as text, read without the codec. */
async function rawView(handle: WorkflowHandle) {
  const h = raw.workflow.getHandle(handle.workflowId);
  const history = await h.fetchHistory();
  const description = allText((await h.describe()).raw);
  return { history, description, text: `${allText(history)}\n${description}` };
}

function leakedCredentials(text: string): string[] {
  return Object.entries({ ...CREDENTIALS, PAYLOAD_ENCRYPTION_KEYS: KEY, SECRET_SEALING_KEYS: SEALING_KEY })
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

/**
 * Every string, number, map key and byte array (as text) anywhere in an object: what a reader of
 * raw history could see.
 */
function allText(value: unknown, out: string[] = []): string {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allText(v, out);
    }
  }
  return out.join('\n');
}

/** Every payload (`{ metadata, data }`) anywhere in the history: inputs, results, update arguments, memo. */
function allPayloads(
  value: unknown,
  out: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[] = [],
) {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const v = value as Record<string, unknown>;
    if (v.data instanceof Uint8Array && v.metadata && typeof v.metadata === 'object')
      out.push(v as (typeof out)[number]);
    else for (const child of Object.values(v)) allPayloads(child, out);
  }
  return out;
}
