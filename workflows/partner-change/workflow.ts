/**
 * Partner change: a WABA moves to another integration Partner inside 360dialog (flow 3 of
 * domain.md). One workflow per WABA (ID `partner-change:${wabaId}`): exclusion check -> account
 * and numbers -> the requester confirms the exact list -> company info / payment method ->
 * submit to the destination partner -> (manual approval) -> per-number permissions for the new
 * partner. Every wait escalates and keeps waiting up to its deadline.
 */
import { setHandler } from '@temporalio/workflow';
import type { PartnerChangeInput, PartnerChangeResult } from '../../contracts/partner-change';
import { partnerChangeBlockers } from '../../contracts/visibility';
import { acts } from '../kit/activities';
import { blockedBy } from '../kit/exclusion';
import { runMigration } from '../kit/migration';
import {
  companyInfoCompletedSignal,
  getPartnerChangeQuery,
  getStatusQuery,
  partnerChangeDecisionSignal,
  paymentMethodAddedSignal,
} from '../../contracts/messages';
import { awaitAccountReady } from './account';
import { submitAndAwaitApproval } from './approval';
import { PartnerChangeContext } from './context';
import { recordPartnerDecision } from './decision';
import { NumberConfirmation } from './numbers';
import { PermissionSelection } from './permissions';

const MAX_SUBMISSIONS = 5;

export async function partnerChangeWorkflow(input: PartnerChangeInput): Promise<PartnerChangeResult> {
  const ctx = new PartnerChangeContext(input);
  registerHandlers(ctx);
  const confirmation = new NumberConfirmation(ctx);
  const permissions = new PermissionSelection(ctx);
  return runMigration(ctx, async () => {
    const { wabaId, destinationPartnerId } = input;
    // No partner change while a number of the WABA is migrating.
    const blocked = await blockedBy(ctx.tracker, partnerChangeBlockers(wabaId));
    if (blocked) return ctx.finish('failed', blocked);

    const account = await acts.getPartnerChangeAccount({ wabaId, destinationPartnerId });
    if (account.currentPartnerId === destinationPartnerId)
      return ctx.finish('failed', `WABA ${wabaId} is already with partner ${destinationPartnerId}`);
    if (!account.numbers.length) return ctx.finish('failed', `WABA ${wabaId} has no numbers on 360dialog`);
    ctx.numbers = account.numbers;
    ctx.facts.companyInfoComplete ||= account.companyInfoComplete;
    ctx.facts.paymentMethodOk ||= account.hasPaymentMethod || !account.requiresPaymentMethod;
    ctx.tracker.note(
      `client ${account.clientId}, from partner ${account.currentPartnerId}, ${account.numbers.length} number(s)`,
    );

    // A refusal the client can fix (numbers changed, a prerequisite missing) goes back to that step.
    for (let round = 1; round <= MAX_SUBMISSIONS; round++) {
      const stopped = (await confirmation.run()) ?? (await awaitAccountReady(ctx));
      if (stopped) return stopped;
      const submitted = await submitAndAwaitApproval(ctx, round);
      if (submitted !== 'resubmit') return submitted ?? (await permissions.run());
    }
    return ctx.finish('failed', `the partner change request was refused ${MAX_SUBMISSIONS} times`);
  });
}

function registerHandlers(ctx: PartnerChangeContext): void {
  const { facts } = ctx;
  setHandler(getStatusQuery, () => ctx.tracker.status());
  setHandler(getPartnerChangeQuery, () => ctx.view());
  setHandler(companyInfoCompletedSignal, () => void (facts.companyInfoComplete = true));
  setHandler(paymentMethodAddedSignal, () => void (facts.paymentMethodOk = true));
  setHandler(partnerChangeDecisionSignal, (event) => recordPartnerDecision(ctx, event));
}
