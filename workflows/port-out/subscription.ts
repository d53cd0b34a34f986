/**
 * After the number has left, the 360dialog subscription keeps billing until cancelled. Cancelling
 * is irreversible, so it NEVER happens on its own: the requester confirms it explicitly with the
 * `confirmSubscriptionCancellation` update (typed `{ confirm: true, confirmedBy }`), or declines
 * and keeps the subscription. Reminders and an escalation while nobody decides; at the deadline
 * the migration stalls with the subscription kept.
 */
import { ActivityFailure, condition, isCancellation, patched } from '@temporalio/workflow';
import type { PortOutAccount } from '../../contracts/port-out';
import {
  PortOutStep,
  type ConfirmCancellationInput,
  type DeclineCancellationInput,
  type SubscriptionDecisionResult,
} from '../../contracts/port-out';
import { acts } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { idempotencyBase } from '../kit/escalation';
import { rejectUpdate, requireStep } from '../kit/updates';
import type { PortOutContext } from './context';
import { REFUND_PATCH, requestRefund } from './refund';
import { respondBy } from '../kit/notifier';

type Decision = { kind: 'confirm' | 'decline'; by: string; reason?: string };

export class SubscriptionCancellation {
  private decision?: Decision;
  private failure?: string;

  constructor(private readonly ctx: PortOutContext) {}

  /** Steps 5-7; the decision arrives by the updates registered in workflow.ts. */
  async run(account: PortOutAccount): Promise<void> {
    const ctx: PortOutContext = this.ctx;
    const { tracker, timings: t, input } = ctx;
    if (account.subscription === 'cancelled') {
      ctx.subscription = 'cancelled';
      tracker.enter(PortOutStep.DONE, 'the subscription was already cancelled');
      ctx.finish('completed');
    }
    tracker.enter(PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
    ctx.notifier.emit('migration.action_required', {
      action: 'confirm_subscription_cancellation',
      clientId: account.clientId,
      otherNumbers: account.otherNumbers,
      message:
        'The number has left 360dialog. Cancel the 360dialog subscription to avoid further charges (irreversible).',
      respondBy: respondBy(t.confirmDeadline),
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
      ctx.finish(
        'stalled',
        'no confirmation to cancel the subscription before the deadline; the subscription was kept',
      );
    }
    ctx.decidedBy = decision.by;
    if (decision.kind === 'decline') {
      ctx.subscription = 'kept';
      tracker.enter(PortOutStep.DONE, `cancellation declined by ${decision.by}`);
      ctx.finish(
        'completed',
        `subscription kept: cancellation declined by ${decision.by}${decision.reason ? ` (${decision.reason})` : ''}`,
      );
    }
    await this.cancel(account, decision.by);
  }

  private async cancel(account: PortOutAccount, confirmedBy: string): Promise<void> {
    const ctx: PortOutContext = this.ctx;
    ctx.tracker.enter(PortOutStep.CANCELLING_SUBSCRIPTION, `confirmed by ${confirmedBy}`);
    try {
      await acts.cancelSubscription({
        clientId: account.clientId,
        idempotencyKey: `${idempotencyBase()}:cancel-subscription`,
      });
    } catch (err) {
      if (isCancellation(err)) {
        // The request may have reached 360dialog before the cancellation: say so, end as cancelled.
        ctx.tracker.note(
          'migration cancelled while cancelling the subscription: check the subscription with 360dialog',
        );
        throw err;
      }
      if (!(err instanceof ActivityFailure)) throw err;
      this.failure = err.cause?.message ?? err.message;
      ctx.finish('failed', `cancelling the subscription failed: ${this.failure}`);
    }
    ctx.subscription = 'cancelled';
    if (patched(REFUND_PATCH)) await requestRefund(ctx, account);
    ctx.tracker.enter(PortOutStep.DONE, 'subscription cancelled');
    ctx.finish('completed');
  }

  validate(u: Partial<ConfirmCancellationInput & DeclineCancellationInput> | undefined, kind: Decision['kind']): void {
    requireStep(this.ctx.tracker, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION, 'a decision on the subscription');
    if (this.decision)
      throw rejectUpdate(
        'AlreadyDecided',
        `${this.decision.by} already ${this.decision.kind === 'confirm' ? 'confirmed' : 'declined'} the cancellation`,
      );
    if (kind === 'confirm') {
      if (u?.confirm !== true)
        throw rejectUpdate('ConfirmationRequired', 'cancelling is irreversible: send { confirm: true, confirmedBy }');
      if (!nonBlank(u.confirmedBy))
        throw rejectUpdate('ConfirmedByRequired', 'confirmedBy must name who confirms the cancellation');
    } else if (!nonBlank(u?.declinedBy)) {
      throw rejectUpdate('DeclinedByRequired', 'declinedBy must name who keeps the subscription');
    }
  }

  /**
   * Answers once the subscription is really cancelled, the cancellation failed, or the migration
   * ended first (cancelled by ops meanwhile): never left unanswered when the run closes.
   */
  async confirm(u: ConfirmCancellationInput): Promise<SubscriptionDecisionResult> {
    const ctx: PortOutContext = this.ctx;
    this.decision = { kind: 'confirm', by: u.confirmedBy };
    ctx.tracker.note(`subscription cancellation confirmed by ${u.confirmedBy}`);
    try {
      await condition(() => ctx.subscription === 'cancelled' || this.failure !== undefined || ended(ctx));
    } catch (err) {
      // The workflow's cancellation reaches this wait first (same root scope): answer it clearly.
      if (!isCancellation(err)) throw err;
      throw rejectUpdate(
        'MigrationEnded',
        'the migration was cancelled before the subscription was cancelled; the subscription may still be active: check it with 360dialog',
      );
    }
    if (ctx.subscription === 'cancelled') return { subscription: 'cancelled', decidedBy: u.confirmedBy };
    if (this.failure) throw rejectUpdate('CancellationFailed', `cancelling the subscription failed: ${this.failure}`);
    throw rejectUpdate(
      'MigrationEnded',
      `the migration ended (${ctx.tracker.status().outcome}) before the subscription was cancelled`,
    );
  }

  decline(u: DeclineCancellationInput): SubscriptionDecisionResult {
    this.decision = { kind: 'decline', by: u.declinedBy, reason: u.reason };
    this.ctx.tracker.note(`subscription cancellation declined by ${u.declinedBy}`);
    return { subscription: 'kept', decidedBy: u.declinedBy };
  }
}

function ended(ctx: PortOutContext): boolean {
  return ctx.tracker.status().outcome !== undefined;
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
