/**
 * The 360dialog Partner API port (https://hub.360dialog.io/api/v2, header X-API-Key, partner ID in
 * paths), implemented by `integrations/dialog360.ts`. Importers use `integrations/ports.ts`.
 */
import type { PcrStatus } from '../../contracts/partner-change';
import type { PhoneNumberParts } from '../../contracts/phone-number';
import type { ChannelApiKey } from '../../contracts/port-in';
import type { ClientBalance, SubscriptionState, WabaOwnership } from '../../contracts/port-out';

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
