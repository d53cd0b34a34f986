/**
 * Step 3: migrate_phone_number into the destination WABA, the point of no return (there is no
 * rollback: going back is another migration). Meta's refusals each get their reaction
 * (cloud-migration.md §8): 2FA still on → a person turns it off, then one more try (no loop);
 * webhooks missing or no payment → fixed by us, one more try; display name not approved → wait for
 * Meta's review; "not being migrated" → the typed outcome add-as-new-number; the rest fail with Meta's words.
 */
import { PortInStep } from '../../../contracts/port-in';
import type { CloudPortInOptions, MoveNumberOutcome } from '../../../contracts/port-in-cloud';
import { acts, pollers } from '../../kit/activities';
import type { PortInContext } from '../context';
import { awaitStepFact } from '../waits';

export async function moveNumber(ctx: PortInContext, cloud: CloudPortInOptions): Promise<void> {
  const { wabaId, phone } = ctx.input;
  const fixed = new Set<string>();
  ctx.tracker.enter(PortInStep.MIGRATING_NUMBER);
  let outcome: MoveNumberOutcome = await acts.moveNumber({ wabaId, phone });
  for (;;) {
    if (outcome.status === 'moved') {
      ctx.phoneNumberId = outcome.phoneNumberId;
      ctx.tracker.note(
        outcome.alreadyThere
          ? `the number was already in WABA ${wabaId} (phone-number ID ${outcome.phoneNumberId})`
          : `number moved into WABA ${wabaId} (phone-number ID ${outcome.phoneNumberId})`,
      );
      return;
    }
    const { reason, message } = outcome;
    if (reason === 'TWO_FA_ENABLED') {
      await awaitTwoFactorOff(ctx, message);
    } else if (reason === 'NAME_NOT_APPROVED') {
      outcome = await awaitNameApproval(ctx, message);
      continue;
    } else if (reason === 'WEBHOOKS_MISSING' && !fixed.has(reason)) {
      fixed.add(reason);
      ctx.tracker.note(`${message}: subscribing our app again`);
      await acts.prepareDestination({ wabaId });
    } else if (reason === 'PAYMENT_ACCOUNT_MISSING' && cloud.creditLine && !fixed.has(reason)) {
      fixed.add(reason);
      ctx.tracker.note(`${message}: sharing our credit line again`);
      await acts.prepareDestination({ wabaId, creditLine: cloud.creditLine });
    } else if (reason === 'NOT_IN_MIGRATION' || reason === 'ADD_DIRECTLY') {
      return ctx.finish('add-as-new-number', `${message}: onboard the number as a new number (Embedded Signup)`);
    } else {
      return ctx.finish('failed', `Meta refused to move the number: ${message}`);
    }
    ctx.tracker.enter(PortInStep.MIGRATING_NUMBER, 'trying again');
    outcome = await acts.moveNumber({ wabaId, phone });
  }
}

/**
 * Two-step verification can only be turned off by the number's owner in WhatsApp Manager (an email
 * link confirms it); no API reads it for a number in another BSP's WABA. The requester tells us
 * (the 2FA-disabled signal), then the move is tried once more.
 */
export async function awaitTwoFactorOff(ctx: PortInContext, message: string): Promise<void> {
  const { phone } = ctx.input;
  const t = ctx.timings;
  ctx.facts.twoFactorDisabled = false;
  ctx.tracker.enter(PortInStep.AWAITING_2FA_DISABLED, message);
  ctx.notifier.emit('migration.action_required', {
    action: 'disable_two_factor_authentication',
    how: 'WhatsApp Manager > Phone numbers > the number > Two-step verification > Turn off, then confirm the email link',
  });
  const result = await awaitStepFact(ctx, {
    waitingFor: 'the owner to turn two-step verification off in WhatsApp Manager',
    signalled: () => ctx.facts.twoFactorDisabled,
    escalateAfter: t.twoFaEscalateAfter,
    deadline: t.twoFaDeadline,
    escalation: {
      topic: '2FA disable request',
      subject: `2FA still enabled on ${phone.e164}`,
      body: 'Meta refuses to move the number while two-step verification is on; only the owner can turn it off.',
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline') ctx.finish('stalled', 'two-step verification was not disabled before the deadline');
}

/** Meta reviews display names in hours to days: ask again with backoff until it moves or the deadline. */
async function awaitNameApproval(ctx: PortInContext, message: string): Promise<MoveNumberOutcome> {
  const { wabaId, phone } = ctx.input;
  const t = ctx.timings;
  ctx.tracker.enter(PortInStep.AWAITING_NAME_APPROVAL, message);
  let outcome: MoveNumberOutcome | undefined;
  const result = await awaitStepFact(ctx, {
    waitingFor: "Meta's approval of the number's display name",
    signalled: () => outcome !== undefined,
    poll: async () => {
      outcome = await pollers(t.nameDeadline, t.pollEvery).moveNumberOnceNameApproved({ wabaId, phone });
    },
    escalateAfter: t.nameEscalateAfter,
    deadline: t.nameDeadline,
    escalation: {
      topic: 'Display name not approved',
      subject: `Display name of ${phone.e164} not approved after ${t.nameEscalateAfter}`,
      body: `Meta refuses to move the number until its display name is approved: ${message}`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline' || !outcome)
    return ctx.finish('stalled', 'the display name was not approved before the deadline');
  return outcome;
}
