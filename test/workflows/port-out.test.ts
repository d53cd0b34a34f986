/**
 * Port-out end to end on the real dev server, a real worker and the simulator over HTTP: owned and
 * shared WABAs, 2FA by poll, signal or solved ticket, the SLA escalation, the number leaving, and
 * the subscription cancellation that needs an explicit confirmation (confirm, decline, deadline).
 */
import { PortOutStep } from '../../contracts/port-out';
import {
  confirmSubscriptionCancellationUpdate,
  declineSubscriptionCancellationUpdate,
  numberLeftSignal,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import {
  callbackSink,
  eventually,
  freshPartnerId,
  partnerChangeInput,
  portOutInput,
  rejectionOf,
  seedWaba,
  startPartnerChange,
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

const confirm = (confirmedBy: string) => ({
  args: [{ confirm: true as const, confirmedBy }] as [{ confirm: true; confirmedBy: string }],
});

test('owned WABA: instructions, 2FA off seen by polling Meta, number leaves, cancellation only after confirmation', async () => {
  const waba = await seedWaba(sim, { ownership: 'owned' });
  const callbacks = callbackSink(sim);
  const input = portOutInput(waba, { callbackUrl: callbacks.url });
  const handle = await startPortOut(stack, input);

  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  const instructions = await eventually(callbacks.events, (es) =>
    es.some((e) => e.data.action === 'disable_two_factor_authentication'),
  );
  expect(
    String(instructions.find((e) => e.data.action === 'disable_two_factor_authentication')?.data.instructions),
  ).toMatch(/Two-step verification/);

  await sim.disableTwoFa(input.phone.e164);
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await sim.markNumberLeft(input.phone.e164);
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);

  // Never on its own: the subscription stays active while nobody confirms.
  await new Promise((r) => setTimeout(r, 1000));
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
  expect(
    await rejectionOf(
      handle.executeUpdate(confirmSubscriptionCancellationUpdate, {
        args: [{ confirm: false, confirmedBy: 'ops' } as never],
      }),
    ),
  ).toEqual({
    type: 'ConfirmationRequired',
    message: 'cancelling is irreversible: send { confirm: true, confirmedBy }',
  });
  expect(await rejectionOf(handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm(' ')))).toMatchObject({
    type: 'ConfirmedByRequired',
  });

  expect(await handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm('alice@example.com'))).toEqual({
    subscription: 'cancelled',
    decidedBy: 'alice@example.com',
  });
  const result = await handle.result();
  expect(result).toMatchObject({
    kind: 'port-out',
    outcome: 'completed',
    step: PortOutStep.DONE,
    subscription: 'cancelled',
    tickets: [],
  });
  expect((await sim.waba(waba.wabaId)).subscription).toBe('cancelled');
  expect((await sim.counters()).subscriptionsCancelledByClient[waba.clientId]).toBe(1);
  await recordFixture(handle, 'port-out-owned-confirmed');
});

test('shared WABA: "2FA disable request" ticket, SLA breach escalates once and keeps waiting, solved ticket ends the wait', async () => {
  const waba = await seedWaba(sim, { ownership: 'shared' });
  const input = portOutInput(waba, { timings: { pollEvery: '200ms', twoFaSla: '2s', remindEvery: '1h' } });
  const handle = await startPortOut(stack, input);

  const waiting = await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  expect(Date.parse(waiting.escalatesAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(2000);
  const [request] = await ticketsAbout(sim, input.phone.e164);
  expect(request).toMatchObject({ topic: '2FA disable request' });

  expect(waiting.escalated).toBe(true); // the request ticket alone: support is involved
  const escalated = await waitForStatus(handle, (s) => s.tickets.some((t) => t.level > 0));
  expect(escalated.step).toBe(PortOutStep.AWAITING_2FA_DISABLED);
  expect(escalated.tickets.map((t) => t.level)).toEqual([0, 1]);
  const escalation = escalated.tickets[1]?.ticketId ?? '';
  const original = await eventually(
    async () => (await sim.tickets()).find((t) => t.id === request?.id),
    (t) => (t?.comments ?? []).some((c) => c.includes(escalation)),
  );
  expect(original?.comments?.at(-1)).toMatch(/SLA of 2s breached/);

  // Still waiting after the escalation; support solving the ticket is the fact (Meta still says on).
  await new Promise((r) => setTimeout(r, 500));
  expect((await waitForStatus(handle, () => true)).step).toBe(PortOutStep.AWAITING_2FA_DISABLED);
  await sim.resolveTicket(request?.id ?? '');
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);

  await sim.markNumberLeft(input.phone.e164);
  await handle.signal(numberLeftSignal, { source: 'operator' });
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  expect(
    await handle.executeUpdate(declineSubscriptionCancellationUpdate, {
      args: [{ declinedBy: 'bob', reason: 'other numbers' }],
    }),
  ).toEqual({
    subscription: 'kept',
    decidedBy: 'bob',
  });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', subscription: 'kept', decidedBy: 'bob' });
  expect(result.reason).toMatch(/declined by bob/);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(2);
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
  await recordFixture(handle, 'port-out-shared-escalated-declined');
});

test('signals alone drive it; no decision before the deadline stalls with the subscription kept, after reminders', async () => {
  const waba = await seedWaba(sim);
  const callbacks = callbackSink(sim);
  const input = portOutInput(waba, {
    callbackUrl: callbacks.url,
    timings: { pollEvery: '1h', remindEvery: '500ms', confirmEscalateAfter: '1h', confirmDeadline: '2s' },
  });
  const handle = await startPortOut(stack, input);
  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  // A decision at the wrong step is refused with a clear answer.
  expect(await rejectionOf(handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm('eve')))).toEqual({
    type: 'WrongStep',
    message: 'the migration is at step AWAITING_2FA_DISABLED, not waiting for a decision on the subscription',
  });

  await handle.signal(twoFactorDisabledSignal, { source: 'webhook' });
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  // A report that the number left is a hint: while 360dialog still shows the channel, the wait goes on.
  await handle.signal(numberLeftSignal, { source: 'api' });
  const doubted = await waitForStatus(handle, (s) =>
    s.timeline.some((e) => /reported as left, but/.test(e.note ?? '')),
  );
  expect(doubted.step).toBe(PortOutStep.AWAITING_NUMBER_LEFT);
  expect(doubted.timeline.at(-1)?.note).toMatch(/360dialog shows channel \S+ running; still waiting/);
  await sim.markNumberLeft(input.phone.e164);
  await handle.signal(numberLeftSignal, { source: 'api' });
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
    subscription: 'kept',
  });
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
  const events = await eventually(callbacks.events, (es) => es.some((e) => e.type === 'migration.stalled'));
  expect(events.filter((e) => e.type === 'migration.reminder').length).toBeGreaterThanOrEqual(2);
});

test('2FA never disabled: the hard deadline stalls the port-out', async () => {
  const waba = await seedWaba(sim);
  const handle = await startPortOut(
    stack,
    portOutInput(waba, { timings: { pollEvery: '200ms', twoFaEscalateAfter: '1s', twoFaDeadline: '2s' } }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'stalled', step: PortOutStep.AWAITING_2FA_DISABLED, subscription: 'active' });
  expect(result.tickets).toHaveLength(1);
  expect(result.reason).toMatch(/not disabled before the deadline/);
});

test('a number that is not on the WABA fails at once; one already gone skips to the confirmation', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const other = await seedWaba(sim, { count: 1 });
  const wrong = await startPortOut(stack, { ...portOutInput(other), wabaId: waba.wabaId });
  expect(await wrong.result()).toMatchObject({ outcome: 'failed', step: PortOutStep.PREPARING });

  const input = portOutInput(waba);
  await sim.markNumberLeft(input.phone.e164);
  const gone = await startPortOut(stack, input);
  await atStep(gone, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await gone.cancel();
  expect(await gone.result()).toMatchObject({ outcome: 'cancelled', subscription: 'active' });
});

test('mutual exclusion: no port-out while its WABA changes partner', async () => {
  const waba = await seedWaba(sim);
  const change = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await waitForStatus(change, (s) => s.step === 'AWAITING_NUMBER_CONFIRMATION');
  const blocked = await startPortOut(stack, portOutInput(waba));
  const result = await blocked.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortOutStep.PREPARING });
  expect(result.reason).toBe(`WABA has migrations in progress: partner-change:${waba.wabaId} (partner-change)`);
  await change.cancel();
});

test('validator rejections leave no update in history', async () => {
  const waba = await seedWaba(sim);
  const handle = await startPortOut(stack, portOutInput(waba));
  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  expect(
    await rejectionOf(handle.executeUpdate(declineSubscriptionCancellationUpdate, { args: [{ declinedBy: 'x' }] })),
  ).toMatchObject({ type: 'WrongStep' });
  expect(
    await rejectionOf(handle.executeUpdate(confirmSubscriptionCancellationUpdate, { args: [undefined as never] })),
  ).toMatchObject({ type: 'WrongStep' });
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});
