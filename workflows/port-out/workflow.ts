/**
 * Port-out: a number leaves 360dialog for another BSP. One workflow per number (ID
 * `port-out:${e164}`). Reads as the step list of docs/domain.md#port-out (table "Steps"): every
 * wait escalates and keeps waiting, the subscription is cancelled only on an explicit human
 * confirmation, and any step may end the run with `ctx.finish` (kit/migration.ts).
 */
import { patched, setHandler } from '@temporalio/workflow';
import type { PortOutInput, PortOutResult } from '../../contracts/port-out';
import { runMigration } from '../kit/migration';
import {
  confirmSubscriptionCancellationUpdate,
  declineSubscriptionCancellationUpdate,
  getStatusQuery,
  numberLeftSignal,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import { PortOutContext } from './context';
import { awaitInvoicesCleared, INVOICES_GATE_PATCH } from './invoices';
import { awaitNumberLeft } from './number-left';
import { prepare } from './preparation';
import { SubscriptionCancellation } from './subscription';
import { awaitTwoFactorOff } from './two-factor';

export async function portOutWorkflow(input: PortOutInput): Promise<PortOutResult> {
  const ctx = new PortOutContext(input);
  const subscription = new SubscriptionCancellation(ctx);
  registerHandlers(ctx, subscription);
  return runMigration(ctx, () => steps(ctx, subscription));
}

async function steps(ctx: PortOutContext, subscription: SubscriptionCancellation): Promise<void> {
  const account = await prepare(ctx); // 1
  // A number already migrated away goes straight to the subscription.
  if (!account.alreadyLeft) {
    if (patched(INVOICES_GATE_PATCH)) await awaitInvoicesCleared(ctx, account); // 2: invoices paid first
    await awaitTwoFactorOff(ctx, account); // 2-3
    await awaitNumberLeft(ctx, account.channelId); // 4
  }
  await subscription.run(account); // 5-7, then the refund of unused funds
}

/** Every signal, query and update, registered before the first step: an early one gets a clear answer. */
function registerHandlers(ctx: PortOutContext, subscription: SubscriptionCancellation): void {
  setHandler(getStatusQuery, () => ctx.tracker.status());
  setHandler(twoFactorDisabledSignal, () => void (ctx.facts.twoFactorDisabled = true));
  setHandler(numberLeftSignal, (fact) => {
    ctx.facts.numberLeftReported = true;
    ctx.tracker.note(`reported by ${fact.source}: the number has left (to be confirmed with 360dialog)`);
  });
  setHandler(confirmSubscriptionCancellationUpdate, (u) => subscription.confirm(u), {
    validator: (u) => subscription.validate(u, 'confirm'),
    description: 'Confirm cancelling the 360dialog subscription (irreversible): { confirm: true, confirmedBy }',
  });
  setHandler(declineSubscriptionCancellationUpdate, (u) => subscription.decline(u), {
    validator: (u) => subscription.validate(u, 'decline'),
    description: 'Keep the 360dialog subscription and end the port-out: { declinedBy, reason? }',
  });
}
