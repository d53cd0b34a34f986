/**
 * The only place the outside-world adapters are constructed (the worker and tests call it).
 * Swapping the simulator for the real services is a matter of the URLs and credentials in config.
 */
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import type { Config } from '../temporal.config';
import { HttpCallbackSender } from './callbacks';
import { Dialog360Adapter } from './dialog360';
import { MetaCloudMigrationAdapter } from './meta-cloud-migration';
import { MetaGraphAdapter } from './meta-graph';
import type { OutsideWorld } from './ports';
import { SupportDeskAdapter } from './support-desk';
import { HttpWebsiteChecker } from './website';

export type OutsideWorldConfig = Pick<
  Config,
  | 'D360_PARTNER_API_URL'
  | 'D360_PARTNER_ID'
  | 'D360_PARTNER_API_KEY'
  | 'META_GRAPH_URL'
  | 'META_ACCESS_TOKEN'
  | 'SUPPORT_DESK_URL'
  | 'SUPPORT_DESK_TOKEN'
  | 'HTTP_TIMEOUT_MS'
  | 'WEBSITE_CHECK_TIMEOUT_MS'
  | 'CALLBACK_SIGNING_SECRET'
  | 'META_APP_ID'
  | 'META_APP_SECRET'
>;

/** `observe` hears of every outside call (the worker's metrics). */
export function createOutsideWorld(config: OutsideWorldConfig, logger?: Logger, observe?: CallObserver): OutsideWorld {
  const timeoutMs = config.HTTP_TIMEOUT_MS;
  const child = (name: string) => logger?.child({ integration: name });
  return {
    dialog360: new Dialog360Adapter({
      baseUrl: config.D360_PARTNER_API_URL,
      partnerId: config.D360_PARTNER_ID,
      apiKey: config.D360_PARTNER_API_KEY,
      timeoutMs,
      logger: child('360dialog'),
      observe,
    }),
    meta: new MetaGraphAdapter({
      baseUrl: config.META_GRAPH_URL,
      accessToken: config.META_ACCESS_TOKEN,
      timeoutMs,
      logger: child('meta'),
      observe,
    }),
    metaMigration: new MetaCloudMigrationAdapter({
      baseUrl: config.META_GRAPH_URL,
      accessToken: config.META_ACCESS_TOKEN,
      appId: config.META_APP_ID,
      appSecret: config.META_APP_SECRET,
      timeoutMs,
      logger: child('meta'),
      observe,
    }),
    supportDesk: new SupportDeskAdapter({
      baseUrl: config.SUPPORT_DESK_URL,
      token: config.SUPPORT_DESK_TOKEN,
      timeoutMs,
      logger: child('support-desk'),
      observe,
    }),
    callbacks: new HttpCallbackSender({
      signingSecret: config.CALLBACK_SIGNING_SECRET,
      timeoutMs,
      logger: child('callbacks'),
      observe,
    }),
    website: new HttpWebsiteChecker({ timeoutMs: config.WEBSITE_CHECK_TIMEOUT_MS, logger: child('website'), observe }),
  };
}

export { isUpstreamError, UpstreamError } from './errors';
export type * from './ports';
