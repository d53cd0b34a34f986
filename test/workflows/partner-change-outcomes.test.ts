/**
 * Partner change outcomes beyond the main paths, on the real dev server and simulator: a PCR that
 * fails (not rejected), "different payment processor" as the partner's decision, a request refused
 * as outdated (resubmitted after a new confirmation), the WABA already with the partner, the
 * submission limit, and a reported completion that 360dialog must confirm before anything is granted.
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
  seedWaba,
  startPartnerChange,
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

const byChannel = (...channelIds: string[]) => ({ args: [{ channelIds }] as [{ channelIds: string[] }] });
const notes = (s: { timeline: { note?: string }[] }) => s.timeline.map((e) => e.note ?? '');

/** A one-number WABA whose manually approving destination partner has the request pending. */
async function pendingApproval(timings = {}) {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, dest, { timings: { pollEvery: '200ms', remindEvery: '1h', ...timings } }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  const { pcrId } = await handle.query(getPartnerChangeQuery);
  return { waba, dest, handle, pcrId: pcrId ?? '' };
}

test('a PCR that fails on 360dialog (polled) ends failed with its reason, nothing moved', async () => {
  const { handle, pcrId } = await pendingApproval();
  await sim.failPcr(pcrId, 'the WABA is restricted by Meta');
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PartnerChangeStep.AWAITING_PARTNER_APPROVAL,
    movedChannelIds: [],
    tickets: [],
  });
  expect(result.reason).toBe(`partner change request ${pcrId} failed: the WABA is restricted by Meta`);
});

test('"different payment processor" as the partner\'s decision: a support ticket, outcome routed-to-support', async () => {
  const { waba, handle, pcrId } = await pendingApproval();
  await sim.failPcr(pcrId, 'Destination partner is using a different payment processor. Please contact support.');
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'routed-to-support',
    step: PartnerChangeStep.AWAITING_PARTNER_APPROVAL,
    movedChannelIds: [],
  });
  expect(result.reason).toMatch(/different payment processor/);
  expect((await ticketsAbout(sim, waba.wabaId)).map((t) => t.topic)).toEqual([
    'Partner change: different payment processor',
  ]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
});

test('a reported completion is confirmed with 360dialog first: not while the PCR is pending, then once it completed', async () => {
  const { waba, dest, handle, pcrId } = await pendingApproval({ pollEvery: '1h' });
  const [channel] = waba.channels;

  // 360dialog still shows the request pending: the report is noted, the wait goes on.
  await handle.signal(partnerChangeDecisionSignal, { status: 'completed', source: 'api' });
  const unconfirmed = await waitForStatus(handle, (s) =>
    notes(s).some((n) => n.startsWith('reported completion not confirmed')),
  );
  expect(notes(unconfirmed)).toContain(
    `reported completion not confirmed: 360dialog shows request ${pcrId} pending; still waiting`,
  );
  expect(unconfirmed.step).toBe(PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  await new Promise((r) => setTimeout(r, 500));
  expect((await waitForStatus(handle, () => true)).step).toBe(PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  expect((await sim.waba(waba.wabaId)).partnerId).not.toBe(dest);

  // Approved at 360dialog; the next report (the poll would take an hour) is confirmed by one read.
  await sim.approvePcr(pcrId);
  await handle.signal(partnerChangeDecisionSignal, { status: 'completed', source: 'webhook' });
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  expect((await handle.query(getPartnerChangeQuery)).pcrStatus).toBe('completed');
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(channel?.id ?? ''));
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'completed',
    movedChannelIds: [channel?.id],
    permittedChannelIds: [channel?.id],
  });
  expect((await sim.channel(channel?.id ?? '')).permittedPartners).toEqual([dest]);
  await recordFixture(handle, 'partner-change-reported-completion-confirmed');
});

test('refused as outdated (numbers changed while waiting for company info): confirmed again, then resubmitted', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);

  const grown = await sim.createWaba({ wabaId: waba.wabaId, count: 1 });
  await sim.completeCompanyInfo(waba.wabaId);
  // 360dialog answers PCR_CHANGED; the list is re-read and under review again.
  const review = await waitForStatus(
    handle,
    (s) =>
      s.step === PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION && notes(s).some((n) => /refused the request/.test(n)),
  );
  expect(notes(review).find((n) => /refused the request/.test(n))).toMatch(
    /numbers of the WhatsApp Business Account have changed/,
  );
  const view = await handle.query(getPartnerChangeQuery);
  expect(view).toMatchObject({ numbersConfirmed: false });
  expect(view.numbers.map((n) => n.channelId).sort()).toEqual(grown.channels.map((c) => c.id).sort());

  await handle.executeUpdate(confirmNumbersUpdate, byChannel(...grown.channels.map((c) => c.id)));
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(grown.channels[0]?.id ?? ''));
  const result = await handle.result();
  expect(result.outcome).toBe('completed');
  expect(result.movedChannelIds).toHaveLength(2);
  expect(notes(await waitForStatus(handle, () => true))).toContain('submission 2');
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBe(1);
});

test('refused as outdated and no number left on 360dialog: fails after re-reading the list', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);
  await sim.markNumberLeft(waba.channels[0]?.e164 ?? '');
  await sim.completeCompanyInfo(waba.wabaId);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    reason: `WABA ${waba.wabaId} has no numbers on 360dialog any more`,
    movedChannelIds: [],
  });
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBeUndefined();
});

test('a WABA already with the destination partner fails at once, nothing submitted', async () => {
  const dest = freshPartnerId();
  const waba = await seedWaba(sim, { count: 1, partnerId: dest });
  const result = await (await startPartnerChange(stack, partnerChangeInput(waba, dest))).result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PartnerChangeStep.PREPARING,
    reason: `WABA ${waba.wabaId} is already with partner ${dest}`,
  });
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBeUndefined();
});

test('refused five times (payment method reported but never there): the submission limit ends it failed', async () => {
  const waba = await seedWaba(sim, { count: 1, hasPaymentMethod: false });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { requiresPaymentMethod: true });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  const refusals = (s: { timeline: { note?: string }[] }) =>
    notes(s).filter((n) => /refused the request/.test(n)).length;
  for (let round = 0; round < 5; round++) {
    await waitForStatus(handle, (s) => s.step === PartnerChangeStep.AWAITING_PAYMENT_METHOD && refusals(s) === round);
    await handle.signal(paymentMethodAddedSignal, { source: 'api' });
  }
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PartnerChangeStep.SUBMITTING,
    reason: 'the partner change request was refused 5 times',
  });
  expect(refusals(await waitForStatus(handle, () => true))).toBe(5);
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBeUndefined();
}, 90_000);
