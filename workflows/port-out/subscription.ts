/**
 * After the number has left, the 360dialog subscription keeps billing until cancelled. Cancelling
 * is irreversible, so it NEVER happens on its own: the requester confirms it explicitly with the
 * `confirmSubscriptionCancellation` update (typed `{ confirm: true, confirmedBy }`), or declines
 * and keeps the subscription. Reminders and an escalation while nobody decides; at the deadline
 * the migration stalls with the subscription kept.
 */
import { ActivityFailure, condition, setHandler } from '@temporalio/workflow';
import type { PortOutAccount } from '../../activities/port-out';
import {
  PortOutStep,
  type ConfirmCancellationInput,
  type DeclineCancellationInput,
  type PortOutResult,
  type SubscriptionDecisionResult,
} from '../../contracts/port-out';
import { acts } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { idempotencyBase } from '../kit/escalation';
import { rejectUpdate, requireStep } from '../kit/updates';
import { confirmSubscriptionCancellationUpdate, declineSubscriptionCancellationUpdate } from '../messages';
import type { PortOutContext } from './context';

type Decision = { kind: 'confirm' | 'decline'; by: string; reason?: string };

export class SubscriptionCancellation {
  private decision?: Decision;
  private failure?: string;

  constructor(private readonly ctx: PortOutContext) {
    // Registered at workflow start so an early confirmation gets a clear "wrong step" answer.
    setHandler(confirmSubscriptionCancellationUpdate, (u) => this.confirm(u), {
      validator: (u) => this.validate(u, 'confirm'),
      description: 'Confirm cancelling the 360dialog subscription (irreversible): { confirm: true, confirmedBy }',
    });
    setHandler(declineSubscriptionCancellationUpdate, (u) => this.decline(u), {
      validator: (u) => this.validate(u, 'decline'),
      description: 'Keep the 360dialog subscription and end the port-out: { declinedBy, reason? }',
    });
  }

  async run(account: PortOutAccount): Promise<PortOutResult> {
    const { ctx } = this;
    const { tracker, timings: t, input } = ctx;
    if (account.subscription === 'cancelled') {
      ctx.subscription = 'cancelled';
      tracker.enter(PortOutStep.DONE, 'the subscription was already cancelled');
      return ctx.finish('completed');
    }
    tracker.enter(PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
    ctx.notifier.emit('migration.action_required', {
      action: 'confirm_subscription_cancellation',
      clientId: account.clientId,
      otherNumbers: account.otherNumbers,
      message: 'The number has left 360dialog. Cancel the 360dialog subscription to avoid further charges (irreversible).',
    });
    await awaitFact({
      tracker,
      notifier: ctx.notifier,
      waitingFor: 'an explicit confirmation to cancel the 360dialog subscription (or a decline)',
      signalled: () => this.decision !== undefined,
      escalateAfter: t.confirmEscalateAfter,
      deadline: t.confirmDeadline,
      escalation: {
        topic: 'Port-out: subscription still active',
        subject: `Subscription of client ${account.clientId} still active after ${input.phone.e164} left`,
        body: `The number left 360dialog ${t.confirmEscalateAfter} ago; nobody has confirmed or declined cancelling the subscription.`,
      },
      remindEvery: t.remindEvery,
      reminderEvent: 'migration.reminder',
    });
    const decision = this.decision;
    if (!decision) {
      ctx.subscription = 'kept';
      return ctx.finish('stalled', 'no confirmation to cancel the subscription before the deadline; the subscription was kept');
    }
    ctx.decidedBy = decision.by;
    if (decision.kind === 'decline') {
      ctx.subscription = 'kept';
      tracker.enter(PortOutStep.DONE, `cancellation declined by ${decision.by}`);
      return ctx.finish('completed', `subscription kept: cancellation declined by ${decision.by}${decision.reason ? ` (${decision.reason})` : ''}`);
    }
    return this.cancel(account, decision.by);
  }

  private async cancel(account: PortOutAccount, confirmedBy: string): Promise<PortOutResult> {
    const { ctx } = this;
    ctx.tracker.enter(PortOutStep.CANCELLING_SUBSCRIPTION, `confirmed by ${confirmedBy}`);
    try {
      await acts.cancelSubscription({ clientId: account.clientId, idempotencyKey: `${idempotencyBase()}:cancel-subscription` });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      this.failure = err.cause?.message ?? err.message;
      return ctx.finish('failed', `cancelling the subscription failed: ${this.failure}`);
    }
    ctx.subscription = 'cancelled';
    ctx.tracker.enter(PortOutStep.DONE, 'subscription cancelled');
    return ctx.finish('completed');
  }

  private validate(u: Partial<ConfirmCancellationInput & DeclineCancellationInput> | undefined, kind: Decision['kind']): void {
    requireStep(this.ctx.tracker, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION, 'a decision on the subscription');
    if (this.decision) throw rejectUpdate('AlreadyDecided', `${this.decision.by} already ${this.decision.kind === 'confirm' ? 'confirmed' : 'declined'} the cancellation`);
    if (kind === 'confirm') {
      if (u?.confirm !== true) throw rejectUpdate('ConfirmationRequired', 'cancelling is irreversible: send { confirm: true, confirmedBy }');
      if (!nonBlank(u.confirmedBy)) throw rejectUpdate('ConfirmedByRequired', 'confirmedBy must name who confirms the cancellation');
    } else if (!nonBlank(u?.declinedBy)) {
      throw rejectUpdate('DeclinedByRequired', 'declinedBy must name who keeps the subscription');
    }
  }

  /** Answers once the subscription is really cancelled (or the cancellation failed). */
  private async confirm(u: ConfirmCancellationInput): Promise<SubscriptionDecisionResult> {
    this.decision = { kind: 'confirm', by: u.confirmedBy };
    this.ctx.tracker.note(`subscription cancellation confirmed by ${u.confirmedBy}`);
    await condition(() => this.ctx.subscription === 'cancelled' || this.failure !== undefined);
    if (this.failure) throw rejectUpdate('CancellationFailed', `cancelling the subscription failed: ${this.failure}`);
    return { subscription: 'cancelled', decidedBy: u.confirmedBy };
  }

  private decline(u: DeclineCancellationInput): SubscriptionDecisionResult {
    this.decision = { kind: 'decline', by: u.declinedBy, reason: u.reason };
    this.ctx.tracker.note(`subscription cancellation declined by ${u.declinedBy}`);
    return { subscription: 'kept', decidedBy: u.declinedBy };
  }
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
