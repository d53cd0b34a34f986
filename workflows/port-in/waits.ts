/**
 * The port-in's waits for the outside world and the requester: MoB acceptance, 2FA disabled, a
 * corrected Meta Business ID. A step may wait in several rounds (360dialog answers "not yet" again);
 * a clocked wait keeps the step's first deadline and escalates once per step, whatever the rounds.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from '../../contracts/errors';
import { PortInStep } from '../../contracts/port-in';
import { pollers } from '../kit/activities';
import { awaitFact, type AwaitFactOptions, type Poller } from '../kit/await-fact';
import { durationMs } from '../../contracts/durations';
import type { WaitResult } from '../kit/wait';
import type { PortInContext } from './context';

export interface WaitRound {
  /** Replaces the step's own safety-net poller (e.g. the resubmission poller). */
  poll?: Poller;
}

type StepWait = Omit<AwaitFactOptions, 'tracker' | 'notifier'>;

/**
 * An activity failure no waiting or retrying fixes: the upstream refused with a non-retryable error
 * class. The retry state alone is not enough: a schedule-to-close timeout can end with the same
 * state, and running out of time is not a refusal.
 */
export function isFinal(err: unknown): boolean {
  if (!(err instanceof ActivityFailure) || err.retryState !== 'NON_RETRYABLE_FAILURE') return false;
  const cause = err.cause;
  return (
    cause instanceof ApplicationFailure && (cause.nonRetryable || NON_RETRYABLE_ERROR_TYPES.includes(cause.type ?? ''))
  );
}

/** awaitFact at the current step, its escalation and deadline counted from the step's first wait. */
export async function awaitStepFact(ctx: PortInContext, wait: StepWait): Promise<WaitResult> {
  const step = ctx.tracker.current;
  const first = ctx.firstWaitAt.get(step) ?? Date.now();
  ctx.firstWaitAt.set(step, first);
  const elapsed = Date.now() - first;
  const left = durationMs(wait.deadline) - elapsed;
  if (left <= 0) return 'deadline';
  // Escalated in an earlier round: one ticket per step, so its timer is set past the deadline (never fires).
  const escalated = ctx.tracker.escalationLevel(step) > 0;
  const escalateAfter = escalated ? left + 1 : Math.max(durationMs(wait.escalateAfter) - elapsed, 1);
  return awaitFact({ ...wait, tracker: ctx.tracker, notifier: ctx.notifier, escalateAfter, deadline: left });
}

/** Step 3: only when Meta showed 2FA on and no signal has said it is off since. */
export async function awaitTwoFactorDisabled(ctx: PortInContext): Promise<void> {
  if (ctx.facts.twoFactorDisabled) return;
  if ((await awaitTwoFactorOffRound(ctx)) === 'deadline')
    ctx.finish('stalled', 'two-step verification was not disabled before the deadline');
}

/** Step 5: only when the porting request was submitted and its answer did not say "accepted" already. */
export async function awaitMobAccepted(ctx: PortInContext): Promise<void> {
  if (ctx.facts.mobAccepted) return;
  if ((await awaitMobRound(ctx)) === 'deadline')
    ctx.finish('stalled', 'Message-on-Behalf request not accepted before the deadline');
}

/** One round of the MoB wait (the first, or one after a "not accepted" answer; see resubmission.ts). */
export async function awaitMobRound(ctx: PortInContext, round: WaitRound = {}): Promise<WaitResult> {
  ctx.tracker.enter(PortInStep.AWAITING_MOB_ACCEPTANCE);
  ctx.notifier.emit('migration.action_required', { action: 'accept_message_on_behalf_request' });
  const { portingId } = ctx;
  const t = ctx.timings;
  return awaitStepFact(ctx, {
    waitingFor: 'the client to accept the Message-on-Behalf request in Business Manager',
    signalled: () => ctx.facts.mobAccepted,
    poll:
      round.poll ??
      (portingId ? () => pollers(t.mobDeadline, t.pollEvery).awaitMobAcceptance({ portingId }) : undefined),
    escalateAfter: t.mobEscalateAfter,
    deadline: t.mobDeadline,
    escalation: {
      topic: 'Message on Behalf',
      subject: `MoB request for ${ctx.input.phone.e164} not accepted`,
      body: 'The client has not accepted the Message-on-Behalf request.',
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
}

/** One round of the 2FA wait (before submitting, or after a "2FA enabled" answer). */
export async function awaitTwoFactorOffRound(ctx: PortInContext, round: WaitRound = {}): Promise<WaitResult> {
  ctx.tracker.enter(PortInStep.AWAITING_2FA_DISABLED);
  ctx.notifier.emit('migration.action_required', { action: 'disable_two_factor_authentication' });
  const { wabaId, phone } = ctx.input;
  const t = ctx.timings;
  return awaitStepFact(ctx, {
    waitingFor: 'two-step verification to be disabled by the old BSP or the client',
    signalled: () => ctx.facts.twoFactorDisabled,
    poll:
      round.poll ?? (() => pollers(t.twoFaDeadline, t.pollEvery).awaitTwoFactorDisabled({ wabaId, e164: phone.e164 })),
    escalateAfter: t.twoFaEscalateAfter,
    deadline: t.twoFaDeadline,
    escalation: {
      topic: '2FA disable request',
      subject: `2FA still enabled on ${phone.e164}`,
      body: 'Two-step verification is still enabled.',
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
}

/**
 * "Need to represent the same business": the requester must send the right Meta Business ID
 * (update correctMetaBusinessId). Like every wait it escalates (support can chase the requester)
 * and stalls at its deadline.
 */
export async function awaitBusinessIdCorrection(ctx: PortInContext, message: string): Promise<void> {
  const { tracker, facts, timings: t } = ctx;
  tracker.enter(PortInStep.AWAITING_BUSINESS_ID_CORRECTION, message);
  facts.businessIdCorrected = false;
  ctx.notifier.emit('migration.action_required', { action: 'correct_meta_business_id', message });
  const result = await awaitStepFact(ctx, {
    waitingFor: 'a corrected Meta Business ID from the requester',
    signalled: () => facts.businessIdCorrected,
    escalateAfter: t.businessIdEscalateAfter,
    deadline: t.businessIdDeadline,
    escalation: {
      topic: 'Meta Business ID correction',
      subject: `No corrected Meta Business ID for ${ctx.input.phone.e164} after ${t.businessIdEscalateAfter}`,
      body: `360dialog or the preflight rejected Meta Business ID ${ctx.metaBusinessId}: ${message}`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline') ctx.finish('stalled', 'no corrected Meta Business ID before the deadline');
}
