/**
 * Partner change: a WABA moves to another integration Partner inside 360dialog, all its numbers
 * together. One workflow per WABA (ID `partner-change:${wabaId}`). Reads as the step list of
 * docs/domain.md#partner-change (table "Steps"): every wait escalates and keeps waiting up to its
 * deadline, and any step may end the run with `ctx.finish` (kit/migration.ts).
 */
import { setHandler } from '@temporalio/workflow';
import type { PartnerChangeInput, PartnerChangeResult } from '../../contracts/partner-change';
import { runMigration } from '../kit/migration';
import {
  companyInfoCompletedSignal,
  confirmNumbersUpdate,
  getPartnerChangeQuery,
  getStatusQuery,
  partnerChangeDecisionSignal,
  paymentMethodAddedSignal,
  selectNumbersForPermissionsUpdate,
} from '../../contracts/messages';
import { awaitAccountReady } from './account';
import { submitAndAwaitApproval } from './approval';
import { PartnerChangeContext } from './context';
import { recordPartnerDecision } from './decision';
import { NumberConfirmation } from './numbers';
import { PermissionSelection } from './permissions';
import { prepare } from './preparation';

const MAX_SUBMISSIONS = 5;

export async function partnerChangeWorkflow(input: PartnerChangeInput): Promise<PartnerChangeResult> {
  const ctx = new PartnerChangeContext(input);
  const confirmation = new NumberConfirmation(ctx);
  const permissions = new PermissionSelection(ctx);
  registerHandlers(ctx, confirmation, permissions);
  return runMigration(ctx, () => steps(ctx, confirmation, permissions));
}

async function steps(
  ctx: PartnerChangeContext,
  confirmation: NumberConfirmation,
  permissions: PermissionSelection,
): Promise<void> {
  await prepare(ctx); // 1
  // A refusal the client can fix (numbers changed, a prerequisite missing) goes back to step 2.
  for (let round = 1; ; round++) {
    await confirmation.run(); // 2
    await awaitAccountReady(ctx); // 3-4
    if ((await submitAndAwaitApproval(ctx, round)) === 'completed') break; // 5-6
    if (round === MAX_SUBMISSIONS)
      ctx.finish('failed', `the partner change request was refused ${MAX_SUBMISSIONS} times`);
  }
  await permissions.run(); // 7-9
}

/** Every signal, query and update, registered before the first step: an early one gets a clear answer. */
function registerHandlers(
  ctx: PartnerChangeContext,
  confirmation: NumberConfirmation,
  permissions: PermissionSelection,
): void {
  const { facts } = ctx;
  setHandler(getStatusQuery, () => ctx.tracker.status());
  setHandler(getPartnerChangeQuery, () => ctx.view());
  setHandler(companyInfoCompletedSignal, () => void (facts.companyInfoComplete = true));
  setHandler(paymentMethodAddedSignal, () => void (facts.paymentMethodOk = true));
  setHandler(partnerChangeDecisionSignal, (event) => recordPartnerDecision(ctx, event));
  setHandler(confirmNumbersUpdate, (s) => confirmation.confirm(s), {
    validator: (s) => confirmation.validate(s),
    description: 'Confirm the exact list of numbers that move: { channelIds } or { phoneNumbers }',
  });
  setHandler(selectNumbersForPermissionsUpdate, (s) => permissions.select(s), {
    validator: (s) => permissions.validate(s),
    description: 'Pick the moved numbers the new partner may manage: { channelIds } or { phoneNumbers }',
  });
}
