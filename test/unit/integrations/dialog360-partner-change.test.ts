/**
 * Partner change and port-out calls of the 360dialog adapter against the simulator: prerequisites
 * as waits, "different payment processor" as final, manual approval, permissions, cancellation.
 */
import { expectClass, startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => {
  await f.sim.close();
});

let n = 0;
const partnerId = () => `DEST${++n}PA`;

async function pcr(wabaId: string, dest: string, channelIds: string[], key = `pcr-${wabaId}-${dest}`) {
  return f.world.dialog360.createPartnerChangeRequest({
    wabaId,
    destinationPartnerId: dest,
    channelIds,
    idempotencyKey: key,
  });
}

test('lists all numbers of a WABA and reads its client account', async () => {
  const waba = await f.ctl.createWaba({ count: 3, ownership: 'shared' });
  const channels = await f.world.dialog360.listWabaChannels(waba.wabaId);
  expect(channels.map((c) => c.id).sort()).toEqual(waba.channels.map((c) => c.id).sort());
  expect(channels.every((c) => c.status === 'running' && c.wabaId === waba.wabaId)).toBe(true);
  expect(await f.world.dialog360.getClientByWaba(waba.wabaId)).toEqual({
    clientId: waba.clientId,
    wabaId: waba.wabaId,
    companyInfoComplete: true,
    hasPaymentMethod: true,
    wabaOwnership: 'shared',
    subscription: 'active',
    partnerId: 'PARTNER01PA',
  });
  await expectClass(f.world.dialog360.getClientByWaba('waba-unknown'), 'input', 'NOT_FOUND');
});

test('reads the destination partner requirements', async () => {
  const dest = partnerId();
  await f.ctl.setPartner(dest, { autoApprove: false, requiresPaymentMethod: true });
  expect(await f.world.dialog360.getPartner(dest)).toEqual({
    partnerId: dest,
    requiresPaymentMethod: true,
    autoApprove: false,
  });
  await expectClass(f.world.dialog360.getPartner('not-a-partner'), 'input', 'NOT_FOUND');
});

test('auto-approving partner: the request completes and the WABA moves', async () => {
  const waba = await f.ctl.createWaba({ count: 2 });
  const dest = partnerId();
  const req = await pcr(
    waba.wabaId,
    dest,
    waba.channels.map((c) => c.id),
  );
  expect(req).toMatchObject({
    wabaId: waba.wabaId,
    sourcePartnerId: 'PARTNER01PA',
    destinationPartnerId: dest,
    status: 'completed',
  });
  expect((await f.world.dialog360.getClientByWaba(waba.wabaId)).partnerId).toBe(dest);
});

test('manual approval: pending until approved; a rejection is visible with its reason', async () => {
  const dest = partnerId();
  await f.ctl.setPartner(dest, { autoApprove: false });
  const a = await f.ctl.createWaba({ count: 1 });
  const pending = await pcr(a.wabaId, dest, [a.channels[0]?.id ?? '']);
  expect(pending.status).toBe('pending');
  expect((await f.world.dialog360.getPartnerChangeRequest(pending.id)).status).toBe('pending');
  await f.ctl.approvePcr(pending.id);
  expect((await f.world.dialog360.getPartnerChangeRequest(pending.id)).status).toBe('completed');

  const b = await f.ctl.createWaba({ count: 1 });
  const other = await pcr(b.wabaId, dest, [b.channels[0]?.id ?? '']);
  await f.ctl.rejectPcr(other.id, 'not our client');
  expect(await f.world.dialog360.getPartnerChangeRequest(other.id)).toMatchObject({
    status: 'rejected',
    failureReason: 'not our client',
  });
});

test('"Destination partner is using a different payment processor" is final', async () => {
  const dest = partnerId();
  await f.ctl.setPartner(dest, { paymentProcessor: 'legacy-invoicing' });
  const waba = await f.ctl.createWaba({ count: 1 });
  const err = await expectClass(
    pcr(waba.wabaId, dest, [waba.channels[0]?.id ?? '']),
    'final',
    'DIFFERENT_PAYMENT_PROCESSOR',
  );
  expect(err.retryable).toBe(false);
  expect(err.type).toBe('UpstreamFinalError');
});

test('incomplete company info and a missing payment method are waits, cleared by the client', async () => {
  const dest = partnerId();
  await f.ctl.setPartner(dest, { requiresPaymentMethod: true });
  const waba = await f.ctl.createWaba({ count: 1, companyInfoComplete: false, hasPaymentMethod: false });
  const ids = [waba.channels[0]?.id ?? ''];
  await expectClass(pcr(waba.wabaId, dest, ids), 'waiting', 'COMPANY_INFO_INCOMPLETE');
  await f.ctl.completeCompanyInfo(waba.wabaId);
  await expectClass(pcr(waba.wabaId, dest, ids), 'waiting', 'PAYMENT_METHOD_MISSING');
  await f.ctl.addPaymentMethod(waba.wabaId);
  await expect(pcr(waba.wabaId, dest, ids)).resolves.toMatchObject({ status: 'completed' });
});

test('a request that does not list exactly the WABA numbers is rejected as changed (input)', async () => {
  const waba = await f.ctl.createWaba({ count: 2 });
  await expectClass(pcr(waba.wabaId, partnerId(), [waba.channels[0]?.id ?? '']), 'input', 'PCR_CHANGED');
});

test('after the change the new partner is granted the selected numbers; other partners are refused', async () => {
  const waba = await f.ctl.createWaba({ count: 2 });
  const dest = partnerId();
  await pcr(
    waba.wabaId,
    dest,
    waba.channels.map((c) => c.id),
  );
  const first = waba.channels[0]?.id ?? '';
  await f.world.dialog360.grantChannelPermissions({ partnerId: dest, channelIds: [first] });
  expect((await f.ctl.channel(first)).permittedPartners).toEqual([dest]);
  expect((await f.ctl.channel(waba.channels[1]?.id ?? '')).permittedPartners).toEqual([]);
  await expectClass(
    f.world.dialog360.grantChannelPermissions({ partnerId: 'OTHERPA', channelIds: [first] }),
    'permission',
    'PERMISSION_DENIED',
  );
});

test('port-out: the number leaves, then the subscription is cancelled once per key', async () => {
  const waba = await f.ctl.createWaba({ count: 1 });
  const channel = waba.channels[0] as { id: string; e164: string };
  await f.ctl.markNumberLeft(channel.e164);
  expect((await f.world.dialog360.getChannel(channel.id)).status).toBe('migrated_away');
  const req = { clientId: waba.clientId, idempotencyKey: `cancel-${waba.clientId}` };
  await f.world.dialog360.cancelSubscription(req);
  await f.world.dialog360.cancelSubscription(req);
  expect((await f.ctl.counters()).subscriptionsCancelledByClient[waba.clientId]).toBe(1);
  expect((await f.world.dialog360.getClientByWaba(waba.wabaId)).subscription).toBe('cancelled');
  await expectClass(
    f.world.dialog360.cancelSubscription({ clientId: 'cl-nope', idempotencyKey: 'x' }),
    'input',
    'NOT_FOUND',
  );
});
