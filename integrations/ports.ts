/**
 * Ports: what the activities need from the outside world, one interface per external system.
 * The HTTP adapters in this folder implement them against the real services' paths and auth;
 * the simulator (`simulator/`) serves the same paths so the adapters work against it unchanged.
 *
 * Every method throws `UpstreamError` (integrations/errors.ts) on failure, classified.
 * Every method with a cost takes an `idempotencyKey`; the service must not repeat the effect for a
 * key it has already seen.
 */
import type { PcrStatus } from '../contracts/partner-change';
import type { PhoneNumberParts } from '../contracts/phone-number';
import type { ChannelApiKey, CodeMethod } from '../contracts/port-in';
import type { ClientBalance, SubscriptionState, WabaOwnership } from '../contracts/port-out';

// ---------------------------------------------------------------------------------------------
// 360dialog Partner API (https://hub.360dialog.io/api/v2, header X-API-Key, partner ID in paths)
// ---------------------------------------------------------------------------------------------

export type ChannelStatus = 'pending' | 'submitted' | 'ready' | 'running' | 'live' | 'migrated_away';
export type MobStatus = 'pending' | 'accepted';

export interface PortInRequest {
  phone: PhoneNumberParts;
  wabaId: string;
  metaBusinessId: string;
  idempotencyKey: string;
}

export interface PortInSubmission {
  /** 360dialog's ID of the porting request. */
  portingId: string;
  /** The channel created for the number on 360dialog. */
  channelId: string;
  /** Meta's phone-number ID, used for request_code / verify_code. */
  phoneNumberId: string;
  /** Whether the client has already accepted the Message-on-Behalf request. */
  mobStatus: 'pending' | 'accepted';
}

export interface PortingStatus {
  portingId: string;
  mobStatus: MobStatus;
}

export interface Channel {
  id: string;
  phoneNumber: string; // E.164
  wabaId: string;
  clientId: string;
  status: ChannelStatus;
}

export interface PartnerChangeRequest {
  id: string;
  wabaId: string;
  sourcePartnerId: string;
  destinationPartnerId: string;
  channelIds: string[];
  status: PcrStatus;
  failureReason?: string;
}

export interface ClientAccount {
  clientId: string;
  wabaId: string;
  companyInfoComplete: boolean;
  hasPaymentMethod: boolean;
  /** Owned (Embedded Signup) or shared (Classic Signup) WABA. */
  wabaOwnership: WabaOwnership;
  subscription: SubscriptionState;
  partnerId: string;
}

export interface PartnerInfo {
  partnerId: string;
  requiresPaymentMethod: boolean;
  autoApprove: boolean;
}

export interface Dialog360PartnerApi {
  /** Submit a number for porting in. Documented outcomes are thrown as classified UpstreamErrors. */
  submitPortIn(req: PortInRequest): Promise<PortInSubmission>;
  getPortingStatus(portingId: string): Promise<PortingStatus>;
  getChannel(channelId: string): Promise<Channel>;
  /** Channels of a WABA (partner change lists all numbers that move together). */
  listWabaChannels(wabaId: string): Promise<Channel[]>;
  /** Mints a key; revokes all older keys of the channel. Fails until the channel is `running`. */
  createApiKey(channelId: string, idempotencyKey: string): Promise<ChannelApiKey>;
  getClientByWaba(wabaId: string): Promise<ClientAccount>;
  getPartner(partnerId: string): Promise<PartnerInfo>;
  createPartnerChangeRequest(req: {
    wabaId: string;
    destinationPartnerId: string;
    channelIds: string[];
    idempotencyKey: string;
  }): Promise<PartnerChangeRequest>;
  getPartnerChangeRequest(pcrId: string): Promise<PartnerChangeRequest>;
  /** Grants the (new) partner permission to manage the selected channels. Idempotent by nature. */
  grantChannelPermissions(req: { partnerId: string; channelIds: string[] }): Promise<void>;
  cancelSubscription(req: { clientId: string; idempotencyKey: string }): Promise<void>;
  /**
   * `GET /partners/{pid}/clients/{client_id}/info/balance` (5 requests per 30 s): prepaid funds
   * (negative = owed) and invoices not paid yet. 360dialog documents the call, not its fields:
   * the adapter reads `balance`, `currency` and `unpaid_invoices`.
   */
  getClientBalance(clientId: string): Promise<ClientBalance>;
}

export type { ClientBalance };

// ---------------------------------------------------------------------------------------------
// Meta Graph API (https://graph.facebook.com/vXX.X, Authorization: Bearer <system-user token>)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Meta Graph API, Cloud-API number migration (../shared/docs/cloud-migration.md §2, §3): the
// destination side's calls. Same base URL and token as MetaGraphApi; the code, verify and register
// calls are MetaGraphApi's. Documented refusals are thrown as classified UpstreamErrors whose
// `reason` names the case (NOT_IN_MIGRATION, WEBHOOKS_MISSING, NAME_NOT_APPROVED, ...).
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Support desk (tickets) and the requester's callback URL
// ---------------------------------------------------------------------------------------------

export interface Ticket {
  id: string;
  status: 'open' | 'pending' | 'solved';
  topic: string;
}

export interface SupportDesk {
  /** Opens a ticket once per idempotency key; a repeated key returns the existing ticket. */
  createTicket(req: {
    idempotencyKey: string;
    topic: string;
    subject: string;
    body: string;
    tags: string[];
  }): Promise<Ticket>;
  getTicket(ticketId: string): Promise<Ticket>;
  /** Adds a comment; with an idempotency key a repeated request does not post a second one. */
  addComment(req: { ticketId: string; body: string; idempotencyKey?: string }): Promise<void>;
}

export interface CallbackEvent {
  /** Unique per event; receivers deduplicate on it. */
  id: string;
  type: string;
  migrationId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface CallbackSender {
  /** POSTs the event HMAC-signed (header `X-Signature: sha256=<hex>` over `<timestamp>.<body>`). */
  send(url: string, event: CallbackEvent): Promise<void>;
}

export interface WebsiteChecker {
  /** A real HTTP GET with a short timeout: is the business website live (2xx/3xx)? */
  isLive(url: string): Promise<{ live: boolean; detail: string }>;
}

/** Everything the activities need from the outside; built only in the worker. */
export interface OutsideWorld {
  dialog360: Dialog360PartnerApi;
  meta: MetaGraphApi;
  metaMigration: MetaCloudMigrationApi;
  supportDesk: SupportDesk;
  callbacks: CallbackSender;
  website: WebsiteChecker;
}
