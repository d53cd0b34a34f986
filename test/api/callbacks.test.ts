/**
 * Outbound events: migrations started over HTTP with a `callbackUrl` (the simulator's receiver,
 * which checks each HMAC signature) deliver their events in order, signed, with unique IDs, in
 * the documented envelope, and without a PIN, API key, token or signing secret in them. One
 * migration of each kind: a port-in with a PIN and an escalation, a port-out with reminders, a
 * partner change that the destination partner rejects.
 */
import { callbackEventSchema } from '../../api/callback-events';
import { actionLinks } from '../../secrets/action-links';
import type { CallbackRecord } from '../../simulator/model';
import { eventually, freshPartnerId, seedWaba } from '../harness/waba-fixtures';
import { TOKEN, call, latestPin, path, preparedPortIn, sim, startApi, waitFor, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

let sinks = 0;
/** A callback receiver of its own on the simulator. */
function receiver() {
  const name = `matrix-cb-${process.pid}-${Date.now()}-${++sinks}`;
  return { url: sim.callbackUrl(name), records: () => sim.callbacks(name) };
}

const types = (records: CallbackRecord[]) => records.map((r) => callbackEventSchema.parse(r.body).type);
const untilLast = (read: () => Promise<CallbackRecord[]>, type: string) =>
  eventually(read, (records) => types(records).at(-1) === type, 20_000);

/** What every delivery must be: signed, documented, about this migration, unique, free of secrets. */
function expectCleanDeliveries(records: CallbackRecord[], migrationId: string, secrets: string[]) {
  const events = records.map((r) => callbackEventSchema.parse(r.body));
  expect(records.map((r) => r.signatureValid)).toEqual(records.map(() => true));
  expect(records.map((r) => r.eventId)).toEqual(events.map((e) => e.id));
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  for (const e of events) {
    expect(e).toMatchObject({ migrationId, id: expect.stringMatching(new RegExp(`^${escape(migrationId)}:`)) });
  }
  const config = api.stack.config;
  const all = [
    ...secrets,
    TOKEN,
    config.CALLBACK_SIGNING_SECRET,
    config.WEBHOOK_SIGNING_SECRET,
    config.D360_PARTNER_API_KEY,
    config.META_ACCESS_TOKEN,
    config.SUPPORT_DESK_TOKEN,
  ];
  expect(all.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true);
  // Bodies and headers as received; a failure names the lengths of leaked values, never the values.
  const text = JSON.stringify(records);
  expect(all.filter((secret) => text.includes(secret)).map((secret) => secret.length)).toEqual([]);
  return events;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('port-in with a PIN: action_required (MoB, PIN), escalated after 2 s without a PIN, completed; no PIN or API key', async () => {
  const cb = receiver();
  const body = await preparedPortIn({
    callbackUrl: cb.url,
    timings: { pollEvery: '200ms', resendCooldown: '1s', pinEscalateAfter: '2s' },
  });
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  await untilLast(cb.records, 'migration.escalated');
  const pin = await latestPin(body.phoneNumber);
  const wrong = pin === '000000' ? '111111' : '000000';
  expect((await call(api, 'POST', path(migrationId, '/pin'), { pin: wrong })).json()).toMatchObject({
    status: 'wrong',
  });
  expect((await call(api, 'POST', path(migrationId, '/pin'), { pin })).json()).toEqual({ status: 'verified' });
  const done = await waitFor(api, migrationId, (m) => m.outcome === 'completed');
  const { apiKey } = (await call(api, 'GET', path(migrationId, '/api-key'))).json();

  const records = await untilLast(cb.records, 'migration.completed');
  const events = expectCleanDeliveries(records, migrationId, [pin, wrong, apiKey]);
  // MoB already accepted when the request was submitted: the client is never asked for it.
  expect(events.map((e) => [e.type, e.data.action])).toEqual([
    ['migration.action_required', 'submit_pin'],
    ['migration.escalated', undefined],
    ['migration.completed', undefined],
  ]);
  // The owner's link rides along, minted at delivery (never in history), valid until the PIN deadline.
  const asked = events[0]?.data as { respondBy: string; ownerAction: { url: string; expiresAt: string } };
  expect(asked).toEqual({
    action: 'submit_pin',
    method: 'SMS',
    respondBy: expect.any(String),
    ownerAction: {
      action: 'enter_code',
      url: expect.stringMatching(/\/a\/[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresAt: asked.respondBy,
    },
  });
  expect(Date.parse(asked.respondBy) - Date.parse(events[0]?.occurredAt ?? '')).toBe(72 * 3_600_000);
  const token = asked.ownerAction.url.split('/a/')[1] ?? '';
  expect(await actionLinks(api.stack.config.OWNER_LINK_KEYS).verify(token)).toMatchObject({
    migrationId,
    step: 'AWAITING_PIN',
    action: 'enter_code',
  });
  // The port-in is over: the link opens a page that says so, and does nothing.
  expect((await fetch(`${api.url}/a/${token}`)).status).toBe(410);
  const ticketId = (done as { tickets: { ticketId: string }[] }).tickets[0]?.ticketId;
  expect(ticketId).toMatch(/\S/);
  expect(events[1]?.data).toEqual({ step: 'AWAITING_PIN', ticketId });
  expect(events[2]?.data).toMatchObject({ step: 'DONE' });
}, 90_000);

test('port-out: reminders while 2FA is on, each human step announced, completed after the confirmation', async () => {
  const cb = receiver();
  const waba = await seedWaba(sim, { count: 1, ownership: 'owned', twoFaEnabled: true });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  const started = await call(api, 'POST', '/v1/port-outs', {
    phoneNumber,
    wabaId: waba.wabaId,
    callbackUrl: cb.url,
    timings: { pollEvery: '200ms', remindEvery: '1s' },
  });
  const { migrationId } = started.json();
  await eventually(cb.records, (r) => types(r).filter((t) => t === 'migration.reminder').length >= 2, 20_000);
  expect((await call(api, 'POST', path(migrationId, '/events/two-factor-disabled'))).statusCode).toBe(202);
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_LEFT');
  await sim.markNumberLeft(phoneNumber);
  expect((await call(api, 'POST', path(migrationId, '/events/number-left'))).statusCode).toBe(202);
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');
  const confirm = { confirm: true, confirmedBy: 'ops@example.com' };
  expect((await call(api, 'POST', path(migrationId, '/subscription/cancel'), confirm)).statusCode).toBe(200);

  // The refund and the end are delivered concurrently: wait for both, then read them in emit order.
  const records = await eventually(
    cb.records,
    (r) => types(r).includes('migration.completed') && types(r).includes('migration.refund'),
    20_000,
  );
  const seq = (r: CallbackRecord) => Number((r.eventId ?? '').split(':').at(-1));
  const events = expectCleanDeliveries(
    [...records].sort((a, b) => seq(a) - seq(b)),
    migrationId,
    [],
  );
  const steps = events.filter((e) => e.type !== 'migration.reminder');
  expect(steps.map((e) => [e.type, e.data.action ?? e.data.status])).toEqual([
    ['migration.action_required', 'disable_two_factor_authentication'],
    ['migration.action_required', 'start_migration_at_new_bsp'],
    ['migration.action_required', 'confirm_subscription_cancellation'],
    ['migration.refund', 'nothing-to-refund'],
    ['migration.completed', undefined],
  ]);
  // The reminders came while 2FA was awaited, after its announcement, and say what is awaited.
  const reminders = events.filter((e) => e.type === 'migration.reminder' && e.data.step === 'AWAITING_2FA_DISABLED');
  expect(reminders.length).toBeGreaterThanOrEqual(2);
  const announced = events.findIndex((e) => e.data.action === 'disable_two_factor_authentication');
  expect(events.findIndex((e) => e.type === 'migration.reminder')).toBeGreaterThan(announced);
  expect(reminders[0]?.data.waitingFor).toMatch(/two-step verification/);
}, 90_000);

test('partner change rejected by the destination partner: action_required twice, then failed with the reason', async () => {
  const cb = receiver();
  const waba = await seedWaba(sim, { count: 2 });
  const destinationPartnerId = freshPartnerId();
  await sim.setPartner(destinationPartnerId, { autoApprove: false });
  const { migrationId } = (
    await call(api, 'POST', '/v1/partner-changes', {
      wabaId: waba.wabaId,
      destinationPartnerId,
      callbackUrl: cb.url,
      timings: { pollEvery: '1h', remindEvery: '1h' },
    })
  ).json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  const channelIds = waba.channels.map((c) => c.id);
  expect((await call(api, 'POST', path(migrationId, '/numbers/confirm'), { channelIds })).statusCode).toBe(200);
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PARTNER_APPROVAL');
  const decision = { status: 'rejected', reason: 'not our customer' };
  expect((await call(api, 'POST', path(migrationId, '/events/partner-decision'), decision)).statusCode).toBe(202);

  const events = expectCleanDeliveries(await untilLast(cb.records, 'migration.failed'), migrationId, []);
  expect(events.map((e) => [e.type, e.data.action])).toEqual([
    ['migration.action_required', 'confirm_numbers'],
    ['migration.action_required', 'ask_destination_partner_to_approve'],
    ['migration.failed', undefined],
  ]);
  expect(events[0]?.data.numbers).toHaveLength(2);
  expect(events[2]?.data.reason).toMatch(/rejected by the destination partner: not our customer/);
}, 90_000);
