/**
 * All activities, built from injected dependencies. Only the worker calls `createActivities` with
 * real adapters; workflows import the type alone.
 */
import type { OutsideWorld } from '../integrations/ports';
import type { SecretSealer } from '../secrets';
import type { OwnerLinkIssuer } from '../secrets/action-links';
import { createBatchActivities } from './batch';
import { withErrorTranslation } from './errors';
import { createCloudPortInActivities } from './cloud-port-in';
import { createExclusionActivities, type TemporalDeps } from './exclusion';
import { createLeaseActivities } from './leases';
import { createPartnerChangeActivities } from './partner-change';
import { createPortInActivities } from './port-in';
import { createPortOutActivities } from './port-out';
import { createSupportActivities } from './support';

export interface ActivityDeps {
  world: OutsideWorld;
  /** Seals the secrets activities receive (API keys) and unseals those they must use (PINs). */
  sealer: SecretSealer;
  /** Entity leases and the legacy visibility check; omitted: the worker's own client is used. */
  temporal?: TemporalDeps;
  /** Mints the owner's link for "action required" events; omitted: events carry no link. */
  ownerLinks?: OwnerLinkIssuer;
}

export function createActivities(deps: ActivityDeps) {
  return withErrorTranslation({
    ...createPortInActivities(deps.world, deps.sealer),
    ...createCloudPortInActivities(deps.world, deps.sealer, deps.temporal),
    ...createSupportActivities(deps.world, deps.ownerLinks),
    ...createPortOutActivities(deps.world),
    ...createPartnerChangeActivities(deps.world),
    ...createExclusionActivities(deps.temporal),
    ...createLeaseActivities(deps.temporal),
    ...createBatchActivities(deps.temporal),
  });
}

export type Activities = ReturnType<typeof createActivities>;
