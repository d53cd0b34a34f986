/** The simulator's data model: what it keeps per number, WABA, channel, client, PCR, ticket, callback. */
import type { CloudNumber } from './cloud-migration-state';
import type { Scenario } from './scenarios';

export type SimChannelStatus = 'pending' | 'submitted' | 'running' | 'live' | 'migrated_away';

export interface CodeSend {
  code: string;
  method: 'SMS' | 'VOICE';
  sentAt: number;
  /** null: never delivered (scenario), the code exists but nobody can read it. */
  deliverAt: number | null;
  expiresAt: number;
  used: boolean;
}

export interface NumberState {
  e164: string;
  scenario: Scenario;
  phoneNumberId: string;
  wabaId: string;
  twoFaEnabled: boolean;
  mobAccepted: boolean;
  somethingWrongLeft: number;
  codes: CodeSend[];
  wrongAttempts: number;
  verified: boolean;
  /** Register calls in the last 72 h (Meta allows 10), and the two-step PIN the first one set. */
  registrations?: number[];
  twoFaPin?: string;
  portingId?: string;
  channelId?: string;
  /** Set for a number scripted as a Cloud-API source (`PUT /_sim/cloud/numbers/{e164}`). */
  cloud?: CloudNumber;
}

export interface WabaState {
  id: string;
  ownerBusinessId: string;
  reviewStatus: 'APPROVED' | 'PENDING' | 'REJECTED';
  sandbox: boolean;
  ownership: 'owned' | 'shared';
  clientId: string;
  numbers: string[];
}

export interface ChannelState {
  id: string;
  e164: string;
  wabaId: string;
  clientId: string;
  phase: SimChannelStatus;
  /** When a `submitted` channel turns `running`; null = only via the control endpoint. */
  runningAt: number | null;
  apiKeys: { id: string; key: string; revoked: boolean }[];
  permittedPartners: string[];
}

export interface ClientState {
  id: string;
  wabaId: string;
  partnerId: string;
  companyInfoComplete: boolean;
  hasPaymentMethod: boolean;
  subscription: 'active' | 'cancelled';
  /** Prepaid funds; negative = money owed. Invoices not paid yet block a port-out. */
  balance: number;
  currency: string;
  unpaidInvoices: number;
}

export interface PortingState {
  id: string;
  e164: string;
  wabaId: string;
  channelId: string;
  phoneNumberId: string;
}

export interface PcrState {
  id: string;
  wabaId: string;
  sourcePartnerId: string;
  destinationPartnerId: string;
  channelIds: string[];
  status: 'created' | 'pending' | 'completed' | 'failed' | 'rejected';
  failureReason?: string;
  /** Auto-approval completes the request at this time; null = waits for approve/reject. */
  completeAt: number | null;
}

export interface TicketState {
  id: string;
  topic: string;
  subject: string;
  body: string;
  tags: string[];
  status: 'new' | 'open' | 'pending' | 'solved';
  comments: string[];
  createdAt: number;
  solveAt: number | null;
}

export interface CallbackRecord {
  eventId: string | undefined;
  timestamp: string | undefined;
  signatureValid: boolean;
  body: unknown;
  receivedAt: string;
}
