/**
 * All activities, built from injected dependencies. Only the worker calls `createActivities` with
 * real adapters; workflows import the type alone.
 */
import type { OutsideWorld } from '../integrations/ports';
import { withErrorTranslation } from './errors';
import { createExclusionActivities, type TemporalDeps } from './exclusion';
import { createPartnerChangeActivities } from './partner-change';
import { createPortInActivities } from './port-in';
import { createPortOutActivities } from './port-out';
import { createSupportActivities } from './support';

export interface ActivityDeps {
  world: OutsideWorld;
  /** Visibility queries for mutual exclusion; omitted: the worker's own client is used. */
  temporal?: TemporalDeps;
}

export function createActivities(deps: ActivityDeps) {
  return withErrorTranslation({
    ...createPortInActivities(deps.world),
    ...createSupportActivities(deps.world),
    ...createPortOutActivities(deps.world),
    ...createPartnerChangeActivities(deps.world),
    ...createExclusionActivities(deps.temporal),
  });
}

export type Activities = ReturnType<typeof createActivities>;
