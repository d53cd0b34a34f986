/**
 * Port-out needs 2FA off on the existing setup. Owned WABA (Embedded Signup): the business admin
 * disables it in Business Manager; we send instructions, remind, escalate. Shared WABA (Classic
 * Signup): 360dialog support disables it on a "2FA disable request" ticket within 48-72 h; the SLA
 * is the escalation timer. Either way the fact arrives by signal or poll, and the wait keeps going
 * after an escalation until the hard deadline.
 */
import { ActivityFailure } from '@temporalio/workflow';
import type { PortOutAccount } from '../../contracts/port-out';
import { PortOutStep } from '../../contracts/port-out';
import { acts, pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { idempotencyBase, openRequestTicket } from '../kit/escalation';
import type { PortOutContext } from './context';
import { respondBy } from '../kit/notifier';

/** Where the business admin turns two-step verification off (Meta offers no API for it). */
const OWNED_WABA_INSTRUCTIONS =
  'Meta Business Suite > WhatsApp Manager > Phone numbers > select the number > Settings > Two-step verification > ' +
  'Turn off two-step verification, then open the link Meta e-mails to the business portfolio address.';

export async function awaitTwoFactorOff(ctx: PortOutContext, account: PortOutAccount): Promise<void> {
  if (account.twoFactorEnabled === false) {
    ctx.tracker.note('two-step verification is already disabled');
    return;
  }
  const result = account.wabaOwnership === 'owned' ? await ownedWaba(ctx) : await sharedWaba(ctx);
  if (result === 'deadline') ctx.finish('stalled', 'two-step verification was not disabled before the deadline');
}

async function ownedWaba(ctx: PortOutContext) {
  const { tracker, timings: t, input } = ctx;
  tracker.enter(PortOutStep.AWAITING_2FA_DISABLED, 'owned WABA: the business admin disables 2FA');
  ctx.notifier.emit('migration.action_required', {
    action: 'disable_two_factor_authentication',
    instructions: OWNED_WABA_INSTRUCTIONS,
    respondBy: respondBy(t.twoFaDeadline),
  });
  return awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: 'the business admin to disable two-step verification in Meta Business Manager',
    signalled: () => twoFactorOff(ctx),
    poll: () => pollMeta(ctx),
    escalateAfter: t.twoFaEscalateAfter,
    deadline: t.twoFaDeadline,
    escalation: {
      topic: 'Port-out: 2FA not disabled',
      subject: `2FA still enabled on ${input.phone.e164} after ${t.twoFaEscalateAfter}`,
      body: `Owned WABA ${input.wabaId}: the business admin was asked to disable two-step verification and has not yet.`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
}

async function sharedWaba(ctx: PortOutContext) {
  const { tracker, timings: t, input } = ctx;
  tracker.enter(PortOutStep.REQUESTING_2FA_DISABLE, 'shared WABA: 360dialog support disables 2FA');
  const { ticketId } = await openRequestTicket(tracker, {
    step: PortOutStep.REQUESTING_2FA_DISABLE,
    purpose: '2fa-disable-request',
    topic: '2FA disable request',
    subject: `2FA disable request for ${input.phone.e164} (port-out)`,
    body: `Shared WABA ${input.wabaId} (Classic Signup): please disable two-step verification on ${input.phone.e164}; the number is being ported to another BSP.`,
  });
  tracker.enter(PortOutStep.AWAITING_2FA_DISABLED, `ticket ${ticketId}, SLA ${t.twoFaSla}`);
  ctx.notifier.emit('migration.two_factor_disable_requested', { ticketId, sla: t.twoFaSla });
  return awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: `360dialog support to disable two-step verification (ticket ${ticketId})`,
    signalled: () => twoFactorOff(ctx),
    // Support solving the ticket is the fact too: it is how they say "done".
    poll: [() => pollMeta(ctx), () => pollers(t.twoFaDeadline, t.pollEvery).awaitTicketSolved({ ticketId })],
    escalateAfter: t.twoFaSla,
    deadline: t.twoFaDeadline,
    escalation: {
      topic: 'Port-out: 2FA disable request SLA breached',
      subject: `2FA disable request ${ticketId} for ${input.phone.e164} open longer than ${t.twoFaSla}`,
      body: `Ticket ${ticketId} ("2FA disable request", shared WABA ${input.wabaId}) exceeded its ${t.twoFaSla} turnaround.`,
    },
    onEscalated: (escalationId) =>
      commentBestEffort(ctx, ticketId, `SLA of ${t.twoFaSla} breached; escalated in ticket ${escalationId}.`),
  });
}

function twoFactorOff(ctx: PortOutContext): boolean {
  // A number reported gone had 2FA off; the next step confirms the departure with 360dialog.
  return ctx.facts.twoFactorDisabled || ctx.facts.numberLeftReported;
}

function pollMeta(ctx: PortOutContext): Promise<void> {
  const { timings: t, input } = ctx;
  return pollers(t.twoFaDeadline, t.pollEvery).awaitTwoFactorDisabled({ wabaId: input.wabaId, e164: input.phone.e164 });
}

/**
 * The escalation ticket is what counts; a comment that cannot be added is noted, not fatal. One
 * comment per migration, step and ticket: the key keeps a retried request from posting it twice.
 */
async function commentBestEffort(ctx: PortOutContext, ticketId: string, body: string): Promise<void> {
  const idempotencyKey = `${idempotencyBase()}:${PortOutStep.AWAITING_2FA_DISABLED}:comment:${ticketId}`;
  try {
    await acts.commentOnTicket({ ticketId, body, idempotencyKey });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    ctx.tracker.note(`could not comment on ticket ${ticketId}: ${err.cause?.message ?? err.message}`);
  }
}
