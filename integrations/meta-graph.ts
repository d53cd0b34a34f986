/**
 * Meta Graph API adapter (system-user token as `Authorization: Bearer`). Reads WABA, business and
 * phone-number nodes with explicit `fields`, sends/verifies registration codes and registers. `request_code`
 * carries an `Idempotency-Key` (Meta ignores it; our simulator honours it) and is never retried here.
 *
 * Two-step verification: Graph exposes no documented field for it. We ask for
 * `two_step_verification_enabled` (served by the simulator); when a real Graph omits it we report
 * `false` and rely on 360dialog's "Two-factor authentication not yet disabled" outcome instead.
 */
import { z } from 'zod';
import { brazilAlternateForm, digitsOf } from '../contracts/phone-number';
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { bearerHttpClient, type HttpClient, path } from './http';
import { classifyMeta } from './meta-errors';
import type { CodeMethod } from '../contracts/port-in';
import type { MetaBusiness, MetaGraphApi, MetaPhoneNumber, MetaWaba } from './ports';

const PHONE_FIELDS =
  'id,display_phone_number,platform_type,code_verification_status,account_mode,two_step_verification_enabled';

const PhoneWire = z.object({
  id: z.string(),
  display_phone_number: z.string(),
  platform_type: z.enum(['CLOUD_API', 'ON_PREMISE', 'NOT_APPLICABLE']).catch('NOT_APPLICABLE'),
  code_verification_status: z.enum(['NOT_VERIFIED', 'VERIFIED', 'EXPIRED']).catch('NOT_VERIFIED'),
  two_step_verification_enabled: z.boolean().optional(),
});

const PhoneList = z.object({
  data: z.array(PhoneWire),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});

const WabaWire = z.object({
  id: z.string(),
  account_review_status: z.enum(['APPROVED', 'PENDING', 'REJECTED']),
  owner_business_info: z.object({ id: z.string() }),
  phone_numbers: z.object({ data: z.array(z.object({ account_mode: z.string().optional() })) }).optional(),
});

const BusinessWire = z.object({ id: z.string(), verification_status: z.string() });
const Success = z.object({ success: z.literal(true) });

export interface MetaGraphOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  logger?: Logger;
  observe?: CallObserver;
}

export class MetaGraphAdapter implements MetaGraphApi {
  private readonly http: HttpClient;

  constructor(opts: MetaGraphOptions) {
    const { accessToken: token, ...rest } = opts;
    this.http = bearerHttpClient({ ...rest, service: 'meta', token, classify: classifyMeta });
  }

  async getWaba(wabaId: string): Promise<MetaWaba> {
    const w = await this.http.request({
      method: 'GET',
      path: path`/${wabaId}`,
      query: { fields: 'id,name,account_review_status,owner_business_info,phone_numbers{account_mode}' },
      schema: WabaWire,
    });
    const numbers = w.phone_numbers?.data ?? [];
    return {
      id: w.id,
      ownerBusinessId: w.owner_business_info.id,
      accountReviewStatus: w.account_review_status,
      // Sandbox is a property of the numbers (account_mode); a WABA with only sandbox numbers is a sandbox.
      isSandbox: numbers.length > 0 && numbers.every((n) => n.account_mode === 'SANDBOX'),
    };
  }

  async getBusiness(businessId: string): Promise<MetaBusiness> {
    const b = await this.http.request({
      method: 'GET',
      path: path`/${businessId}`,
      query: { fields: 'id,name,verification_status' },
      schema: BusinessWire,
    });
    const s = b.verification_status;
    const status = s === 'verified' ? 'verified' : s.startsWith('pending') ? 'pending' : 'not_verified';
    return { id: b.id, verificationStatus: status };
  }

  async findPhoneNumber(wabaId: string, e164: string): Promise<MetaPhoneNumber | undefined> {
    // Meta may show a Brazilian number without (or with) the extra 9: match either form.
    const wanted = new Set([digitsOf(e164), digitsOf(brazilAlternateForm(e164) ?? e164)]);
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: path`/${wabaId}/phone_numbers`,
        query: { fields: PHONE_FIELDS, limit: '100', after },
        schema: PhoneList,
      });
      const exact = res.data.find((p) => digitsOf(p.display_phone_number) === digitsOf(e164));
      const found = exact ?? res.data.find((p) => wanted.has(digitsOf(p.display_phone_number)));
      if (found) return toPhone(found);
      after = res.paging?.cursors?.after;
      if (!res.paging?.next || !after) return undefined;
    }
    return undefined;
  }

  async getPhoneNumber(phoneNumberId: string): Promise<MetaPhoneNumber> {
    return toPhone(
      await this.http.request({
        method: 'GET',
        path: path`/${phoneNumberId}`,
        query: { fields: PHONE_FIELDS },
        schema: PhoneWire,
      }),
    );
  }

  async requestCode(req: {
    phoneNumberId: string;
    method: CodeMethod;
    language: string;
    idempotencyKey: string;
  }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/${req.phoneNumberId}/request_code`,
      body: { code_method: req.method, language: req.language },
      idempotencyKey: req.idempotencyKey,
      schema: Success,
    });
  }

  async verifyCode(req: { phoneNumberId: string; code: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/${req.phoneNumberId}/verify_code`,
      body: { code: req.code },
      secrets: [req.code],
      schema: Success,
    });
  }

  async register(req: { phoneNumberId: string; pin: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/${req.phoneNumberId}/register`,
      body: { messaging_product: 'whatsapp', pin: req.pin },
      secrets: [req.pin],
      schema: Success,
    });
  }
}

function toPhone(p: z.infer<typeof PhoneWire>): MetaPhoneNumber {
  return {
    id: p.id,
    displayPhoneNumber: p.display_phone_number,
    platformType: p.platform_type,
    twoStepVerificationEnabled: p.two_step_verification_enabled ?? false,
    codeVerificationStatus: p.code_verification_status,
  };
}
