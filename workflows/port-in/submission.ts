/**
 * Steps 3-4 of the seed: submit the porting request and react to each documented outcome, then
 * wait for the Message-on-Behalf acceptance. Returns a final result, or undefined to go on.
 */
import { ActivityFailure, condition } from '@temporalio/workflow';
import type { MigrationResult } from '../../contracts/migration';
import { PortInStep } from '../../contracts/port-in';
import type { SubmitOutcome } from '../../activities/port-in';
import { pollers, slowRetry, within } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { escalate, idempotencyBase } from '../kit/escalation';
import type { PortInContext } from './context';

export async function submitAndAwaitMob(ctx: PortInContext): Promise<MigrationResult | undefined> {
  const { tracker, facts } = ctx;
  for (let attempt = 1; ; attempt++) {
    tracker.enter(PortInStep.SUBMITTING, attempt > 1 ? `resubmission ${attempt}` : undefined);
    const outcome = await submit(ctx, attempt);
    if (!outcome) return ctx.finish('stalled', 'porting request kept failing with "Something went wrong"');
    switch (outcome.kind) {
      case 'add-as-new-number':
        return ctx.finish('add-as-new-number', outcome.message);
      case 'already-moved':
        // Success-equivalent: the number is already on 360dialog; continue after registration.
        tracker.note('number already moved to the destination WABA');
        ctx.channelId = outcome.channelId;
        return undefined;
      case 'business-mismatch': {
        const ended = await awaitBusinessIdCorrection(ctx, outcome.message);
        if (ended) return ended;
        continue;
      }
      case 'waiting': {
        const r = outcome.reason === 'TWO_FA_ENABLED' ? await awaitTwoFactorOff(ctx) : await awaitMob(ctx);
        if (r === 'deadline') return ctx.finish('stalled', `${outcome.message} (deadline passed)`);
        continue;
      }
      case 'submitted':
        Object.assign(ctx, { portingId: outcome.portingId, channelId: outcome.channelId, phoneNumberId: outcome.phoneNumberId });
        if (!facts.mobAccepted && (await awaitMob(ctx)) === 'deadline') {
          return ctx.finish('stalled', 'Message-on-Behalf request not accepted before the deadline');
        }
        return undefined;
    }
  }
}

/**
 * "Need to represent the same business": the requester must send the right Meta Business ID
 * (update correctMetaBusinessId); no ticket, since only the requester can fix it.
 */
export async function awaitBusinessIdCorrection(ctx: PortInContext, message: string): Promise<MigrationResult | undefined> {
  const { tracker, facts, timings: t } = ctx;
  tracker.enter(PortInStep.AWAITING_BUSINESS_ID_CORRECTION, message);
  facts.businessIdCorrected = false;
  ctx.notifier.emit('migration.action_required', { action: 'correct_meta_business_id', message });
  const ok = await condition(() => facts.businessIdCorrected, t.businessIdDeadline);
  if (!ok) return ctx.finish('failed', 'no corrected Meta Business ID before the deadline');
  return undefined;
}

/** Submits; a persistent transient failure opens a ticket once, then retries slowly. */
async function submit(ctx: PortInContext, attempt: number): Promise<SubmitOutcome | undefined> {
  const req = {
    phone: ctx.input.phone,
    wabaId: ctx.input.wabaId,
    metaBusinessId: ctx.metaBusinessId,
    idempotencyKey: `${idempotencyBase()}:submit:${attempt}`,
  };
  try {
    return await within(ctx.timings.transientTicketAfter).submitPortIn(req);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await escalate(ctx.tracker, ctx.notifier, {
      step: PortInStep.SUBMITTING,
      topic: 'Number porting error',
      subject: `Porting request for ${ctx.input.phone.e164} keeps failing`,
      body: `The porting request failed for ${ctx.timings.transientTicketAfter}: ${err.cause?.message ?? err.message}`,
    });
    try {
      return await slowRetry(ctx.timings.setupDeadline, ctx.timings.transientRetryEvery).submitPortIn(req);
    } catch (slowErr) {
      if (slowErr instanceof ActivityFailure) return undefined;
      throw slowErr;
    }
  }
}

async function awaitMob(ctx: PortInContext) {
  ctx.tracker.enter(PortInStep.AWAITING_MOB_ACCEPTANCE);
  ctx.notifier.emit('migration.action_required', { action: 'accept_message_on_behalf_request' });
  const portingId = ctx.portingId;
  return awaitFact({
    tracker: ctx.tracker,
    notifier: ctx.notifier,
    waitingFor: 'the client to accept the Message-on-Behalf request in Business Manager',
    signalled: () => ctx.facts.mobAccepted,
    poll: portingId
      ? () => pollers(ctx.timings.mobDeadline, ctx.timings.pollEvery).awaitMobAcceptance({ portingId })
      : undefined,
    escalateAfter: ctx.timings.mobEscalateAfter,
    deadline: ctx.timings.mobDeadline,
    escalation: { topic: 'Message on Behalf', subject: `MoB request for ${ctx.input.phone.e164} not accepted`, body: 'The client has not accepted the Message-on-Behalf request.' },
    remindEvery: ctx.timings.remindEvery,
    reminderEvent: 'migration.reminder',
  });
}

export async function awaitTwoFactorOff(ctx: PortInContext) {
  ctx.tracker.enter(PortInStep.AWAITING_2FA_DISABLED);
  ctx.notifier.emit('migration.action_required', { action: 'disable_two_factor_authentication' });
  const { wabaId, phone } = ctx.input;
  return awaitFact({
    tracker: ctx.tracker,
    notifier: ctx.notifier,
    waitingFor: 'two-step verification to be disabled by the old BSP or the client',
    signalled: () => ctx.facts.twoFactorDisabled,
    poll: () => pollers(ctx.timings.twoFaDeadline, ctx.timings.pollEvery).awaitTwoFactorDisabled({ wabaId, e164: phone.e164 }),
    escalateAfter: ctx.timings.twoFaEscalateAfter,
    deadline: ctx.timings.twoFaDeadline,
    escalation: { topic: '2FA disable request', subject: `2FA still enabled on ${phone.e164}`, body: 'Two-step verification is still enabled.' },
    remindEvery: ctx.timings.remindEvery,
    reminderEvent: 'migration.reminder',
  });
}
