/**
 * The WABA lookup a partner-change start makes before it starts anything (contracts/partner-change.ts
 * `WabaDirectory`): the partner 360dialog has the WABA with, or undefined when it does not know it.
 */
import type { WabaDirectory } from '../contracts/partner-change';
import { isUpstreamError } from './errors';
import type { Dialog360PartnerApi } from './ports';

export function wabaDirectory(dialog360: Pick<Dialog360PartnerApi, 'getClientByWaba'>): WabaDirectory {
  return {
    async currentPartnerOf(wabaId) {
      try {
        return (await dialog360.getClientByWaba(wabaId)).partnerId;
      } catch (err) {
        if (isUpstreamError(err) && err.reason === 'NOT_FOUND') return undefined;
        throw err;
      }
    },
  };
}
