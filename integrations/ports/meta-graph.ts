/**
 * The Meta Graph API port (https://graph.facebook.com/vXX.X, Authorization: Bearer <system-user
 * token>), implemented by `integrations/meta-graph.ts`. Importers use `integrations/ports.ts`.
 */
import type { CodeMethod } from '../../contracts/port-in';

export interface MetaWaba {
  id: string;
  ownerBusinessId: string;
  accountReviewStatus: 'APPROVED' | 'PENDING' | 'REJECTED';
  isSandbox: boolean;
}

export interface MetaBusiness {
  id: string;
  verificationStatus: 'verified' | 'pending' | 'not_verified';
}

export interface MetaPhoneNumber {
  id: string;
  displayPhoneNumber: string; // as the live profile shows it
  platformType: 'CLOUD_API' | 'ON_PREMISE' | 'NOT_APPLICABLE';
  twoStepVerificationEnabled: boolean;
  codeVerificationStatus: 'NOT_VERIFIED' | 'VERIFIED' | 'EXPIRED';
}

export interface MetaGraphApi {
  getWaba(wabaId: string): Promise<MetaWaba>;
  getBusiness(businessId: string): Promise<MetaBusiness>;
  /** Looks the number up by E.164 across the WABA (pre-flight: 2FA, Cloud API, live profile form). */
  findPhoneNumber(wabaId: string, e164: string): Promise<MetaPhoneNumber | undefined>;
  getPhoneNumber(phoneNumberId: string): Promise<MetaPhoneNumber>;
  /** Sends a code by SMS or voice call. Costs money and is rate limited: never auto-retry on timeout. */
  requestCode(req: {
    phoneNumberId: string;
    method: CodeMethod;
    language: string;
    idempotencyKey: string;
  }): Promise<void>;
  /** Throws UpstreamError reason WRONG_CODE / CODE_EXPIRED on a bad code. `code` is a secret. */
  verifyCode(req: { phoneNumberId: string; code: string }): Promise<void>;
  /**
   * Registers a verified number on the Cloud API with its two-step PIN (`pin` is a secret: the
   * existing 2FA PIN, or the new one when 2FA is off). At most 10 per number in 72 h (133016).
   * The port-in flow leaves this to 360dialog's setup; it is here for Cloud API migrations
   * (Meta's programmatic flow, step 4) and for ops tooling re-registering a number.
   */
  register(req: { phoneNumberId: string; pin: string }): Promise<void>;
}
