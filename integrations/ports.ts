/**
 * Ports: what the activities need from the outside world, one interface per external system.
 * The HTTP adapters in this folder implement them against the real services' paths and auth;
 * the simulator (`simulator/`) serves the same paths so the adapters work against it unchanged.
 *
 * Every method throws `UpstreamError` (integrations/errors.ts) on failure, classified.
 * Every method with a cost takes an `idempotencyKey`; the service must not repeat the effect for a
 * key it has already seen.
 *
 * Each port lives in `ports/<service>.ts`, named like its adapter; import them from here.
 */
import type { CallbackSender } from './ports/callbacks';
import type { Dialog360PartnerApi } from './ports/dialog360';
import type { MetaCloudMigrationApi } from './ports/meta-cloud-migration';
import type { MetaGraphApi } from './ports/meta-graph';
import type { SupportDesk } from './ports/support-desk';
import type { WebsiteChecker } from './ports/website';

export type * from './ports/callbacks';
export type * from './ports/dialog360';
export type * from './ports/meta-cloud-migration';
export type * from './ports/meta-graph';
export type * from './ports/support-desk';
export type * from './ports/website';

/** Everything the activities need from the outside; built only in the worker. */
export interface OutsideWorld {
  dialog360: Dialog360PartnerApi;
  meta: MetaGraphApi;
  metaMigration: MetaCloudMigrationApi;
  supportDesk: SupportDesk;
  callbacks: CallbackSender;
  website: WebsiteChecker;
}
