/**
 * Submits the partner change request to the destination Partner ID (idempotency key: one PCR per
 * run) and follows it: auto-accepted -> done; pending manual approval -> tracked by poll and
 * signal, with reminders, an escalation and a hard deadline; rejected or failed -> 'failed' with
 * the reason. "Different payment processor" cannot be fixed by retrying: a support ticket, then
 * the outcome 'routed-to-support'.
 */
import { ActivityFailure } from '@temporalio/workflow';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { acts, pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { escalate, idempotencyBase } from '../kit/escalation';
import { requirementMissing } from './account';
import type { PartnerChangeContext } from './context';
import { confirmReportedCompletions } from './decision';

const DIFFERENT_PAYMENT_PROCESSOR = /different payment processor/i;

/**
 * Steps 5-6. 'completed' when the numbers are with the new partner, 'resubmit' when 360dialog
 * refused the request for something the client can fix (the WABA's numbers changed: confirm again;
 * a prerequisite is missing after all: wait for it again); any other answer ends the run.
 */
export async function submitAndAwaitApproval(
  ctx: PartnerChangeContext,
  round: number,
): Promise<'completed' | 'resubmit'> {
  const { tracker, input } = ctx;
  tracker.enter(PartnerChangeStep.SUBMITTING, round > 1 ? `submission ${round}` : undefined);
  let outcome;
  try {
    outcome = await acts.submitPartnerChange({
      wabaId: input.wabaId,
      destinationPartnerId: input.destinationPartnerId,
      channelIds: ctx.numbers.map((n) => n.channelId),
      idempotencyKey: `${idempotencyBase()}:partner-change-request:${round}`,
    });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    ctx.finish('failed', `the partner change request was refused: ${err.cause?.message ?? err.message}`);
  }
  if (outcome.kind === 'different-payment-processor') return routeToSupport(ctx, outcome.message);
  if (outcome.kind === 'numbers-changed' || outcome.kind === 'requirement-missing') {
    tracker.note(`360dialog refused the request: ${outcome.message}`);
    if (outcome.kind === 'requirement-missing') requirementMissing(ctx, outcome.requirement);
    else {
      ctx.numbersConfirmed = false;
      ctx.numbersStale = true;
    }
    return 'resubmit';
  }

  ctx.pcrId = outcome.pcrId;
  ctx.pcrStatus = outcome.status;
  tracker.note(`partner change request ${outcome.pcrId}: ${outcome.status}`);
  if (outcome.status === 'created' || outcome.status === 'pending') await awaitApproval(ctx, outcome.pcrId);
  else if (outcome.status !== 'completed')
    ctx.facts.decision = { status: outcome.status, reason: outcome.failureReason };
  await decided(ctx);
  return 'completed';
}

async function awaitApproval(ctx: PartnerChangeContext, pcrId: string): Promise<void> {
  const { tracker, timings: t, input, facts } = ctx;
  tracker.enter(PartnerChangeStep.AWAITING_PARTNER_APPROVAL, `request ${pcrId}`);
  ctx.notifier.emit('migration.action_required', {
    action: 'ask_destination_partner_to_approve',
    pcrId,
    partnerId: input.destinationPartnerId,
  });
  const result = await awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: `partner ${input.destinationPartnerId} to approve partner change request ${pcrId}`,
    signalled: () => facts.decision !== undefined,
    poll: [
      async () => {
        const decision = await pollers(t.approvalDeadline, t.pollEvery).awaitPartnerChangeDecision({ pcrId });
        facts.decision ??= decision;
      },
      // A completion reported by signal counts once 360dialog confirms it (decision.ts).
      () => confirmReportedCompletions(ctx, pcrId),
    ],
    escalateAfter: t.approvalEscalateAfter,
    deadline: t.approvalDeadline,
    escalation: {
      topic: 'Partner change approval pending',
      subject: `Partner change request ${pcrId} (WABA ${input.wabaId}) pending for ${t.approvalEscalateAfter}`,
      body: `Destination partner ${input.destinationPartnerId} has neither approved nor rejected the request.`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline' && !facts.decision) {
    ctx.finish(
      'stalled',
      `partner ${input.destinationPartnerId} did not decide on request ${pcrId} before the deadline`,
    );
  }
}

/** Completed -> go on; otherwise the partner's answer becomes the outcome. */
async function decided(ctx: PartnerChangeContext): Promise<void> {
  const decision = ctx.facts.decision ?? { status: 'completed' as const };
  ctx.pcrStatus = decision.status;
  if (decision.status === 'completed') {
    ctx.tracker.note('partner change completed: the numbers are with the new partner');
    return;
  }
  const reason = decision.reason ?? 'no reason given';
  if (DIFFERENT_PAYMENT_PROCESSOR.test(reason)) return routeToSupport(ctx, reason);
  const verb = decision.status === 'rejected' ? 'rejected by the destination partner' : 'failed';
  ctx.finish('failed', `partner change request ${ctx.pcrId ?? ''} ${verb}: ${reason}`);
}

/** Ends the run 'routed-to-support' after one ticket: the payment processor is not ours to change. */
async function routeToSupport(ctx: PartnerChangeContext, message: string): Promise<never> {
  const { input } = ctx;
  await escalate(ctx.tracker, ctx.notifier, {
    step: ctx.tracker.current,
    topic: 'Partner change: different payment processor',
    subject: `Partner change of WABA ${input.wabaId} to ${input.destinationPartnerId} needs support`,
    body: `360dialog answered: "${message}". This cannot be fixed by retrying; support has to move the account.`,
  });
  ctx.finish('routed-to-support', message);
}
