/**
 * Step 6: register the number on the Cloud API with a new two-step PIN (generated and sealed by an
 * activity, delivered once to the requester with the API key). Meta's register budget is sacred:
 * every call is entered in the number's ledger first; a call that would be the 11th in 72 h waits,
 * escalated and said in the status, until the oldest leaves the window. Never blind-retried.
 */
import { patched, sleep, workflowInfo } from '@temporalio/workflow';
import { PortInStep } from '../../../contracts/port-in';
import type { RegisterOutcome } from '../../../contracts/port-in-cloud';
import { acts, costly } from '../../kit/activities';
import { escalate } from '../../kit/escalation';
import type { PortInContext } from '../context';
import type { Registration } from '../registration';
import { awaitTwoFactorOff } from './move-number';

/** Since 1.2.0: a 133005 on register waits for the owner to re-confirm 2FA is off, then tries once more. */
export const RECONFIRM_2FA_PATCH = 'cloud-register-reconfirm-2fa';

/** Meta: after 133015 ("recently deleted") wait at least 5 minutes. */
const RECENTLY_DELETED_WAIT = '5 minutes';
/** 133008/133009 without a wait in `details`: Meta's usual answer names seconds to minutes. */
const PIN_GUESS_WAIT_MS = 60_000;

export async function registerWithNewPin(ctx: PortInContext, registration: Registration): Promise<void> {
  const phoneNumberId = ctx.phoneNumberId ?? ctx.finish('failed', 'no phone-number ID to register');
  ctx.tracker.enter(PortInStep.REGISTERING);
  if (await acts.isRegistered({ phoneNumberId })) {
    ctx.tracker.note('the number is registered already: no register call spent');
    return;
  }
  ctx.twoFactorPin ??= await acts.createTwoFactorPin();
  const call = { e164: ctx.input.phone.e164, phoneNumberId, workflowId: workflowInfo().workflowId };
  const reacted = new Set<string>();
  for (;;) {
    const outcome: RegisterOutcome = await costly.registerNumber({ ...call, pin: ctx.twoFactorPin });
    if (outcome.status === 'registered') {
      ctx.tracker.note('registered on the Cloud API with a new two-step PIN');
      return;
    }
    if (outcome.status === 'over-budget') {
      await awaitRegisterBudget(ctx, outcome.notBefore);
      continue;
    }
    const { reason, message } = outcome;
    // Each reaction once: a second time the same refusal is not something waiting or repeating fixes.
    if (reacted.has(reason)) ctx.finish('failed', `Meta refused to register the number: ${message}`);
    reacted.add(reason);
    ctx.tracker.note(`register refused: ${message}`);
    if (reason === 'DATA_LOCALIZATION_REQUIRED' && outcome.region) {
      await acts.setDataLocalization({ phoneNumberId, region: outcome.region });
    } else if (reason === 'DEREGISTER_INCOMPLETE') {
      const deregistered = await costly.deregisterNumber(call);
      if (deregistered.status === 'over-budget') await awaitRegisterBudget(ctx, deregistered.notBefore);
    } else if (reason === 'RECENTLY_DELETED') {
      await sleep(RECENTLY_DELETED_WAIT);
    } else if (reason === 'PIN_GUESS_LIMIT') {
      // 133008/133009: sleep for the time Meta named, then retry once (a second refusal fails).
      const waitMs = outcome.retryAfterMs ?? PIN_GUESS_WAIT_MS;
      ctx.tracker.note(`waiting ${Math.ceil(waitMs / 1000)} s as Meta asks, then one more register call`);
      await sleep(waitMs);
    } else if (reason === 'REVERIFY_NEEDED') {
      await registration.verifyAgain();
    } else if (reason === 'PIN_MISMATCH' && patched(RECONFIRM_2FA_PATCH)) {
      // 133005: two-step verification is not really off yet. Meta: stop after one attempt, let the
      // owner re-confirm it is off, then try once more (each attempt spends the register budget).
      await awaitTwoFactorOff(ctx, `${message}: confirm that two-step verification is off, then we try once more`);
    } else if (reason === 'REGISTER_RATE_LIMIT') {
      // Meta counted more than our ledger (calls made elsewhere): it blocks for 72 h.
      await awaitRegisterBudget(ctx, new Date(Date.now() + 72 * 3_600_000).toISOString());
    } else {
      // PIN_MISMATCH in runs from before the re-confirmation (docs/versioning.md).
      ctx.finish('failed', `Meta refused the new PIN (${message}): two-step verification is still on`);
    }
    ctx.tracker.enter(PortInStep.REGISTERING, 'trying again');
  }
}

async function awaitRegisterBudget(ctx: PortInContext, notBefore: string): Promise<void> {
  const { phone } = ctx.input;
  ctx.tracker.enter(
    PortInStep.AWAITING_REGISTER_BUDGET,
    `Meta allows 10 register calls per number in 72 h; the next is possible at ${notBefore}`,
  );
  ctx.tracker.waiting({
    waitingFor: `Meta's register budget (next call at ${notBefore})`,
    deadlineAt: new Date(notBefore),
  });
  await escalate(ctx.tracker, ctx.notifier, {
    step: PortInStep.AWAITING_REGISTER_BUDGET,
    topic: 'Register budget spent',
    subject: `${phone.e164}: register budget spent, next call at ${notBefore}`,
    body: 'Ten register/deregister calls were made in 72 h; one more would block the number for 72 h.',
  });
  await sleep(Math.max(Date.parse(notBefore) - Date.now(), 1));
  ctx.tracker.enter(PortInStep.REGISTERING, 'the register budget allows the next call');
}
