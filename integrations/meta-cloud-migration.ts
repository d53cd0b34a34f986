/**
 * Meta Graph API adapter for the destination side of a Cloud-API number migration
 * (../shared/docs/cloud-migration.md §2, §3): subscribe our app and share the credit line, move the
 * number (`migrate_phone_number`), copy the templates, read the number's status, deregister, set the
 * storage region, and exchange an Embedded Signup code. Same base URL and system-user token as
 * MetaGraphAdapter; request_code / verify_code / register are MetaGraphAdapter's.
 *
 * Secrets: the signup code, the app secret and the business token never reach a log line or an
 * error message (`secrets:` on each request; the query string is never logged).
 */
import { digitsOf, phoneForms, type PhoneNumberParts } from '../contracts/phone-number';
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { isUpstreamError, UpstreamError } from './errors';
import { bearerHttpClient, type HttpClient, path } from './http';
import {
  AccessTokenWire,
  CreatedNode,
  CreditSharing,
  NumberList,
  NumberStatusWire,
  Success,
  TemplateList,
  TemplateMigrationWire,
  toNumberStatus,
  toTemplate,
} from './meta-cloud-wire';
import { classifyMeta } from './meta-errors';
import type {
  MetaCloudMigrationApi,
  MetaCloudNumberStatus,
  MetaTemplate,
  MigratedNumber,
  TemplateMigrationPage,
} from './ports';

/** Meta's largest template-migration batch: a full page means there may be another. */
export const TEMPLATE_PAGE_SIZE = 500;
const MAX_LIST_PAGES = 50;
const NUMBER_STATUS_FIELDS = 'id,status,name_status,code_verification_status,platform_type';
const TEMPLATE_FIELDS = 'id,name,language,category,status,quality_score';

export interface MetaCloudMigrationOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  /** Our Meta app, for the Embedded Signup code exchange only; without it that call fails (permission). */
  appId?: string;
  appSecret?: string;
  logger?: Logger;
  observe?: CallObserver;
}

export class MetaCloudMigrationAdapter implements MetaCloudMigrationApi {
  private readonly http: HttpClient;
  private readonly app?: { id: string; secret: string };

  constructor(opts: MetaCloudMigrationOptions) {
    const { accessToken: token, appId, appSecret, ...rest } = opts;
    this.http = bearerHttpClient({ ...rest, service: 'meta', token, classify: classifyMeta });
    if (appId && appSecret) this.app = { id: appId, secret: appSecret };
  }

  async subscribeApp(wabaId: string): Promise<void> {
    await this.http.request({ method: 'POST', path: path`/${wabaId}/subscribed_apps`, schema: Success });
  }

  async shareCreditLine(req: { creditLineId: string; wabaId: string; currency: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/${req.creditLineId}/whatsapp_credit_sharing_and_attach`,
      query: { waba_currency: req.currency, waba_id: req.wabaId },
      schema: CreditSharing,
    });
  }

  async migratePhoneNumber(req: { wabaId: string; phone: PhoneNumberParts }): Promise<MigratedNumber> {
    try {
      const created = await this.http.request({
        method: 'POST',
        path: path`/${req.wabaId}/phone_numbers`,
        body: { cc: req.phone.cc, phone_number: req.phone.national, migrate_phone_number: true },
        schema: CreatedNode,
      });
      return { phoneNumberId: created.id, alreadyThere: false };
    } catch (err) {
      if (!isUpstreamError(err) || err.reason !== 'ALREADY_MOVED') throw err;
      // 2388012: an earlier attempt (maybe one whose answer was lost) moved it; find its ID.
      const id = await this.findNumberId(req.wabaId, req.phone.e164);
      if (id) return { phoneNumberId: id, alreadyThere: true };
      throw new UpstreamError({
        service: 'meta',
        errorClass: 'transient',
        reason: 'SERVER_ERROR',
        message: `POST /${req.wabaId}/phone_numbers: 2388012 (already there) but the WABA does not list the number yet`,
        cause: err,
      });
    }
  }

  async migrateTemplates(req: {
    wabaId: string;
    sourceWabaId: string;
    page: number;
    templateIds?: string[];
  }): Promise<TemplateMigrationPage & { more: boolean }> {
    const ids = req.templateIds?.length ? req.templateIds : undefined;
    const res = await this.http.request({
      method: 'POST',
      path: path`/${req.wabaId}/migrate_message_templates`,
      body: {
        source_waba_id: req.sourceWabaId,
        page_number: ids ? 0 : req.page,
        count: TEMPLATE_PAGE_SIZE,
        ...(ids ? { template_ids: ids } : {}),
      },
      schema: TemplateMigrationWire,
    });
    const answered = res.migrated_templates.length + Object.keys(res.failed_templates).length;
    // A retry by IDs is one batch; a page is followed by another only when it came back full.
    return {
      migrated: res.migrated_templates,
      failed: res.failed_templates,
      more: !ids && answered >= TEMPLATE_PAGE_SIZE,
    };
  }

  async listTemplates(wabaId: string): Promise<MetaTemplate[]> {
    const out: MetaTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: path`/${wabaId}/message_templates`,
        query: { fields: TEMPLATE_FIELDS, limit: '100', after },
        schema: TemplateList,
      });
      out.push(...res.data.map(toTemplate));
      after = res.paging?.cursors?.after;
      if (!res.paging?.next || !after) break;
    }
    return out;
  }

  async getNumberStatus(phoneNumberId: string): Promise<MetaCloudNumberStatus> {
    const n = await this.http.request({
      method: 'GET',
      path: path`/${phoneNumberId}`,
      query: { fields: NUMBER_STATUS_FIELDS },
      schema: NumberStatusWire,
    });
    return toNumberStatus(n);
  }

  async deregister(phoneNumberId: string): Promise<void> {
    await this.http.request({ method: 'POST', path: path`/${phoneNumberId}/deregister`, schema: Success });
  }

  async setDataLocalization(req: { phoneNumberId: string; region: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/${req.phoneNumberId}/settings`,
      body: {
        storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: req.region },
      },
      schema: Success,
    });
  }

  async exchangeSignupCode(code: string): Promise<{ accessToken: string }> {
    if (!this.app)
      throw new UpstreamError({
        service: 'meta',
        errorClass: 'permission',
        reason: 'INVALID_CREDENTIALS',
        message: 'GET /oauth/access_token: no Meta app ID and secret configured for the Embedded Signup code exchange',
      });
    const res = await this.http.request({
      method: 'GET',
      path: '/oauth/access_token',
      query: { client_id: this.app.id, client_secret: this.app.secret, code },
      secrets: [code, this.app.secret],
      schema: AccessTokenWire,
    });
    return { accessToken: res.access_token };
  }

  /** The number's ID in the WABA, matching either Brazilian spelling of what Meta displays. */
  private async findNumberId(wabaId: string, e164: string): Promise<string | undefined> {
    const wanted = new Set(phoneForms(e164).map(digitsOf));
    let after: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: path`/${wabaId}/phone_numbers`,
        query: { fields: 'id,display_phone_number', limit: '100', after },
        schema: NumberList,
      });
      const found = res.data.find((p) => wanted.has(digitsOf(p.display_phone_number)));
      if (found) return found.id;
      after = res.paging?.cursors?.after;
      if (!res.paging?.next || !after) return undefined;
    }
    return undefined;
  }
}
