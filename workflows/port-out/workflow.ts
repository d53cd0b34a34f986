/**
 * Port-out: a number leaves 360dialog for another BSP (flow 2 of domain.md). One workflow per
 * number (ID `port-out:${e164}`): exclusion check -> account -> 2FA disabled (owned: the admin;
 * shared: a support ticket with a 72 h SLA) -> the number has left -> the subscription is
 * cancelled only on an explicit human confirmation. Every wait escalates and keeps waiting.
 */
import { setHandler } from '@temporalio/workflow';
import { portOutBlockers } from '../../contracts/visibility';
import type { PortOutInput, PortOutResult } from '../../contracts/port-out';
import { acts } from '../kit/activities';
import { blockedBy } from '../kit/exclusion';
import { runMigration } from '../kit/migration';
import { getStatusQuery, numberLeftSignal, twoFactorDisabledSignal } from '../../contracts/messages';
import { PortOutContext } from './context';
import { awaitNumberLeft } from './number-left';
import { SubscriptionCancellation } from './subscription';
import { awaitTwoFactorOff } from './two-factor';

export async function portOutWorkflow(input: PortOutInput): Promise<PortOutResult> {
  const ctx = new PortOutContext(input);
  registerHandlers(ctx);
  const subscription = new SubscriptionCancellation(ctx);
  return runMigration(ctx, () => steps(ctx, subscription));
}

async function steps(ctx: PortOutContext, subscription: SubscriptionCancellation): Promise<PortOutResult> {
  const { wabaId, phone } = ctx.input;
  const blocked = await blockedBy(ctx.tracker, portOutBlockers(wabaId, phone.e164));
  if (blocked) return ctx.finish('failed', blocked);

  const account = await acts.getPortOutAccount({ wabaId, e164: phone.e164 });
  if (!account.channelId) return ctx.finish('failed', `${phone.e164} is not a 360dialog number of WABA ${wabaId}`);
  ctx.tracker.note(`${account.wabaOwnership} WABA, client ${account.clientId}, subscription ${account.subscription}`);

  if (account.alreadyLeft) ctx.tracker.note('the number has already left 360dialog');
  else {
    const stopped = (await awaitTwoFactorOff(ctx, account)) ?? (await awaitNumberLeft(ctx, account.channelId));
    if (stopped) return stopped;
  }
  return subscription.run(account);
}

function registerHandlers(ctx: PortOutContext): void {
  setHandler(getStatusQuery, () => ctx.tracker.status());
  setHandler(twoFactorDisabledSignal, () => void (ctx.facts.twoFactorDisabled = true));
  setHandler(numberLeftSignal, (fact) => {
    ctx.facts.numberLeftReported = true;
    ctx.tracker.note(`reported by ${fact.source}: the number has left (to be confirmed with 360dialog)`);
  });
}
