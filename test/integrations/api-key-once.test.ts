/**
 * The API-key activities mint at most once per activity even when 360dialog ignores the
 * Idempotency-Key (a new key revokes the older ones): the key is heartbeated right after minting
 * and an attempt after a lost answer returns it from its heartbeat details. Real adapters against
 * the simulator over HTTP; only the activity context is the SDK's MockActivityEnvironment, which is
 * how a retried attempt's heartbeat details reach the activity. The key is sealed in the result and
 * the heartbeat (only SECRET_SEALING_KEYS holders read it); a plain key heartbeated by an attempt
 * before 1.1.0 is returned sealed, unchanged.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createPortInActivities } from '../../activities/port-in';
import type { SealedChannelApiKey } from '../../contracts/port-in';
import { isSealed } from '../../contracts/sealed';
import { SecretSealer } from '../../secrets';
import { freshNumber, startSimFixture, verifiedPortIn, type SimFixture } from './sim-fixture';

const sealer = SecretSealer.fromSetting(`k1:${Buffer.alloc(32, 3).toString('base64')}`);
let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => f.sim.close());

async function runningChannel(): Promise<string> {
  const e164 = freshNumber();
  await f.ctl.setScenario(e164, { setupMs: 'manual' });
  const s = await verifiedPortIn(f, e164);
  await f.ctl.completeSetup(s.channelId);
  return s.channelId;
}

/** One attempt of an activity; `details` are what the server hands a retry (the last heartbeat). */
async function attempt(
  name: 'generateApiKey' | 'generateApiKeyWhenRunning',
  input: { channelId: string; idempotencyKey: string },
  details?: unknown,
): Promise<{ key: SealedChannelApiKey; heartbeats: unknown[] }> {
  const env = new MockActivityEnvironment({ attempt: details ? 2 : 1, heartbeatDetails: details });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const acts = createPortInActivities(f.world, sealer);
  return { key: await env.run(acts[name], input), heartbeats };
}

test('the minted key is heartbeated at once, so a retry can find it', async () => {
  const channelId = await runningChannel();
  const { key, heartbeats } = await attempt('generateApiKey', { channelId, idempotencyKey: `k-${channelId}` });
  expect(heartbeats).toEqual([key]);
  expect(isSealed(key.apiKey, 'api-key')).toBe(true);
  expect(sealer.unseal('api-key', key.apiKey).length).toBeGreaterThan(10);
  expect((await f.ctl.counters()).apiKeysMintedByChannel[channelId]).toBe(1);
});

test('a plain key heartbeated before 1.1.0 is returned sealed, not minted again', async () => {
  const channelId = await runningChannel();
  const first = await attempt('generateApiKey', { channelId, idempotencyKey: `k0-${channelId}` });
  const plain = { ...first.key, apiKey: sealer.unseal('api-key', first.key.apiKey) };
  const retry = await attempt('generateApiKey', { channelId, idempotencyKey: `k0b-${channelId}` }, plain);
  expect(isSealed(retry.key.apiKey, 'api-key')).toBe(true);
  expect(sealer.unseal('api-key', retry.key.apiKey)).toBe(plain.apiKey);
  expect((await f.ctl.counters()).apiKeysMintedByChannel[channelId]).toBe(1);
});

test('an attempt after a lost answer returns the stored key; no second mint even with a key 360dialog would not dedupe', async () => {
  const channelId = await runningChannel();
  const first = await attempt('generateApiKey', { channelId, idempotencyKey: `k1-${channelId}` });
  // A different Idempotency-Key stands for a 360dialog that ignores it: minting again would revoke the first key.
  const retry = await attempt(
    'generateApiKey',
    { channelId, idempotencyKey: `k2-${channelId}` },
    first.heartbeats.at(-1),
  );
  expect(retry.key).toEqual(first.key);
  expect(retry.heartbeats).toEqual([]);
  expect((await f.ctl.counters()).apiKeysMintedByChannel[channelId]).toBe(1);
  expect((await f.ctl.channel(channelId)).apiKeys).toEqual([{ id: first.key.id, revoked: false }]);
});

test('the key-generation poller reuses a stored key the same way', async () => {
  const channelId = await runningChannel();
  const first = await attempt('generateApiKey', { channelId, idempotencyKey: `k1-${channelId}` });
  const retry = await attempt(
    'generateApiKeyWhenRunning',
    { channelId, idempotencyKey: `k3-${channelId}` },
    first.heartbeats.at(-1),
  );
  expect(retry.key).toEqual(first.key);
  expect((await f.ctl.counters()).apiKeysMintedByChannel[channelId]).toBe(1);
});
