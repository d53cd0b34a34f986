/**
 * Partner change end to end on the real dev server, a real worker and the simulator over HTTP:
 * the exact list of numbers (mismatch, changed since the review), company info and payment method,
 * auto and manual approval, rejection, "different payment processor", permissions, exclusion.
 */
import { PartnerChangeStep } from '../../contracts/partner-change';
import {
  confirmNumbersUpdate,
  getPartnerChangeQuery,
  partnerChangeDecisionSignal,
  paymentMethodAddedSignal,
  selectNumbersForPermissionsUpdate,
} from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import {
  freshPartnerId,
  partnerChangeInput,
  portOutInput,
  seedWaba,
  startPartnerChange,
  rejectionOf,
  startPortOut,
  ticketsAbout,
} from '../harness/waba-fixtures';

const sim = simulatorControl();
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const byPhone = (...phoneNumbers: string[]) => ({ args: [{ phoneNumbers }] as [{ phoneNumbers: string[] }] });
const byChannel = (...channelIds: string[]) => ({ args: [{ channelIds }] as [{ channelIds: string[] }] });

test('auto-accepting partner: confirm the exact list, change completes, permissions for the selected numbers', async () => {
  const waba = await seedWaba(sim, { count: 3 });
  const dest = freshPartnerId();
  const [a, b, c] = waba.channels;
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  expect((await handle.query(getPartnerChangeQuery)).numbers.map((n) => n.phoneNumber).sort()).toEqual(
    waba.channels.map((ch) => ch.e164).sort(),
  );

  // A partial list is refused: all numbers move together.
  const partial = await rejectionOf(handle.executeUpdate(confirmNumbersUpdate, byPhone(a?.e164 ?? '', b?.e164 ?? '')));
  expect(partial.type).toBe('NumberListMismatch');
  expect(partial.message).toContain(`missing: ${c?.e164}`);
  expect(await rejectionOf(handle.executeUpdate(confirmNumbersUpdate, { args: [{}] }))).toEqual({
    type: 'InvalidSelection',
    message: 'name the numbers by exactly one of channelIds or phoneNumbers',
  });
  const confirmed = await handle.executeUpdate(confirmNumbersUpdate, byPhone(...waba.channels.map((ch) => ch.e164)));
  expect(confirmed.confirmed).toHaveLength(3);

  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  expect(await rejectionOf(handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel()))).toMatchObject({
    type: 'InvalidSelection',
  });
  expect(
    await rejectionOf(handle.executeUpdate(selectNumbersForPermissionsUpdate, byPhone('+4900000000'))),
  ).toMatchObject({
    type: 'UnknownNumbers',
    message: expect.stringContaining('not moved with this partner change: +4900000000') as string,
  });
  expect(
    (await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(a?.id ?? '', c?.id ?? ''))).selected,
  ).toHaveLength(2);

  const result = await handle.result();
  expect(result).toMatchObject({
    kind: 'partner-change',
    outcome: 'completed',
    step: PartnerChangeStep.DONE,
    tickets: [],
  });
  expect(result.movedChannelIds.sort()).toEqual(waba.channels.map((ch) => ch.id).sort());
  expect(result.permittedChannelIds.sort()).toEqual([a?.id, c?.id].sort());
  expect((await sim.waba(waba.wabaId)).partnerId).toBe(dest);
  expect((await sim.channel(a?.id ?? '')).permittedPartners).toEqual([dest]);
  expect((await sim.channel(b?.id ?? '')).permittedPartners).toEqual([]);
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBe(1);
  await recordFixture(handle, 'partner-change-auto-approved');
});

test('a list that changed since the review is refused naming the added number; the new list is then confirmed', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  const reviewed = waba.channels.map((ch) => ch.e164);

  const grown = await sim.createWaba({ wabaId: waba.wabaId, count: 1 });
  const added = grown.channels.find((ch) => !reviewed.includes(ch.e164));
  const changed = await rejectionOf(handle.executeUpdate(confirmNumbersUpdate, byPhone(...reviewed)));
  expect(changed.type).toBe('NumberListChanged');
  expect(changed.message).toContain(`changed since the review (added: ${added?.e164} (${added?.id}); removed: none)`);
  const view = await handle.query(getPartnerChangeQuery);
  expect(view.numbers).toHaveLength(3);
  expect(view.numbersConfirmed).toBe(false);

  await handle.executeUpdate(confirmNumbersUpdate, byChannel(...grown.channels.map((ch) => ch.id)));
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(added?.id ?? ''));
  expect((await handle.result()).movedChannelIds).toHaveLength(3);
});

test('company information, then the payment method the partner requires (an early signal is re-checked)', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false, hasPaymentMethod: false });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { requiresPaymentMethod: true });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));

  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);
  await sim.completeCompanyInfo(waba.wabaId);
  await atStep(handle, PartnerChangeStep.AWAITING_PAYMENT_METHOD);
  // The signal comes before the card is really there: 360dialog refuses, the flow waits again.
  await handle.signal(paymentMethodAddedSignal, { source: 'api' });
  await waitForStatus(handle, (s) => s.timeline.some((e) => /refused the request/.test(e.note ?? '')));
  await atStep(handle, PartnerChangeStep.AWAITING_PAYMENT_METHOD);
  await sim.addPaymentMethod(waba.wabaId);

  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(waba.channels[0]?.id ?? ''));
  expect((await handle.result()).outcome).toBe('completed');
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBe(1);
  await recordFixture(handle, 'partner-change-company-info-payment-method');
});

test('manual approval: pending request escalates once, keeps waiting, completes when the partner approves', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, dest, { timings: { pollEvery: '200ms', approvalEscalateAfter: '1s' } }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));

  const escalated = await waitForStatus(handle, (s) => s.escalated);
  expect(escalated.step).toBe(PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  const { pcrId } = await handle.query(getPartnerChangeQuery);
  expect((await ticketsAbout(sim, pcrId ?? '?')).map((t) => t.topic)).toEqual(['Partner change approval pending']);

  await sim.approvePcr(pcrId ?? '');
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(waba.channels[0]?.id ?? ''));
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', pcrId });
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  await recordFixture(handle, 'partner-change-manual-approval-escalated');
});

test('rejected by the destination partner (polled) ends failed with the reason', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  await sim.rejectPcr((await handle.query(getPartnerChangeQuery)).pcrId ?? '', 'not our customer');
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PartnerChangeStep.AWAITING_PARTNER_APPROVAL,
    movedChannelIds: [],
  });
  expect(result.reason).toMatch(/rejected by the destination partner: not our customer/);
  await recordFixture(handle, 'partner-change-rejected');
});

test('a decision signal (webhook) ends the approval wait; the deadline stalls it otherwise', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const signalled = await startPartnerChange(stack, partnerChangeInput(waba, dest, { timings: { pollEvery: '1h' } }));
  await atStep(signalled, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await signalled.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(signalled, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  await signalled.signal(partnerChangeDecisionSignal, {
    status: 'rejected',
    reason: 'duplicate request',
    source: 'webhook',
  });
  expect((await signalled.result()).reason).toMatch(/duplicate request/);

  const other = await seedWaba(sim, { count: 1 });
  const stalled = await startPartnerChange(
    stack,
    partnerChangeInput(other, dest, {
      timings: { pollEvery: '200ms', approvalEscalateAfter: '1s', approvalDeadline: '2s' },
    }),
  );
  await atStep(stalled, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await stalled.executeUpdate(confirmNumbersUpdate, byChannel(other.channels[0]?.id ?? ''));
  expect(await stalled.result()).toMatchObject({
    outcome: 'stalled',
    step: PartnerChangeStep.AWAITING_PARTNER_APPROVAL,
  });
});

test('"different payment processor": a support ticket, outcome routed-to-support', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { paymentProcessor: 'another-processor' });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'routed-to-support', step: PartnerChangeStep.SUBMITTING });
  expect(result.reason).toMatch(/different payment processor/);
  expect(result.tickets).toHaveLength(1);
  expect((await ticketsAbout(sim, waba.wabaId)).map((t) => t.topic)).toEqual([
    'Partner change: different payment processor',
  ]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  await recordFixture(handle, 'partner-change-routed-to-support');
});

test('mutual exclusion: no partner change while a number of the WABA is migrating', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const portOut = await startPortOut(stack, portOutInput(waba));
  await waitForStatus(portOut, (s) => s.step === 'AWAITING_2FA_DISABLED');
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PartnerChangeStep.PREPARING });
  expect(result.reason).toBe(`WABA has migrations in progress: ${portOut.workflowId} (port-out)`);
  await portOut.cancel();
});
