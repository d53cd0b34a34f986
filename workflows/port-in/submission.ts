/**
 * Steps 3-4 of the seed: submit the porting request and react to each documented outcome, then
 * wait for the Message-on-Behalf acceptance. Returns a final result, or undefined to go on.
 */
import { ActivityFailure, isCancellation, patched } from '@temporalio/workflow';
import type { MigrationResult } from '../../contracts/migration';
import { PortInStep } from '../../contracts/port-in';
import type { SubmitOutcome, SubmitPortInInput } from '../../contracts/port-in';
import { slowRetry, within } from '../kit/activities';
import { escalate, idempotencyBase } from '../kit/escalation';
import type { PortInContext } from './context';
import { awaitWaitingAnswer } from './resubmission';
import { awaitBusinessIdCorrection, awaitMob, awaitTwoFactorOff, isFinal } from './waits';

/** Patch ID: a 'waiting' answer resets the fact and resubmits on new evidence only (see resubmission.ts). */
const RESUBMIT_ON_NEW_EVIDENCE = 'port-in-resubmit-on-new-evidence';
/** Patch ID: the slow retries have their own window, `transientRetryWindow` (was `setupDeadline`). */
const TRANSIENT_RETRY_WINDOW = 'port-in-transient-retry-window';
/** Patch ID: a cancellation during the slow retries ends 'cancelled' (was: 'stalled'). */
const CANCEL_DURING_SLOW_RETRY = 'port-in-cancel-during-slow-retry';
/** Patch ID: a non-retryable refusal of the request fails the run with its message (was: ticket, then 'stalled'). */
const FINAL_SUBMIT_ERROR_FAILS = 'port-in-final-submit-error-fails';
/** Patch ID: a request 360dialog answers with MoB already accepted skips the MoB wait (was: announced, then polled). */
const MOB_ACCEPTED_AT_SUBMISSION = 'port-in-mob-accepted-at-submission';
/** How runs started before RESUBMIT_ON_NEW_EVIDENCE wait after a 'waiting' answer: a fresh window per round. */
const PER_ROUND = { clocked: false };

export async function submitAndAwaitMob(ctx: PortInContext): Promise<MigrationResult | undefined> {
  const { tracker, facts } = ctx;
  let waitingStreak = 0;
  // The outcome of a resubmission the poller already made (see resubmission.ts).
  let resubmitted: SubmitOutcome | undefined;
  for (let attempt = 1; ; attempt++) {
    tracker.enter(PortInStep.SUBMITTING, attempt > 1 ? `resubmission ${attempt}` : undefined);
    const outcome = resubmitted ?? (await submit(ctx, attempt));
    resubmitted = undefined;
    if (!outcome) return ctx.finish('stalled', 'porting request kept failing with "Something went wrong"');
    waitingStreak = outcome.kind === 'waiting' ? waitingStreak + 1 : 0;
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
        if (patched(RESUBMIT_ON_NEW_EVIDENCE)) {
          const next = await awaitWaitingAnswer(ctx, outcome, waitingStreak, submitRequest(ctx, attempt + 1));
          if (next === 'deadline') return ctx.finish('stalled', `${outcome.message} (deadline passed)`);
          resubmitted = next;
          continue;
        }
        const r =
          outcome.reason === 'TWO_FA_ENABLED'
            ? await awaitTwoFactorOff(ctx, PER_ROUND)
            : await awaitMob(ctx, PER_ROUND);
        if (r === 'deadline') return ctx.finish('stalled', `${outcome.message} (deadline passed)`);
        continue;
      }
      case 'submitted':
        Object.assign(ctx, {
          portingId: outcome.portingId,
          channelId: outcome.channelId,
          phoneNumberId: outcome.phoneNumberId,
        });
        // Nothing to ask the client for: no "accept the MoB request" event, no wait, no poll.
        if (!facts.mobAccepted && outcome.mobStatus === 'accepted' && patched(MOB_ACCEPTED_AT_SUBMISSION)) {
          facts.mobAccepted = true;
          tracker.note('Message-on-Behalf request already accepted');
        }
        if (!facts.mobAccepted && (await awaitMob(ctx, { clocked: true })) === 'deadline') {
          return ctx.finish('stalled', 'Message-on-Behalf request not accepted before the deadline');
        }
        return undefined;
    }
  }
}

function submitRequest(ctx: PortInContext, attempt: number): SubmitPortInInput {
  return {
    phone: ctx.input.phone,
    wabaId: ctx.input.wabaId,
    metaBusinessId: ctx.metaBusinessId,
    idempotencyKey: `${idempotencyBase()}:submit:${attempt}`,
  };
}

/** Submits; a persistent transient failure opens a ticket once, then retries slowly. */
async function submit(ctx: PortInContext, attempt: number): Promise<SubmitOutcome | undefined> {
  const req = submitRequest(ctx, attempt);
  const t = ctx.timings;
  try {
    return await within(t.transientTicketAfter).submitPortIn(req);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // A refusal no retry can fix (permissions, input) is not "Something went wrong": no ticket, no slow retries.
    if (isFinal(err) && patched(FINAL_SUBMIT_ERROR_FAILS)) throw err;
    await escalate(ctx.tracker, ctx.notifier, {
      step: PortInStep.SUBMITTING,
      topic: 'Number porting error',
      subject: `Porting request for ${ctx.input.phone.e164} keeps failing`,
      body: `The porting request failed for ${t.transientTicketAfter}: ${err.cause?.message ?? err.message}`,
    });
    const window = patched(TRANSIENT_RETRY_WINDOW) ? t.transientRetryWindow : t.setupDeadline;
    try {
      return await slowRetry(window, t.transientRetryEvery).submitPortIn(req);
    } catch (slowErr) {
      if (isCancellation(slowErr) && patched(CANCEL_DURING_SLOW_RETRY)) throw slowErr;
      if (isFinal(slowErr) && patched(FINAL_SUBMIT_ERROR_FAILS)) throw slowErr;
      if (slowErr instanceof ActivityFailure) return undefined;
      throw slowErr;
    }
  }
}
