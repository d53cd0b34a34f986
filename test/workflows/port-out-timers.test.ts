/**
 * Port-out at its REAL default durations on the time-skipping test server: the shared WABA's
 * 72-hour "2FA disable request" SLA escalates exactly once (counted by the simulator) and the flow
 * keeps waiting; the subscription is never cancelled on its own, even 30 days later; a number that
 * never leaves escalates at 7 days and stalls at 30 (that test polls daily, see there).
 */
import { PortOutStep } from '../../contracts/port-out';
import { confirmSubscriptionCancellationUpdate, numberLeftSignal } from '../../contracts/messages';
import { simulatorControl } from '../harness/env';
import { atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { timeSkippingStack } from '../harness/time-skipping';
import { portOutInput, seedWaba, startPortOut, ticketsAbout } from '../harness/waba-fixtures';

const sim = simulatorControl();
const ts = timeSkippingStack();

const HOUR = 3_600_000;

test('shared WABA: the 72 h SLA breach opens exactly one escalation ticket; the flow keeps waiting and completes', async () => {
  const waba = await seedWaba(sim, { ownership: 'shared', count: 1 });
  const input = portOutInput(waba, { timings: undefined });
  const handle = await startPortOut(ts.stack, input);
  const waiting = await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED, 60_000);
  expect(Date.parse(waiting.escalatesAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(72 * HOUR);
  expect(Date.parse(waiting.deadlineAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(14 * 24 * HOUR);

  // The request ticket alone already shows the migration as escalated (support is involved).
  expect(waiting.escalated).toBe(true);
  await ts.env.sleep('71 hours');
  expect((await waitForStatus(handle, () => true)).tickets.map((t) => t.level)).toEqual([0]);
  await ts.env.sleep('2 hours');
  const escalated = await waitForStatus(handle, (s) => s.tickets.some((t) => t.level > 0), 60_000);
  expect(escalated.step).toBe(PortOutStep.AWAITING_2FA_DISABLED);
  expect(escalated.tickets.map((t) => [t.level, t.step])).toEqual([
    [0, PortOutStep.REQUESTING_2FA_DISABLE],
    [1, PortOutStep.AWAITING_2FA_DISABLED],
  ]);

  // Hours later: still waiting, still exactly one escalation.
  await ts.env.sleep('6 hours');
  expect((await waitForStatus(handle, () => true)).step).toBe(PortOutStep.AWAITING_2FA_DISABLED);
  const tickets = await ticketsAbout(sim, input.phone.e164);
  expect(tickets.map((t) => t.topic)).toEqual(['2FA disable request', 'Port-out: 2FA disable request SLA breached']);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(2);

  await sim.resolveTicket(tickets[0]?.id ?? '');
  await ts.env.sleep('11 minutes'); // the next ticket poll (backed off to at most 10 min) sees it solved
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT, 30_000);
  await sim.markNumberLeft(input.phone.e164);
  await handle.signal(numberLeftSignal, { source: 'operator' });
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION, 30_000);
  await handle.executeUpdate(confirmSubscriptionCancellationUpdate, {
    args: [{ confirm: true, confirmedBy: 'ops@example.com' }],
  });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', subscription: 'cancelled' });
  expect(result.tickets).toHaveLength(2);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(2);
}, 180_000);

test('nobody confirms: 30 days later the port-out stalls with the subscription kept, one escalation at 7 days', async () => {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
  const input = portOutInput(waba, { timings: undefined });
  await sim.markNumberLeft(input.phone.e164);
  const handle = await startPortOut(ts.stack, input);
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION, 60_000);

  await ts.env.sleep('31 days');
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
    subscription: 'kept',
  });
  expect(result.tickets.map((t) => t.level)).toEqual([1]);
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
  expect((await sim.counters()).subscriptionsCancelledByClient[waba.clientId]).toBeUndefined();
}, 120_000);

test('the number never leaves: one escalation at 7 days, stalled at the 30-day deadline, subscription untouched', async () => {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
  // Real escalation and deadline; the poll runs daily instead of every 5-10 min: ~4,000 checks in
  // 30 days cost ~30 s of CPU here, and the poll's cadence is not what this test is about.
  const input = portOutInput(waba, { timings: { pollEvery: '1d' } });
  const handle = await startPortOut(ts.stack, input);
  const waiting = await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT, 60_000);
  expect(Date.parse(waiting.escalatesAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(7 * 24 * HOUR);
  expect(Date.parse(waiting.deadlineAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(30 * 24 * HOUR);

  await ts.env.sleep('6 days');
  expect((await waitForStatus(handle, () => true)).escalated).toBe(false);
  await ts.env.sleep('2 days');
  const escalated = await waitForStatus(handle, (s) => s.escalated, 60_000);
  expect(escalated.step).toBe(PortOutStep.AWAITING_NUMBER_LEFT);
  expect((await ticketsAbout(sim, input.phone.e164)).map((t) => t.topic)).toEqual(['Port-out not completed']);

  // A pending poll keeps the server from skipping on its own while we await the result.
  await ts.env.sleep('23 days');
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'stalled', step: PortOutStep.AWAITING_NUMBER_LEFT, subscription: 'active' });
  expect(result.reason).toBe('the number did not leave 360dialog before the deadline; the subscription is unchanged');
  expect(result.tickets.map((t) => [t.step, t.level])).toEqual([[PortOutStep.AWAITING_NUMBER_LEFT, 1]]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
}, 120_000);
