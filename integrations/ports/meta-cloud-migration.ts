/**
 * The Meta Graph API port for Cloud-API number migration (../shared/docs/cloud-migration.md §2, §3):
 * the destination side's calls, implemented by `integrations/meta-cloud-migration.ts`. Same base URL
 * and token as MetaGraphApi; the code, verify and register calls are MetaGraphApi's. Documented
 * refusals are thrown as classified UpstreamErrors whose `reason` names the case (NOT_IN_MIGRATION,
 * WEBHOOKS_MISSING, NAME_NOT_APPROVED, ...). Importers use `integrations/ports.ts`.
 */
import type { PhoneNumberParts } from '../../contracts/phone-number';

export interface MigratedNumber {
  /** The number's phone-number ID in the destination WABA. */
  phoneNumberId: string;
  /** True when Meta answered 2388012 (already in this WABA) and the ID was looked up instead. */
  alreadyThere: boolean;
}

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type TemplateQuality = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

export interface MetaTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: TemplateStatus;
  qualityScore: TemplateQuality;
}

export interface TemplateMigrationPage {
  /** IDs of the templates created in the destination WABA. */
  migrated: string[];
  /** Source template ID -> Meta's reason it could not be migrated. */
  failed: Record<string, string>;
}

/** What Meta shows of a number in the destination WABA (`GET /{pnid}?fields=...`). */
export interface MetaCloudNumberStatus {
  id: string;
  /** CONNECTED once registered. */
  status: 'CONNECTED' | 'PENDING' | 'DISCONNECTED' | 'MIGRATED' | 'UNVERIFIED' | 'OFFLINE' | 'UNKNOWN';
  nameStatus: 'APPROVED' | 'PENDING_REVIEW' | 'DECLINED' | 'NONE' | 'UNKNOWN';
  codeVerificationStatus: 'NOT_VERIFIED' | 'VERIFIED' | 'EXPIRED';
  platformType: 'CLOUD_API' | 'ON_PREMISE' | 'NOT_APPLICABLE';
}

export interface MetaCloudMigrationApi {
  /** `POST /{waba}/subscribed_apps`: our app receives the WABA's webhooks (a precondition of #2). */
  subscribeApp(wabaId: string): Promise<void>;
  /** `POST /{credit_line_id}/whatsapp_credit_sharing_and_attach`: pays for the WABA's messages. */
  shareCreditLine(req: { creditLineId: string; wabaId: string; currency: string }): Promise<void>;
  /**
   * `POST /{waba}/phone_numbers` with `migrate_phone_number=true`: the point of no return. On
   * 2388012 (already there) looks the number up and answers `alreadyThere: true`.
   */
  migratePhoneNumber(req: { wabaId: string; phone: PhoneNumberParts }): Promise<MigratedNumber>;
  /** `POST /{waba}/migrate_message_templates`, one page (0-based, up to 500), or the listed IDs again. */
  migrateTemplates(req: {
    wabaId: string;
    sourceWabaId: string;
    page: number;
    templateIds?: string[];
  }): Promise<TemplateMigrationPage & { more: boolean }>;
  /** `GET /{waba}/message_templates` (all pages): status and quality, for the 24 h watch. */
  listTemplates(wabaId: string): Promise<MetaTemplate[]>;
  getNumberStatus(phoneNumberId: string): Promise<MetaCloudNumberStatus>;
  /** `POST /{pnid}/deregister` (133000: an earlier deregistration did not complete). */
  deregister(phoneNumberId: string): Promise<void>;
  /** `POST /{pnid}/settings` with the storage region the source used (only while unregistered). */
  setDataLocalization(req: { phoneNumberId: string; region: string }): Promise<void>;
  /** `GET /oauth/access_token?code=`: the Embedded Signup code for a business token (a secret). */
  exchangeSignupCode(code: string): Promise<{ accessToken: string }>;
}
