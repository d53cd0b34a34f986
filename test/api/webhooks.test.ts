/**
 * Inbound 360dialog webhooks over HTTP: signature, staleness and replay checks, the mapping of
 * channel events to the port-in of the number, repeats and out-of-order deliveries.
 */
import { signPayload } from '../../integrations/callbacks';
import {
  call,
  expectProblem,
  latestPin,
  path,
  preparedPortIn,
  request,
  sim,
  startApi,
  waitFor,
  webhook,
  type ApiStack,
} from './api-fixtures';
import { eventually } from '../harness/waba-fixtures';

let api: ApiStack;
let secret: string;
beforeAll(async () => {
  api = await startApi();
  secret = api.stack.config.WEBHOOK_SIGNING_SECRET;
});
afterAll(async () => {
  await api?.close();
});

const channelEvent = (phoneNumber: string, event: string, createdAt = new Date().toISOString()) => ({
  event,
  phone_number: phoneNumber.slice(1), // 360dialog sends the number without +
  channel_id: `ch-${phoneNumber.slice(1)}`,
  client_id: 'client-1',
  created_at: createdAt,
});

describe('signature checks', () => {
  const event = channelEvent('+4915100000001', 'channel_running');

  test('no signature headers, a wrong signature or a body changed after signing: 401, nothing delivered', async () => {
    expectProblem(
      await request(api, {
        method: 'POST',
        url: '/v1/webhooks/360dialog',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      }),
      401,
      'invalid-signature',
    );
    const wrong = await webhook(api, 'not-the-secret-at-all', event);
    expect(expectProblem(wrong, 401, 'invalid-signature').detail).toMatch(/does not match/);
    const ts = String(Math.floor(Date.now() / 1000));
    const tampered = await request(api, {
      method: 'POST',
      url: '/v1/webhooks/360dialog',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': ts,
        'x-signature': signPayload(secret, ts, JSON.stringify(event)),
      },
      payload: JSON.stringify({ ...event, event: 'channel_live' }),
    });
    expectProblem(tampered, 401, 'invalid-signature');
  });

  test('a correctly signed but stale (or future) request is refused as a possible replay', async () => {
    const stale = await webhook(api, secret, event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(expectProblem(stale, 401, 'invalid-signature').detail).toMatch(/stale or replayed/);
    expectProblem(
      await webhook(api, secret, event, { timestamp: Math.floor(Date.now() / 1000) + 600 }),
      401,
      'invalid-signature',
    );
  });

  test('signed but malformed: 400 for broken JSON, 422 for a channel event without a valid number', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = '{"event":';
    const broken = await request(api, {
      method: 'POST',
      url: '/v1/webhooks/360dialog',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': ts,
        'x-signature': signPayload(secret, ts, body),
      },
      payload: body,
    });
    expectProblem(broken, 400, 'malformed-request');
    const noNumber = await webhook(api, secret, { event: 'channel_running', phone_number: '12' });
    expect(expectProblem(noNumber, 422, 'validation-error').errors?.[0]?.field).toBe('phone_number');
    expectProblem(await webhook(api, secret, { event: 'Channel Running!' }), 422, 'validation-error');
  });

  test('the webhook endpoint needs no bearer token, and a bearer token does not replace the signature', async () => {
    const res = await request(api, {
      method: 'POST',
      url: '/v1/webhooks/360dialog',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-token-0123456789' },
      payload: JSON.stringify(event),
    });
    expectProblem(res, 401, 'invalid-signature');
  });
});

describe('delivery', () => {
  test('channel_running drives the waiting port-in; repeats are acknowledged once; late channel_ready changes nothing', async () => {
    // Setup finishes only when told, and polling is slowed to an hour: only the webhook can move it on.
    const body = await preparedPortIn({ timings: { pollEvery: '1h', resendCooldown: '1s' } }, { setupMs: 'manual' });
    const started = await call(api, 'POST', '/v1/port-ins', body);
    const { migrationId } = started.json();
    await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
    expect(
      (await call(api, 'POST', path(migrationId, '/pin'), { pin: await latestPin(body.phoneNumber) })).json(),
    ).toEqual({ status: 'verified' });
    await waitFor(api, migrationId, (m) => m.step === 'AWAITING_SETUP');
    // The safety-net poller checks once at once, then hourly: let that first check pass (on a loaded
    // machine it may start late, and would then see the finished setup itself).
    const handle = api.stack.client.workflow.getHandle(migrationId);
    const pollerAttempt = async () =>
      (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'awaitChannelRunning')
        ?.attempt ?? 0;
    await eventually(pollerAttempt, (attempt) => attempt >= 2);
    await sim.completeSetup(body.phoneNumber);
    await new Promise((r) => setTimeout(r, 700));
    expect((await call(api, 'GET', path(migrationId))).json()).toMatchObject({ step: 'AWAITING_SETUP' });

    const running = channelEvent(body.phoneNumber, 'channel_running');
    const first = await webhook(api, secret, running);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'delivered', migrationId });
    expect((await webhook(api, secret, running)).json()).toEqual({ status: 'duplicate' });
    expect((await webhook(api, secret, running, { eventId: 'dlv-1' })).json()).toEqual({
      status: 'delivered',
      migrationId,
    });
    expect((await webhook(api, secret, running, { eventId: 'dlv-1' })).json()).toEqual({ status: 'duplicate' });

    const done = await waitFor(api, migrationId, (m) => m.outcome !== undefined, 15_000);
    expect(done).toMatchObject({ outcome: 'completed', step: 'DONE' });
    // The status shows the outcome while the run still releases its leases: wait until it has closed.
    await handle.result();

    // An older "ready" arriving after the end: acknowledged, nothing to do.
    const late = await webhook(
      api,
      secret,
      channelEvent(body.phoneNumber, 'channel_ready', new Date(Date.now() - 60_000).toISOString()),
    );
    expect(late.json()).toEqual({ status: 'ignored', migrationId });
    const counters = await sim.counters();
    expect(counters.apiKeysMintedByNumber[body.phoneNumber]).toBe(1);
  });

  test('out of order during the wait: channel_live before channel_ready still counts as running', async () => {
    const body = await preparedPortIn({ timings: { pollEvery: '1h', resendCooldown: '1s' } }, { setupMs: 'manual' });
    const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
    await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
    await call(api, 'POST', path(migrationId, '/pin'), { pin: await latestPin(body.phoneNumber) });
    await waitFor(api, migrationId, (m) => m.step === 'AWAITING_SETUP');
    // The safety-net poller checks once at once, then hourly: let that first check pass (on a loaded
    // machine it may start late, and would then see the finished setup itself).
    const handle = api.stack.client.workflow.getHandle(migrationId);
    const pollerAttempt = async () =>
      (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'awaitChannelRunning')
        ?.attempt ?? 0;
    await eventually(pollerAttempt, (attempt) => attempt >= 2);
    await sim.completeSetup(body.phoneNumber);
    expect((await webhook(api, secret, channelEvent(body.phoneNumber, 'channel_live'))).json()).toMatchObject({
      status: 'delivered',
    });
    const earlier = new Date(Date.now() - 120_000).toISOString();
    expect((await webhook(api, secret, channelEvent(body.phoneNumber, 'channel_ready', earlier))).json()).toMatchObject(
      { status: 'delivered' },
    );
    expect(await waitFor(api, migrationId, (m) => m.outcome !== undefined, 15_000)).toMatchObject({
      outcome: 'completed',
    });
  });

  test('events without a migration, or not about channels, are acknowledged (so 360dialog stops retrying)', async () => {
    const unknown = await webhook(api, secret, channelEvent('+4915100000002', 'channel_running'));
    expect(unknown.json()).toEqual({ status: 'no-migration', migrationId: 'port-in:+4915100000002' });
    const other = await webhook(api, secret, {
      event: 'template_messaging_enabled',
      client_id: 'c-1',
      extra: { anything: true },
    });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ status: 'ignored' });
  });
});
