/**
 * The port-in checklist of the seed, every item checked and reported together (never
 * first-failure-only), so the requester can fix everything in one go.
 */
import type { PortInInput, PreflightItem } from '../contracts/port-in';
import { digitsOf } from '../contracts/phone-number';
import type { MetaPhoneNumber, OutsideWorld } from '../integrations/ports';

export interface PreflightReport {
  passed: boolean;
  /** 2FA still on is not a failure: the workflow waits for it before submitting. */
  twoFactorEnabled: boolean;
  items: PreflightItem[];
}

export async function runPreflight(world: Pick<OutsideWorld, 'meta' | 'website'>, input: PortInInput): Promise<PreflightReport> {
  const [waba, business, phone, site] = await Promise.all([
    world.meta.getWaba(input.wabaId),
    world.meta.getBusiness(input.metaBusinessId),
    world.meta.findPhoneNumber(input.wabaId, input.phone.e164),
    world.website.isLive(input.businessWebsite),
  ]);
  const item = (id: string, label: string, ok: boolean, detail: string): PreflightItem => ({ id, label, ok, detail });
  const items: PreflightItem[] = [
    item('meta-business-id', 'Meta Business ID owns the WABA', waba.ownerBusinessId === input.metaBusinessId,
      waba.ownerBusinessId === input.metaBusinessId
        ? `business ${input.metaBusinessId} owns WABA ${input.wabaId}`
        : `WABA ${input.wabaId} belongs to business ${waba.ownerBusinessId}, not ${input.metaBusinessId}`),
    item('business-verified', 'Business Manager verified', business.verificationStatus === 'verified',
      `verification status: ${business.verificationStatus}`),
    item('not-sandbox', 'WABA not in sandbox', !waba.isSandbox, waba.isSandbox ? 'WABA is a sandbox account' : 'live WABA'),
    item('number-found', 'Number on the source WABA', phone !== undefined,
      phone ? `phone-number ID ${phone.id}` : `${input.phone.e164} is not a number of WABA ${input.wabaId}`),
    item('not-cloud-api', 'Number not on Meta Cloud API', phone?.platformType !== 'CLOUD_API',
      phone?.platformType === 'CLOUD_API' ? 'number is on Cloud API: migration from Cloud API is not supported' : 'On-Premise'),
    item('website-live', 'Business website live', site.live, `${input.businessWebsite}: ${site.detail}`),
    item('admin-access', 'Admin access to Business Manager (attested)', input.attestations.adminAccess,
      input.attestations.adminAccess ? 'attested by requester' : 'requester did not attest admin access'),
    item('phone-access', 'Access to the phone for the PIN (attested)', input.attestations.phoneAccess,
      input.attestations.phoneAccess ? 'attested by requester' : 'requester did not attest phone access'),
  ];
  if (input.phone.cc === '55' && phone) items.push(brazilProfileItem(input, phone));
  return {
    passed: items.every((i) => i.ok),
    twoFactorEnabled: phone?.twoStepVerificationEnabled ?? false,
    items,
  };
}

/** Brazil: the number must look exactly like the live profile, with or without the extra 9. */
function brazilProfileItem(input: PortInInput, phone: MetaPhoneNumber): PreflightItem {
  const live = digitsOf(phone.displayPhoneNumber);
  const given = digitsOf(input.phone.e164);
  return {
    id: 'brazil-profile-form',
    label: 'Brazilian number matches the live profile exactly',
    ok: live === given,
    detail: live === given ? 'matches the live profile' : `live profile shows +${live}, request has +${given}`,
  };
}
