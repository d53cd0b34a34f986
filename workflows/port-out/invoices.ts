/**
 * 360dialog's first rule for a number that leaves: the client's invoices are paid (a hard gate, read
 * from 360dialog's balance, never assumed). Unpaid: the client is told, reminded, escalated to
 * support after 3 days, and the port-out stalls at 30 days with nothing else done.
 */
import type { PortOutAccount } from '../../contracts/port-out';
import { PortOutStep } from '../../contracts/port-out';
import { acts, pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import type { PortOutContext } from './context';

/** Since 1.2.0 (docs/versioning.md): runs started before go on without the gate. */
export const INVOICES_GATE_PATCH = 'port-out-invoices-gate';

export async function awaitInvoicesCleared(ctx: PortOutContext, account: PortOutAccount): Promise<void> {
  const { tracker, timings: t, input } = ctx;
  const { clientId } = account;
  const owed = await acts.getClientBalance({ clientId });
  if (owed.unpaidInvoices === 0 && owed.balance >= 0) {
    tracker.note(`no outstanding invoices (balance ${owed.balance.toFixed(2)} ${owed.currency})`);
    return;
  }
  const what = `${owed.unpaidInvoices} unpaid invoice(s), balance ${owed.balance.toFixed(2)} ${owed.currency}`;
  tracker.enter(PortOutStep.AWAITING_INVOICES_CLEARED, `client ${clientId}: ${what}`);
  ctx.notifier.emit('migration.action_required', {
    action: 'settle_invoices',
    clientId,
    unpaidInvoices: owed.unpaidInvoices,
    balance: owed.balance,
    currency: owed.currency,
    message: 'Pay the outstanding 360dialog invoices (Client Hub > Billing); the number cannot leave before.',
  });
  let paid = false;
  const result = await awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: `client ${clientId} to pay the outstanding 360dialog invoices`,
    signalled: () => paid,
    poll: async () => {
      await pollers(t.invoicesDeadline, t.pollEvery).awaitInvoicesCleared({ clientId });
      paid = true;
    },
    escalateAfter: t.invoicesEscalateAfter,
    deadline: t.invoicesDeadline,
    escalation: {
      topic: 'Port-out: unpaid invoices',
      subject: `Unpaid invoices block the port-out of ${input.phone.e164} (client ${clientId})`,
      body: `The number cannot leave 360dialog before client ${clientId} has paid: ${what}.`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline') ctx.finish('stalled', 'the outstanding invoices were not paid before the deadline');
  tracker.note('the outstanding invoices are paid');
}
