/**
 * The port-in checklist (docs/domain.md#port-in, step 1), every item checked and reported together (never
 * first-failure-only), so the requester can fix everything in one go.
 */
import type { PortInInput, PreflightItem, PreflightReport } from '../contracts/port-in';
import { digitsOf } from '../contracts/phone-number';
import { isUpstreamError } from '../integrations/errors';
import type { MetaPhoneNumber, OutsideWorld } from '../integrations/ports';

export type Lookup<T> = { value: T } | { failed: string };

/**
 * A lookup whose failure is an answer for the checklist: input and permission class errors (an
 * ID Meta does not know, a WABA we may not read) come back as `failed` with the upstream message
 * (free of secrets), so every item is still reported; transient errors throw and the activity retries.
 */
export async function lookup<T>(call: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { value: await call() };
  } catch (err) {
    if (isUpstreamError(err) && (err.errorClass === 'input' || err.errorClass === 'permission'))
      return { failed: err.message };
    throw err;
  }
}

export const item = (id: string, label: string, ok: boolean, detail: string): PreflightItem => ({
  id,
  label,
  ok,
  detail,
});

/** An item judged on a lookup's value, or failed with the lookup's error. */
function judged<T>(
  id: string,
  label: string,
  r: Lookup<T>,
  what: string,
  judge: (v: T) => [boolean, string],
): PreflightItem {
  return 'failed' in r
    ? item(id, label, false, `${what} could not be read: ${r.failed}`)
    : item(id, label, ...judge(r.value));
}

export async function runPreflight(
  world: Pick<OutsideWorld, 'meta' | 'website'>,
  input: PortInInput,
): Promise<PreflightReport> {
  const { wabaId, metaBusinessId } = input;
  const [waba, business, phoneR, site] = await Promise.all([
    lookup(() => world.meta.getWaba(wabaId)),
    lookup(() => world.meta.getBusiness(metaBusinessId)),
    lookup(() => world.meta.findPhoneNumber(wabaId, input.phone.e164)),
    world.website.isLive(input.businessWebsite),
  ]);
  const phone = 'value' in phoneR ? phoneR.value : undefined;
  const items: PreflightItem[] = [
    judged('meta-business-id', 'Meta Business ID owns the WABA', waba, `WABA ${wabaId}`, (w) =>
      w.ownerBusinessId === metaBusinessId
        ? [true, `business ${metaBusinessId} owns WABA ${wabaId}`]
        : [false, `WABA ${wabaId} belongs to business ${w.ownerBusinessId}, not ${metaBusinessId}`],
    ),
    judged('business-verified', 'Business Manager verified', business, `business ${metaBusinessId}`, (b) => [
      b.verificationStatus === 'verified',
      `verification status: ${b.verificationStatus}`,
    ]),
    judged('not-sandbox', 'WABA not in sandbox', waba, `WABA ${wabaId}`, (w) => [
      !w.isSandbox,
      w.isSandbox ? 'WABA is a sandbox account' : 'live WABA',
    ]),
    judged('number-found', 'Number on the source WABA', phoneR, `the numbers of WABA ${wabaId}`, (p) =>
      p ? [true, `phone-number ID ${p.id}`] : [false, `${input.phone.e164} is not a number of WABA ${wabaId}`],
    ),
    judged('not-cloud-api', 'Number not on Meta Cloud API', phoneR, `the numbers of WABA ${wabaId}`, (p) =>
      p?.platformType === 'CLOUD_API'
        ? [false, 'number is on Cloud API: migration from Cloud API is not supported']
        : [true, 'On-Premise'],
    ),
    item('website-live', 'Business website live', site.live, `${input.businessWebsite}: ${site.detail}`),
    item(
      'admin-access',
      'Admin access to Business Manager (attested)',
      input.attestations.adminAccess,
      input.attestations.adminAccess ? 'attested by requester' : 'requester did not attest admin access',
    ),
    item(
      'phone-access',
      'Access to the phone for the PIN (attested)',
      input.attestations.phoneAccess,
      input.attestations.phoneAccess ? 'attested by requester' : 'requester did not attest phone access',
    ),
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
