/**
 * Step 1, PREPARING (docs/domain.md#partner-change): the exclusion check, then the client (current
 * partner, company info, payment method), the destination partner's rules and the WABA's numbers.
 */
import { partnerChangeBlockers } from '../../contracts/visibility';
import { acts } from '../kit/activities';
import type { PartnerChangeContext } from './context';

export async function prepare(ctx: PartnerChangeContext): Promise<void> {
  const { wabaId, destinationPartnerId } = ctx.input;
  // No partner change while a number of the WABA is migrating: the WABA first, its numbers once known.
  await ctx.requireNoOtherMigration(
    [{ entity: 'waba', key: wabaId, mode: 'exclusive' }],
    partnerChangeBlockers(wabaId),
  );

  const account = await acts.getPartnerChangeAccount({ wabaId, destinationPartnerId });
  if (account.currentPartnerId === destinationPartnerId)
    ctx.finish('failed', `WABA ${wabaId} is already with partner ${destinationPartnerId}`);
  if (!account.numbers.length) ctx.finish('failed', `WABA ${wabaId} has no numbers on 360dialog`);
  await ctx.requireNoOtherMigration(
    account.numbers.map((n) => ({ entity: 'number', key: n.phoneNumber, mode: 'exclusive' })),
    [],
  );
  ctx.numbers = account.numbers;
  ctx.facts.companyInfoComplete ||= account.companyInfoComplete;
  ctx.facts.paymentMethodOk ||= account.hasPaymentMethod || !account.requiresPaymentMethod;
  ctx.tracker.note(
    `client ${account.clientId}, from partner ${account.currentPartnerId}, ${account.numbers.length} number(s)`,
  );
}
