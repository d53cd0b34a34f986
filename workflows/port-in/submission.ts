/**
 * Step 4 (docs/domain.md#port-in-answers): submit the porting request and react to each documented
 * answer until 360dialog has it ('submitted') or says the number is already here ('already-moved').
 * Every other answer ends the run (ctx.finish) or waits for the requester and resubmits.
 */
import { ActivityFailure, isCancellation } from '@temporalio/workflow';
import { PortInStep } from '../../contracts/port-in';
import type { SubmitOutcome, SubmitPortInInput } from '../../contracts/port-in';
import { slowRetry, within } from '../kit/activities';
import { escalate, idempotencyBase } from '../kit/escalation';
import type { PortInContext } from './context';
import { awaitWaitingAnswer } from './resubmission';
import { awaitBusinessIdCorrection, isFinal } from './waits';

export type PortingRequest = 'submitted' | 'already-moved';

export async function submitPortingRequest(ctx: PortInContext): Promise<PortingRequest> {
  const { tracker, facts } = ctx;
  let waitingStreak = 0;
  // The outcome of a resubmission the poller already made (see resubmission.ts).
  let resubmitted: SubmitOutcome | undefined;
  for (let attempt = 1; ; attempt++) {
    tracker.enter(PortInStep.SUBMITTING, attempt > 1 ? `resubmission ${attempt}` : undefined);
    const outcome = resubmitted ?? (await submit(ctx, attempt));
    resubmitted = undefined;
    if (!outcome) ctx.finish('stalled', 'porting request kept failing with "Something went wrong"');
    waitingStreak = outcome.kind === 'waiting' ? waitingStreak + 1 : 0;
    switch (outcome.kind) {
      case 'add-as-new-number':
        return ctx.finish('add-as-new-number', outcome.message);
      case 'already-moved':
        // Success-equivalent: the number is already on 360dialog; continue after registration.
        tracker.note('number already moved to the destination WABA');
        ctx.channelId = outcome.channelId;
        return 'already-moved';
      case 'business-mismatch':
        await awaitBusinessIdCorrection(ctx, outcome.message);
        continue;
      case 'waiting': {
        const next = await awaitWaitingAnswer(ctx, outcome, waitingStreak, submitRequest(ctx, attempt + 1));
        if (next === 'deadline') ctx.finish('stalled', `${outcome.message} (deadline passed)`);
        resubmitted = next;
        continue;
      }
      case 'submitted':
        Object.assign(ctx, {
          portingId: outcome.portingId,
          channelId: outcome.channelId,
          phoneNumberId: outcome.phoneNumberId,
        });
        // Nothing to ask the client for: no "accept the MoB request" event, no wait, no poll.
        if (!facts.mobAccepted && outcome.mobStatus === 'accepted') {
          facts.mobAccepted = true;
          tracker.note('Message-on-Behalf request already accepted');
        }
        return 'submitted';
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

/**
 * Submits; a persistent transient failure opens a ticket once, then retries slowly. Undefined when
 * the slow retries ran out; a refusal no retry can fix and a cancellation go on up.
 */
async function submit(ctx: PortInContext, attempt: number): Promise<SubmitOutcome | undefined> {
  const req = submitRequest(ctx, attempt);
  const t = ctx.timings;
  try {
    return await within(t.transientTicketAfter).submitPortIn(req);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // A refusal no retry can fix (permissions, input) is not "Something went wrong": no ticket, no slow retries.
    if (isFinal(err)) throw err;
    await escalate(ctx.tracker, ctx.notifier, {
      step: PortInStep.SUBMITTING,
      topic: 'Number porting error',
      subject: `Porting request for ${ctx.input.phone.e164} keeps failing`,
      body: `The porting request failed for ${t.transientTicketAfter}: ${err.cause?.message ?? err.message}`,
    });
    try {
      return await slowRetry(t.transientRetryWindow, t.transientRetryEvery).submitPortIn(req);
    } catch (slowErr) {
      if (isCancellation(slowErr) || isFinal(slowErr)) throw slowErr;
      if (slowErr instanceof ActivityFailure) return undefined;
      throw slowErr;
    }
  }
}
