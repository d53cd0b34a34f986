/**
 * Codec server access control over real HTTP: a bearer token always works; an allowed browser
 * origin alone works only while the server listens on loopback (the local Web UI cannot send a
 * token, and only local processes reach 127.0.0.1); on any other address a forged `Origin` header
 * gets 401.
 */
import type { Server } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import { createCodecServer, isLoopback, listen } from '../../../codec-server/server';
import { loadConfig } from '../../../temporal.config';
import { EncryptionCodec } from '../../../temporal/encryption-codec';

const UI = 'http://127.0.0.1:8233';
const servers: Server[] = [];
afterAll(async () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

async function start(
  host: string,
): Promise<{ decode: (headers: Record<string, string>) => Promise<Response>; secret: string }> {
  const config = loadConfig({ CODEC_SERVER_HOST: host, CODEC_AUTH_TOKENS: 'ops-token', CODEC_ALLOWED_ORIGINS: UI });
  const server = createCodecServer(config);
  servers.push(server);
  // Bound to loopback in both cases (this machine has no other safe address); the trust decision
  // follows the configured host, which is what a deployment sets.
  const port = await listen(server, 0, '127.0.0.1');
  const secret = 'api-key-7f3a9c';
  const [encoded] = await EncryptionCodec.fromSetting(config.PAYLOAD_ENCRYPTION_KEYS).encode([
    defaultPayloadConverter.toPayload(secret),
  ]);
  const body = JSON.stringify({
    payloads: [
      {
        metadata: Object.fromEntries(
          Object.entries(encoded?.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(encoded?.data ?? []).toString('base64'),
      },
    ],
  });
  const decode = (headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${port}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  return { decode, secret };
}

test('loopback: a token or the local Web UI origin decodes; no credentials or another origin do not', async () => {
  const { decode, secret } = await start('127.0.0.1');
  const ok = await decode({ authorization: 'Bearer ops-token' });
  expect(ok.status).toBe(200);
  expect(
    Buffer.from(((await ok.json()) as { payloads: { data: string }[] }).payloads[0]?.data ?? '', 'base64').toString(),
  ).toContain(secret);
  expect((await decode({ origin: UI })).status).toBe(200);
  expect((await decode({})).status).toBe(401);
  expect((await decode({ origin: 'http://evil.example' })).status).toBe(401);
  expect((await decode({ origin: UI, authorization: 'Bearer wrong' })).status).toBe(401);
});

test('non-loopback address: a forged Origin header is refused, only a token decodes', async () => {
  const { decode } = await start('0.0.0.0');
  expect((await decode({ origin: UI })).status).toBe(401);
  expect((await decode({ authorization: 'Bearer ops-token' })).status).toBe(200);
});

test('what counts as loopback', () => {
  expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
  expect(['0.0.0.0', '10.0.0.5', '::', 'codec.internal'].some(isLoopback)).toBe(false);
});
