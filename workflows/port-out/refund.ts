/**
 * 360dialog's last rule for a number that left: once the subscription is cancelled, the client's
 * unused funds are asked back. There is no refund API: a support ticket, once (its idempotency key),
 * and the outcome in the result. A failure to ask is reported, never a reason to fail the port-out.
 */
import { ActivityFailure } from '@temporalio/workflow';
import type { PortOutAccount } from '../../contracts/port-out';
import { PortOutStep } from '../../contracts/port-out';
import { acts } from '../kit/activities';
import { idempotencyBase } from '../kit/escalation';
import type { PortOutContext } from './context';

/** Since 1.2.0 (docs/versioning.md): runs that cancelled before end without asking. */
export const REFUND_PATCH = 'port-out-refund';

export async function requestRefund(ctx: PortOutContext, account: PortOutAccount): Promise<void> {
  ctx.tracker.enter(PortOutStep.REQUESTING_REFUND);
  try {
    ctx.refund = await acts.requestRefund({
      clientId: account.clientId,
      e164: ctx.input.phone.e164,
      idempotencyKey: `${idempotencyBase()}:refund`,
    });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    ctx.refund = { status: 'failed', reason: err.cause?.message ?? err.message };
  }
  const r = ctx.refund;
  ctx.tracker.note(
    r.status === 'requested'
      ? `refund of ${r.amount.toFixed(2)} ${r.currency} requested (ticket ${r.ticketId})`
      : r.status === 'nothing-to-refund'
        ? 'no unused funds to refund'
        : `the refund could not be requested: ${r.reason}; ask 360dialog support`,
  );
  ctx.notifier.emit('migration.refund', { ...r });
}
