/**
 * Secrets never sit in plaintext in workflow history, search attributes or memo: a completed
 * port-in's raw history (read without the codec) contains neither the PIN nor the API key, while
 * an authorised request to the codec server decodes them; unauthorised requests are refused.
 */
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import { createCodecServer, listen } from '../../codec-server/server';
import { portInWorkflow } from '../../workflows';
import { getApiKeyQuery, submitPinUpdate } from '../../workflows/messages';
import { simulatorControl, startStack, testConfig, type TestStack } from '../harness/env';
import { atStep, portInInput } from '../harness/port-in-fixtures';

const sim = simulatorControl();
let stack: TestStack;
let codecServer: Server;
let codecUrl: string;

beforeAll(async () => {
  stack = await startStack({ config: testConfig({ CODEC_AUTH_TOKENS: 'ops-token', CODEC_ALLOWED_ORIGINS: 'http://127.0.0.1:8233' }) });
  codecServer = createCodecServer(stack.config);
  codecUrl = `http://127.0.0.1:${await listen(codecServer, 0)}`;
});
afterAll(async () => {
  codecServer?.close();
  await stack?.close();
});

test('raw history holds no PIN or API key in plaintext; the codec server decodes for the authorised only', async () => {
  const input = portInInput();
  const handle = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  await atStep(handle, PortInStep.AWAITING_PIN);
  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code as string;
  await handle.executeUpdate(submitPinUpdate, { args: [{ pin }] });
  await handle.result();
  const apiKey = (await handle.query(getApiKeyQuery))?.apiKey as string;
  expect(apiKey.length).toBeGreaterThan(10);

  // What anyone with plain server access (Web UI without codec, CLI, database) sees.
  const raw = new Client({ connection: stack.client.connection, namespace: stack.config.TEMPORAL_NAMESPACE });
  const history = await raw.workflow.getHandle(handle.workflowId).fetchHistory();
  const dump = allText(history);
  expect(dump).toContain('runPreflight'); // the dump does hold the readable parts of history
  expect(dump).not.toContain(`"${pin}"`);
  expect(dump).not.toContain(apiKey);
  const description = allText(await raw.workflow.getHandle(handle.workflowId).describe());
  expect(description).not.toContain(apiKey);
  expect(description).not.toContain(pin);

  // The payloads the UI would send to the codec server.
  const payloads = (history.events ?? [])
    .flatMap((e) => e.activityTaskCompletedEventAttributes?.result?.payloads ?? [])
    .map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
  const decode = (headers: Record<string, string>) =>
    fetch(`${codecUrl}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ payloads }) });

  expect((await decode({})).status).toBe(401);
  expect((await decode({ authorization: 'Bearer wrong' })).status).toBe(401);
  expect((await decode({ origin: 'http://evil.example' })).status).toBe(401);
  const ok = await decode({ authorization: 'Bearer ops-token' });
  expect(ok.status).toBe(200);
  const decoded = JSON.stringify(
    ((await ok.json()) as { payloads: { data: string }[] }).payloads.map((p) => Buffer.from(p.data, 'base64').toString()),
  );
  expect(decoded).toContain(apiKey);
  expect((await decode({ origin: 'http://127.0.0.1:8233' })).status).toBe(200);
});

/** Every string and every byte array (as text) anywhere in an object: what a reader of raw history could see. */
function allText(value: unknown, out: string[] = []): string {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allText(v, out);
  return out.join('\n');
}
