/**
 * The Cloud-API port-in's checklist (cloud-migration.md §1): what we can see, all reported together.
 * The destination WABA is ours to read; the number usually sits in another BSP's WABA that we may not
 * read: then its items say so ("unchecked") and Meta's answer to migrate_phone_number decides.
 */
import type { PortInInput, PreflightItem, PreflightReport } from '../contracts/port-in';
import type { MetaPhoneNumber, OutsideWorld } from '../integrations/ports';
import { item, lookup, type Lookup } from './preflight';

export async function runCloudPreflight(
  world: Pick<OutsideWorld, 'meta' | 'website'>,
  input: PortInInput,
): Promise<PreflightReport> {
  const { wabaId, metaBusinessId } = input;
  const sourceWabaId = input.cloud?.sourceWabaId ?? '';
  const [waba, business, source, site] = await Promise.all([
    lookup(() => world.meta.getWaba(wabaId)),
    lookup(() => world.meta.getBusiness(metaBusinessId)),
    lookup(() => world.meta.findPhoneNumber(sourceWabaId, input.phone.e164)),
    world.website.isLive(input.businessWebsite),
  ]);
  const w = 'value' in waba ? waba.value : undefined;
  const b = 'value' in business ? business.value : undefined;
  const items: PreflightItem[] = [
    w
      ? item(
          'meta-business-id',
          'Meta Business ID owns the destination WABA',
          w.ownerBusinessId === metaBusinessId,
          w.ownerBusinessId === metaBusinessId
            ? `business ${metaBusinessId} owns WABA ${wabaId}`
            : `WABA ${wabaId} belongs to business ${w.ownerBusinessId}, not ${metaBusinessId}`,
        )
      : item(
          'destination-waba',
          'Destination WABA readable',
          false,
          `WABA ${wabaId}: ${'failed' in waba ? waba.failed : ''}`,
        ),
    item(
      'destination-approved',
      'Destination WABA approved by Meta',
      w?.accountReviewStatus === 'APPROVED',
      `review status: ${w?.accountReviewStatus ?? 'unknown'}`,
    ),
    item('not-sandbox', 'Destination WABA not in sandbox', w ? !w.isSandbox : false, w?.isSandbox ? 'sandbox' : 'live'),
    item(
      'business-verified',
      'Business Manager verified',
      b?.verificationStatus === 'verified',
      b ? `verification status: ${b.verificationStatus}` : `business ${metaBusinessId} could not be read`,
    ),
    item('website-live', 'Business website live', site.live, site.detail),
    ...numberItems(input, source),
  ];
  const number = 'value' in source ? source.value : undefined;
  return { passed: items.every((i) => i.ok), twoFactorEnabled: number?.twoStepVerificationEnabled ?? false, items };
}

/** What we can tell about the number itself: often nothing (another BSP's WABA is not ours to read). */
function numberItems(input: PortInInput, source: Lookup<MetaPhoneNumber | undefined>): PreflightItem[] {
  const where = `WABA ${input.cloud?.sourceWabaId ?? '?'}`;
  if ('failed' in source || !source.value) {
    const why = 'failed' in source ? `${where} is not readable for us (${source.failed})` : `not listed in ${where}`;
    return [
      {
        id: 'number-on-cloud-api',
        label: 'Number on the Cloud API at the source',
        ok: true,
        unchecked: true,
        detail: `not checked: ${why}; Meta checks it when the number moves`,
      },
    ];
  }
  const onCloud = source.value.platformType === 'CLOUD_API';
  return [
    item(
      'number-on-cloud-api',
      'Number on the Cloud API at the source',
      onCloud,
      onCloud ? 'Cloud API' : `platform ${source.value.platformType}: use the on-premise path`,
    ),
  ];
}
