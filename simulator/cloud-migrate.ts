/**
 * `POST /{waba}/phone_numbers` with `migrate_phone_number=true` and `POST /{pnid}/settings`, as Meta
 * decides them (../shared/docs/cloud-migration.md §1, §2): a number already in the WABA is 2388012;
 * one that is no Cloud-API source is "not being migrated" (2388091); then the destination's and the
 * number's preconditions, each with its 2388103 variant (2388001 for 2FA). Success gives the number a
 * new phone-number ID in the destination; it must be verified and registered again there.
 */
import { graphError, graphPreset, type SimResponse } from './catalog';
import { Counters } from './counters';
import type { NumberState, SimState } from './state';

const preset = (key: string) => graphPreset(key) as SimResponse;

/** Why Meta refuses to move `n` into `wabaId` now, or undefined when it may. */
function refusal(state: SimState, n: NumberState | undefined, wabaId: string): SimResponse | undefined {
  if (n && n.wabaId === wabaId) return preset('2388012');
  if (!n?.cloud) return preset('2388091-not-migrating');
  const destination = state.waba(wabaId);
  const setup = state.cloud.destination(wabaId);
  if (destination.reviewStatus !== 'APPROVED') return preset('2388103-destination');
  if (!setup.appSubscribed) return preset('2388103-webhooks');
  if (!setup.creditLineShared) return preset('2388103-payment');
  if (state.waba(n.wabaId).ownerBusinessId !== destination.ownerBusinessId) return preset('2388103-business');
  if (n.cloud.nameStatus !== 'APPROVED') return preset('2388103-name');
  if (n.twoFaEnabled) return preset('2388001');
  return undefined;
}

export function migratePhoneNumber(state: SimState, wabaId: string, e164: string): SimResponse {
  const n = state.findNumber(e164);
  const refused = refusal(state, n, wabaId);
  if (refused || !n?.cloud) return refused ?? preset('2388091-not-migrating');
  n.cloud.movedFrom = { wabaId: n.wabaId, phoneNumberId: n.phoneNumberId };
  n.phoneNumberId = state.nextGraphId();
  state.attach(n, wabaId);
  // A new registration in the destination: verify with a code, then register with a new PIN.
  Object.assign(n.cloud, { migrating: true, registered: false, storageRegion: null });
  Object.assign(n, { verified: false, codes: [], wrongAttempts: 0, twoFaPin: undefined });
  Counters.inc(state.counters.numbersMigratedByNumber, n.e164);
  return { status: 200, body: { id: n.phoneNumberId } };
}

/** `storage_configuration` of `POST /{pnid}/settings`: only while the number is not registered. */
export function setStorage(
  state: SimState,
  n: NumberState,
  storage: { status: 'IN_COUNTRY_STORAGE_ENABLED' | 'DEFAULT'; data_localization_region?: string },
): SimResponse {
  if (!n.cloud)
    return graphError(400, 100, '(#100) Invalid parameter', {
      details: 'The simulator keeps storage settings of Cloud-API numbers only (PUT /_sim/cloud/numbers/{e164}).',
    });
  if (n.cloud.registered)
    return graphError(400, 100, '(#100) Invalid parameter', {
      details: 'The data localization region can only be changed while the phone number is not registered.',
    });
  if (storage.status === 'IN_COUNTRY_STORAGE_ENABLED' && !storage.data_localization_region)
    return graphError(400, 100, '(#100) Invalid parameter', {
      details: 'data_localization_region is required when storage is IN_COUNTRY_STORAGE_ENABLED.',
    });
  n.cloud.storageRegion = storage.status === 'DEFAULT' ? null : (storage.data_localization_region ?? null);
  return { status: 200, body: { success: true } };
}
