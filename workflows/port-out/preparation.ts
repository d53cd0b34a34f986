/**
 * Step 1, PREPARING (docs/domain.md#port-out): the exclusion check, then what the flow needs to know
 * about the number: the client account (owned or shared WABA, subscription), the channel, Meta's
 * 2FA state and the WABA's other numbers.
 */
import type { PortOutAccount } from '../../contracts/port-out';
import { portOutBlockers } from '../../contracts/visibility';
import { acts } from '../kit/activities';
import { numberAndWabaLeases } from '../kit/leases';
import type { PortOutContext } from './context';

/** The account of a number that is on the WABA (otherwise the run ends 'failed'). */
export type NumberOnWaba = PortOutAccount & { channelId: string };

export async function prepare(ctx: PortOutContext): Promise<NumberOnWaba> {
  const { wabaId, phone } = ctx.input;
  await ctx.requireNoOtherMigration(numberAndWabaLeases(wabaId, phone.e164), portOutBlockers(wabaId, phone.e164));

  const account = await acts.getPortOutAccount({ wabaId, e164: phone.e164 });
  const { channelId } = account;
  if (!channelId) ctx.finish('failed', `${phone.e164} is not a 360dialog number of WABA ${wabaId}`);
  ctx.tracker.note(`${account.wabaOwnership} WABA, client ${account.clientId}, subscription ${account.subscription}`);
  if (account.alreadyLeft) ctx.tracker.note('the number has already left 360dialog');
  return { ...account, channelId };
}
