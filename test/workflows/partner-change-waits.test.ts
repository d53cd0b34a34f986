/**
 * The client-side waits of a partner change on the real dev server and simulator: reminders while
 * the destination partner approves and while company info / payment method are missing, company
 * info reported by signal, the escalation and deadline of the company-info and permission waits,
 * and a permission grant that 360dialog refuses.
 */
import { PartnerChangeStep } from '../../contracts/partner-change';
import {
  companyInfoCompletedSignal,
  confirmNumbersUpdate,
  getPartnerChangeQuery,
  selectNumbersForPermissionsUpdate,
} from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import {
  callbackSink,
  eventually,
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
type Events = { type: string; data: Record<string, unknown> }[];
const remindersAt = (events: Events, step: string) =>
  events.filter((e) => e.type === 'migration.reminder' && e.data.step === step);

test('reminders while the destination partner has the request pending, until it approves', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const callbacks = callbackSink(sim);
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, dest, {
      callbackUrl: callbacks.url,
      timings: { pollEvery: '200ms', remindEvery: '400ms' },
    }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  const { pcrId } = await handle.query(getPartnerChangeQuery);

  const events = await eventually(
    callbacks.events,
    (es) => remindersAt(es, PartnerChangeStep.AWAITING_PARTNER_APPROVAL).length >= 2,
  );
  expect(remindersAt(events, PartnerChangeStep.AWAITING_PARTNER_APPROVAL)[0]?.data.waitingFor).toBe(
    `partner ${dest} to approve partner change request ${pcrId}`,
  );
  const status = await waitForStatus(handle, () => true);
  expect(
    status.timeline.filter(
      (e) => e.step === PartnerChangeStep.AWAITING_PARTNER_APPROVAL && /^reminder sent: partner/.test(e.note ?? ''),
    ).length,
  ).toBeGreaterThanOrEqual(2);
  expect(status.escalated).toBe(false);

  await sim.approvePcr(pcrId ?? '');
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});

test('reminders while company information, then the payment method, are missing', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false, hasPaymentMethod: false });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { requiresPaymentMethod: true });
  const callbacks = callbackSink(sim);
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, dest, {
      callbackUrl: callbacks.url,
      timings: { pollEvery: '200ms', remindEvery: '400ms' },
    }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));

  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);
  const first = await eventually(
    callbacks.events,
    (es) => remindersAt(es, PartnerChangeStep.AWAITING_COMPANY_INFO).length >= 2,
  );
  expect(remindersAt(first, PartnerChangeStep.AWAITING_COMPANY_INFO)[0]?.data.waitingFor).toBe(
    'the client to add the company information in the 360dialog Hub',
  );
  await sim.completeCompanyInfo(waba.wabaId);

  await atStep(handle, PartnerChangeStep.AWAITING_PAYMENT_METHOD);
  const second = await eventually(
    callbacks.events,
    (es) => remindersAt(es, PartnerChangeStep.AWAITING_PAYMENT_METHOD).length >= 2,
  );
  expect(remindersAt(second, PartnerChangeStep.AWAITING_PAYMENT_METHOD)[0]?.data.waitingFor).toMatch(
    /a payment method/,
  );
  await sim.addPaymentMethod(waba.wabaId);
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  expect((await waitForStatus(handle, () => true)).tickets).toEqual([]);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});

test('company information reported by signal ends the wait (the poll would take an hour)', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false });
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, freshPartnerId(), { timings: { pollEvery: '1h', remindEvery: '1h' } }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);
  // The poll has checked once (it now retries in an hour): only the signal can end the wait.
  await eventually(
    async () => (await handle.describe()).raw.pendingActivities ?? [],
    (as) => as.some((a) => a.activityType?.name === 'awaitAccountRequirement' && (a.attempt ?? 0) >= 2),
  );
  await sim.completeCompanyInfo(waba.wabaId);
  await handle.signal(companyInfoCompletedSignal, { source: 'webhook' });
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  const status = await waitForStatus(handle, () => true);
  expect(status.timeline.map((e) => e.note)).toContain('company-info done');
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(waba.channels[0]?.id ?? ''));
  expect(await handle.result()).toMatchObject({ outcome: 'completed', tickets: [] });
});

test('company information never completed: one escalation ticket, then stalled at the deadline, nothing submitted', async () => {
  const waba = await seedWaba(sim, { count: 1, companyInfoComplete: false });
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, freshPartnerId(), {
      timings: { pollEvery: '200ms', remindEvery: '1h', accountEscalateAfter: '1s', accountDeadline: '2500ms' },
    }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(waba.channels[0]?.id ?? ''));
  const escalated = await waitForStatus(handle, (s) => s.escalated);
  expect(escalated.step).toBe(PartnerChangeStep.AWAITING_COMPANY_INFO);

  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PartnerChangeStep.AWAITING_COMPANY_INFO,
    movedChannelIds: [],
  });
  expect(result.reason).toBe('the client did not add the company information in the 360dialog Hub before the deadline');
  expect(result.tickets.map((t) => [t.step, t.level])).toEqual([[PartnerChangeStep.AWAITING_COMPANY_INFO, 1]]);
  const [ticket] = await ticketsAbout(sim, waba.wabaId);
  expect(ticket).toMatchObject({
    topic: 'Partner change: client action missing',
    subject: expect.stringContaining('company-info missing after 1s') as string,
  });
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBeUndefined();
});

test('no numbers selected for the new partner: one escalation ticket, then stalled with the change done', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const handle = await startPartnerChange(
    stack,
    partnerChangeInput(waba, freshPartnerId(), {
      timings: { pollEvery: '200ms', remindEvery: '1h', permissionsEscalateAfter: '1s', permissionsDeadline: '2500ms' },
    }),
  );
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(...waba.channels.map((c) => c.id)));
  const escalated = await waitForStatus(handle, (s) => s.escalated);
  expect(escalated.step).toBe(PartnerChangeStep.AWAITING_PERMISSION_SELECTION);

  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PartnerChangeStep.AWAITING_PERMISSION_SELECTION,
    permittedChannelIds: [],
  });
  expect(result.movedChannelIds.sort()).toEqual(waba.channels.map((c) => c.id).sort());
  expect(result.reason).toMatch(/no numbers were selected for the new partner before the deadline/);
  expect((await ticketsAbout(sim, waba.wabaId)).map((t) => t.topic)).toEqual([
    'Partner change: permissions not granted',
  ]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  for (const c of waba.channels) expect((await sim.channel(c.id)).permittedPartners).toEqual([]);
});

test('360dialog refuses the permission grant: failed, the change itself done, nobody permitted', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const [channel] = waba.channels;
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, byChannel(channel?.id ?? ''));
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  // Scoped to this channel: other tests granting permissions in parallel are unaffected.
  await sim.scriptError({ op: '360.grantPermissions', preset: 'd360.permission-denied', match: channel?.id ?? '?' });
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, byChannel(channel?.id ?? ''));

  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PartnerChangeStep.GRANTING_PERMISSIONS,
    movedChannelIds: [channel?.id],
    permittedChannelIds: [],
  });
  expect(result.reason).toMatch(
    /^the partner change is complete, but granting permissions failed: .*Permission denied/,
  );
  expect((await sim.channel(channel?.id ?? '')).permittedPartners).toEqual([]);
});
