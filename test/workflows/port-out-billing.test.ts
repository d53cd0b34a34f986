/**
 * Port-out's billing rules (360dialog, ../shared/docs/cloud-migration.md §6) on the real dev server
 * and the simulator over HTTP: unpaid invoices hold the number back (a gate read from 360dialog's
 * balance: the client is told, nothing else happens until they are paid), and after the confirmed
 * cancellation the unused funds are asked back once, the outcome in the result.
 */
import { PortOutStep } from '../../contracts/port-out';
import { confirmSubscriptionCancellationUpdate } from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { callbackSink, eventually, portOutInput, seedWaba, startPortOut, ticketsAbout } from '../harness/waba-fixtures';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const confirm = {
  args: [{ confirm: true as const, confirmedBy: 'alice@example.com' }] as [{ confirm: true; confirmedBy: string }],
};

test('unpaid invoices: the client is told, 2FA and the move wait until they are paid; then a refund of the unused funds', async () => {
  const waba = await seedWaba(sim, { count: 1, ownership: 'owned', twoFaEnabled: true });
  await sim.setBalance(waba.wabaId, { balance: -42.5, currency: 'EUR', unpaidInvoices: 2 });
  const callbacks = callbackSink(sim);
  const input = portOutInput(waba, { callbackUrl: callbacks.url });
  const handle = await startPortOut(stack, input);

  const waiting = await atStep(handle, PortOutStep.AWAITING_INVOICES_CLEARED);
  expect(waiting.waitingFor).toMatch(/pay the outstanding 360dialog invoices/);
  expect(waiting.timeline.map((t) => t.note ?? '').join('\n')).toMatch(/2 unpaid invoice\(s\), balance -42\.50 EUR/);
  const told = await eventually(callbacks.events, (es) => es.some((e) => e.data.action === 'settle_invoices'));
  expect(told.find((e) => e.data.action === 'settle_invoices')?.data).toMatchObject({
    unpaidInvoices: 2,
    balance: -42.5,
    currency: 'EUR',
  });
  // Held at the gate: the owner is not asked for 2FA yet.
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await handle.query('getStatus')) as { step: string }).toMatchObject({
    step: PortOutStep.AWAITING_INVOICES_CLEARED,
  });

  // Paid, with funds left over: the port-out goes on by itself (the poller reads the balance).
  await sim.setBalance(waba.wabaId, { balance: 17.25, unpaidInvoices: 0 });
  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  await sim.disableTwoFa(input.phone.e164);
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await sim.markNumberLeft(input.phone.e164);
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'completed',
    subscription: 'cancelled',
    refund: { status: 'requested', amount: 17.25, currency: 'EUR', ticketId: expect.any(String) },
  });
  const refunds = (await ticketsAbout(sim, waba.clientId)).filter((t) => t.topic === 'Refund of unused funds');
  expect(refunds).toHaveLength(1);
  expect((await callbacks.events()).some((e) => e.type === 'migration.refund')).toBe(true);
  await recordFixture(handle, 'port-out-invoices-and-refund');
});

test('nothing owed and nothing left: no gate, no refund ticket, "nothing to refund" in the result', async () => {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
  const input = portOutInput(waba);
  const handle = await startPortOut(stack, input);
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await sim.markNumberLeft(input.phone.e164);
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm);
  const result = await handle.result();
  expect(result.refund).toEqual({ status: 'nothing-to-refund', balance: 0, currency: 'EUR' });
  const { timeline } = (await handle.query('getStatus')) as { timeline: { step: string }[] };
  expect(timeline.map((t) => t.step)).not.toContain(PortOutStep.AWAITING_INVOICES_CLEARED);
  expect((await ticketsAbout(sim, waba.clientId)).filter((t) => t.topic === 'Refund of unused funds')).toEqual([]);
});
