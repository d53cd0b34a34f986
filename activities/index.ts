/**
 * All activities, built from injected dependencies. Only the worker calls `createActivities` with
 * real adapters; workflows import the type alone.
 */
import type { OutsideWorld } from '../integrations/ports';
import { withErrorTranslation } from './errors';
import { createPortInActivities } from './port-in';
import { createSupportActivities } from './support';

export interface ActivityDeps {
  world: OutsideWorld;
}

export function createActivities(deps: ActivityDeps) {
  return withErrorTranslation({
    ...createPortInActivities(deps.world),
    ...createSupportActivities(deps.world),
  });
}

export type Activities = ReturnType<typeof createActivities>;
