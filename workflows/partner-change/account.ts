/**
 * Before the request can go out, the client may have to complete the company information and,
 * where the destination partner requires it, add a payment method. Both are client waits: the
 * fact arrives by signal or poll, with reminders, an escalation and a hard deadline.
 */
import type { AccountRequirement } from '../../contracts/partner-change';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { respondBy } from '../kit/notifier';
import type { PartnerChangeContext } from './context';

const REQUIREMENTS: Record<
  AccountRequirement,
  { step: PartnerChangeStep; action: string; words: string; fact: 'companyInfoComplete' | 'paymentMethodOk' }
> = {
  'company-info': {
    step: PartnerChangeStep.AWAITING_COMPANY_INFO,
    fact: 'companyInfoComplete',
    action: 'complete_company_information',
    words: 'the company information in the 360dialog Hub',
  },
  'payment-method': {
    step: PartnerChangeStep.AWAITING_PAYMENT_METHOD,
    fact: 'paymentMethodOk',
    action: 'add_payment_method',
    words: 'a payment method (required by the destination partner)',
  },
};

/** Steps 3-4, each only when missing. */
export async function awaitAccountReady(ctx: PartnerChangeContext): Promise<void> {
  if (!ctx.facts.companyInfoComplete) await awaitRequirement(ctx, 'company-info');
  if (!ctx.facts.paymentMethodOk) await awaitRequirement(ctx, 'payment-method');
}

/** The submission found a prerequisite missing after all: it is awaited again before resubmitting. */
export function requirementMissing(ctx: PartnerChangeContext, requirement: AccountRequirement): void {
  ctx.facts[REQUIREMENTS[requirement].fact] = false;
}

async function awaitRequirement(ctx: PartnerChangeContext, requirement: AccountRequirement): Promise<void> {
  const { tracker, timings: t, input } = ctx;
  const r = REQUIREMENTS[requirement];
  tracker.enter(r.step);
  ctx.notifier.emit('migration.action_required', { action: r.action, respondBy: respondBy(t.accountDeadline) });
  const result = await awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: `the client to add ${r.words}`,
    signalled: () => ctx.facts[r.fact],
    poll: () => pollers(t.accountDeadline, t.pollEvery).awaitAccountRequirement({ wabaId: input.wabaId, requirement }),
    escalateAfter: t.accountEscalateAfter,
    deadline: t.accountDeadline,
    escalation: {
      topic: 'Partner change: client action missing',
      subject: `Partner change of WABA ${input.wabaId}: ${requirement} missing after ${t.accountEscalateAfter}`,
      body: `The client has not added ${r.words}; the partner change to ${input.destinationPartnerId} cannot be submitted.`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline') ctx.finish('stalled', `the client did not add ${r.words} before the deadline`);
  ctx.facts[r.fact] = true;
  tracker.note(`${requirement} done`);
}
