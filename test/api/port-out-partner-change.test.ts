/**
 * Port-out and partner change over HTTP on the real stack: starts, facts by event endpoint and
 * webhook, the explicit confirmation before cancelling a subscription, the exact list of numbers,
 * permissions, the partner's decision, and the mutual exclusion of migrations (409).
 */
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';
import { call, expectProblem, path, sim, startApi, waitFor, webhook, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const FAST = { pollEvery: '200ms', remindEvery: '1h' };

test('port-out: 2FA by event, number left by webhook, subscription cancelled only on explicit confirmation', async () => {
  const waba = await seedWaba(sim, { count: 1, ownership: 'owned', twoFaEnabled: true });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  const body = { phoneNumber, wabaId: waba.wabaId, timings: FAST };
  const started = await call(api, 'POST', '/v1/port-outs', body);
  expect(started.statusCode).toBe(201);
  const { migrationId } = started.json();
  expect(migrationId).toBe(`port-out:${phoneNumber}`);
  expect((await call(api, 'POST', '/v1/port-outs', body)).statusCode).toBe(200);

  // While the port-out runs, the number cannot be ported in, nor its WABA change partner.
  const portIn = await call(api, 'POST', '/v1/port-ins', {
    path: 'on-premise' as const,
    phoneNumber,
    wabaId: waba.wabaId,
    metaBusinessId: '1234567890',
    businessWebsite: sim.siteUrl('shop'),
    attestations: { adminAccess: true, phoneAccess: true },
  });
  expect(expectProblem(portIn, 409, 'conflict').detail).toContain(migrationId);
  expectProblem(
    await call(api, 'POST', '/v1/partner-changes', { wabaId: waba.wabaId, destinationPartnerId: freshPartnerId() }),
    409,
    'conflict',
  );

  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_2FA_DISABLED');
  const early = await call(api, 'POST', path(migrationId, '/subscription/cancel'), {
    confirm: true,
    confirmedBy: 'ops@example.com',
  });
  expect(expectProblem(early, 409, 'conflict').code).toBe('WrongStep');

  expect(
    (await call(api, 'POST', path(migrationId, '/events/two-factor-disabled'), { eventId: 'ops-1' })).statusCode,
  ).toBe(202);
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_LEFT');
  await sim.markNumberLeft(phoneNumber); // the webhook is a hint: 360dialog must show the number gone
  const left = await webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, {
    event: 'channel_migrated_away',
    phone_number: phoneNumber.slice(1),
  });
  expect(left.json()).toEqual({ status: 'delivered', migrationId });
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');

  const unconfirmed = await call(api, 'POST', path(migrationId, '/subscription/cancel'), {
    confirm: false,
    confirmedBy: 'ops@example.com',
  });
  expect(expectProblem(unconfirmed, 422, 'validation-error').errors?.[0]).toMatchObject({
    field: 'confirm',
    message: expect.stringMatching(/irreversible/),
  });
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');

  const confirmed = await call(api, 'POST', path(migrationId, '/subscription/cancel'), {
    confirm: true,
    confirmedBy: 'ops@example.com',
  });
  expect(confirmed.statusCode).toBe(200);
  expect(confirmed.json()).toEqual({ subscription: 'cancelled', decidedBy: 'ops@example.com' });
  await waitFor(api, migrationId, (m) => m.outcome === 'completed');
  expect((await sim.waba(waba.wabaId)).subscription).toBe('cancelled');
  expectProblem(await call(api, 'GET', path(migrationId, '/api-key')), 409, 'conflict');
});

test('port-out: keeping the subscription ends the migration with it active', async () => {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  const { migrationId } = (
    await call(api, 'POST', '/v1/port-outs', { phoneNumber, wabaId: waba.wabaId, timings: FAST })
  ).json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_LEFT');
  await sim.markNumberLeft(phoneNumber);
  expect((await call(api, 'POST', path(migrationId, '/events/number-left'))).statusCode).toBe(202);
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');
  expectProblem(
    await call(api, 'POST', path(migrationId, '/subscription/keep'), { declinedBy: '  ' }),
    422,
    'validation-error',
  );
  const kept = await call(api, 'POST', path(migrationId, '/subscription/keep'), {
    declinedBy: 'owner@example.com',
    reason: 'other numbers stay',
  });
  expect(kept.json()).toEqual({ subscription: 'kept', decidedBy: 'owner@example.com' });
  expect(await waitFor(api, migrationId, (m) => m.outcome !== undefined)).toMatchObject({
    outcome: 'completed',
    reason: expect.stringMatching(/kept/),
  });
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
});

test('partner change: review and confirm the exact list, permissions for a selection, exclusion of port-outs', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const [a, b] = waba.channels;
  const destinationPartnerId = freshPartnerId();
  const body = { wabaId: waba.wabaId, destinationPartnerId, timings: FAST };
  expectProblem(
    await call(api, 'POST', '/v1/partner-changes', { ...body, destinationPartnerId: 'NOPE' }),
    422,
    'validation-error',
  );
  const started = await call(api, 'POST', '/v1/partner-changes', body);
  expect(started.statusCode).toBe(201);
  const { migrationId } = started.json();
  expect(migrationId).toBe(`partner-change:${waba.wabaId}`);

  expectProblem(
    await call(api, 'POST', '/v1/port-outs', { phoneNumber: a?.e164, wabaId: waba.wabaId }),
    409,
    'conflict',
  );

  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  const view = await call(api, 'GET', path(migrationId, '/partner-change'));
  expect(view.json()).toMatchObject({ wabaId: waba.wabaId, destinationPartnerId, numbersConfirmed: false });
  expect(
    view
      .json()
      .numbers.map((n: { phoneNumber: string }) => n.phoneNumber)
      .sort(),
  ).toEqual([a?.e164, b?.e164].sort());

  const partial = await call(api, 'POST', path(migrationId, '/numbers/confirm'), { phoneNumbers: [a?.e164] });
  expect(expectProblem(partial, 422, 'update-rejected')).toMatchObject({
    code: 'NumberListMismatch',
    detail: expect.stringContaining(`missing: ${b?.e164}`),
  });
  expectProblem(
    await call(api, 'POST', path(migrationId, '/numbers/confirm'), { channelIds: [], phoneNumbers: [] }),
    422,
    'validation-error',
  );
  const confirmed = await call(api, 'POST', path(migrationId, '/numbers/confirm'), {
    phoneNumbers: [a?.e164, b?.e164],
  });
  expect(confirmed.json().confirmed).toHaveLength(2);

  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PERMISSION_SELECTION');
  expect(
    (await call(api, 'POST', path(migrationId, '/numbers/permissions'), { channelIds: [b?.id] })).json().selected,
  ).toHaveLength(1);
  const done = await waitFor(api, migrationId, (m) => m.outcome !== undefined);
  expect(done).toMatchObject({ outcome: 'completed', step: 'DONE', execution: { partnerId: destinationPartnerId } });
  expect((await sim.channel(b?.id ?? '')).permittedPartners).toEqual([destinationPartnerId]);
});

test("partner change: a manual partner's rejection reported by event ends it as failed", async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const destinationPartnerId = freshPartnerId();
  await sim.setPartner(destinationPartnerId, { autoApprove: false });
  const { migrationId } = (
    await call(api, 'POST', '/v1/partner-changes', {
      wabaId: waba.wabaId,
      destinationPartnerId,
      timings: { ...FAST, pollEvery: '1h' },
    })
  ).json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  await call(api, 'POST', path(migrationId, '/numbers/confirm'), { channelIds: waba.channels.map((c) => c.id) });
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PARTNER_APPROVAL');
  expectProblem(
    await call(api, 'POST', path(migrationId, '/events/partner-decision'), { status: 'maybe' }),
    422,
    'validation-error',
  );
  const decided = await call(api, 'POST', path(migrationId, '/events/partner-decision'), {
    status: 'rejected',
    reason: 'not our customer',
  });
  expect(decided.statusCode).toBe(202);
  const end = await waitFor(api, migrationId, (m) => m.outcome !== undefined);
  expect(end).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('not our customer') });
});
