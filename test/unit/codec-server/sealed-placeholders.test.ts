/**
 * The codec server never has the sealing keys: its code does not read SECRET_SEALING_KEYS or import
 * secrets/, a production codec server starts without them, and `/decode` shows every sealed value
 * as `sealed:<purpose>:<keyId>:…`, never its plaintext or ciphertext.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { createCodecServer, listen } from '../../../codec-server/server';
import { SecretSealer } from '../../../secrets';
import { loadConfig } from '../../../temporal.config';
import { EncryptionCodec } from '../../../temporal/encryption-codec';
import { REAL_SECRETS } from '../../foundation/real-secrets';

const servers: Server[] = [];
afterAll(async () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

test('codec-server/ source never reads the sealing keys nor imports the sealer', () => {
  const dir = path.resolve(__dirname, '../../../codec-server');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect({ file, imports: /from '\.\.\/secrets/.test(text) }).toEqual({ file, imports: false });
    // main.ts names the variable only to say it does not use it (loadConfig's `unused`).
    expect(text).not.toMatch(/\.SECRET_SEALING_KEYS|\bsealerFor\b|SecretSealer|process\.env\[/);
  }
});

test('a production codec server needs no sealing keys (they are not refused as missing dev values)', () => {
  const { SECRET_SEALING_KEYS: _none, ...withoutSealing } = REAL_SECRETS;
  const env = { ...withoutSealing, NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal.internal:7233' };
  expect(() => loadConfig(env)).toThrow(/SECRET_SEALING_KEYS/);
  // Everything else production refuses (simulator URLs) is not the codec server's business either,
  // so only the sealing key is the difference here.
  const codecOnly = () => loadConfig({ ...env, NODE_ENV: undefined }, { unused: ['SECRET_SEALING_KEYS'] });
  expect(codecOnly().PAYLOAD_ENCRYPTION_KEYS).toBe(REAL_SECRETS.PAYLOAD_ENCRYPTION_KEYS);
});

test('/decode replaces sealed strings in JSON payloads by purpose and key ID', async () => {
  const config = loadConfig({ CODEC_AUTH_TOKENS: 'ops-token' });
  const server = createCodecServer(config);
  servers.push(server);
  const port = await listen(server, 0, '127.0.0.1');
  const sealer = SecretSealer.fromSetting(`k2:${Buffer.alloc(32, 7).toString('base64')}`);
  const apiKey = 'ak-9f8e7d6c5b4a';
  const value = { id: 'key-1', apiKey: sealer.seal('api-key', apiKey), address: 'https://waba.example' };
  const encoded = await EncryptionCodec.fromSetting(config.PAYLOAD_ENCRYPTION_KEYS).encode([
    defaultPayloadConverter.toPayload(value),
    defaultPayloadConverter.toPayload({ pin: sealer.seal('pin', '424242') }),
  ]);
  const res = await fetch(`http://127.0.0.1:${port}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ops-token' },
    body: JSON.stringify({
      payloads: encoded.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data ?? []).toString('base64'),
      })),
    }),
  });
  expect(res.status).toBe(200);
  const [first, second] = ((await res.json()) as { payloads: { data: string }[] }).payloads.map((p) =>
    JSON.parse(Buffer.from(p.data, 'base64').toString()),
  );
  expect(first).toEqual({ id: 'key-1', apiKey: 'sealed:api-key:k2:…', address: 'https://waba.example' });
  expect(second).toEqual({ pin: 'sealed:pin:k2:…' });
});
