/** Partner change (a WABA moves to another integration Partner inside 360dialog): input, steps, timings, payloads. Plain TS. */
import type { Duration } from './durations';
import type { MigrationResult } from './migration';

/** The state of a 360dialog partner change request (PCR). */
export type PcrStatus = 'created' | 'pending' | 'completed' | 'failed' | 'rejected';

export enum PartnerChangeStep {
  /** Mutual exclusion, the client account, the destination partner, the WABA's numbers. */
  PREPARING = 'PREPARING',
  /** The requester confirms the exact list of numbers that move together. */
  AWAITING_NUMBER_CONFIRMATION = 'AWAITING_NUMBER_CONFIRMATION',
  AWAITING_COMPANY_INFO = 'AWAITING_COMPANY_INFO',
  /** Only when the destination partner requires a payment method and the client has none. */
  AWAITING_PAYMENT_METHOD = 'AWAITING_PAYMENT_METHOD',
  SUBMITTING = 'SUBMITTING',
  /** The destination partner approves manually (PCR `created`/`pending`). */
  AWAITING_PARTNER_APPROVAL = 'AWAITING_PARTNER_APPROVAL',
  /** The requester picks the numbers the new partner may manage. */
  AWAITING_PERMISSION_SELECTION = 'AWAITING_PERMISSION_SELECTION',
  GRANTING_PERMISSIONS = 'GRANTING_PERMISSIONS',
  DONE = 'DONE',
}

export interface PartnerChangeTimings {
  confirmEscalateAfter: Duration;
  confirmDeadline: Duration;
  /** Company information and payment method (client-side waits). */
  accountEscalateAfter: Duration;
  accountDeadline: Duration;
  /** Manual approval by the destination partner. */
  approvalEscalateAfter: Duration;
  approvalDeadline: Duration;
  permissionsEscalateAfter: Duration;
  permissionsDeadline: Duration;
  remindEvery: Duration;
  pollEvery: Duration;
}

/** 360dialog gives no numbers for these waits; what an operator would expect (docs/domain.md#partner-change). */
export const DEFAULT_PARTNER_CHANGE_TIMINGS: PartnerChangeTimings = {
  confirmEscalateAfter: '72h',
  confirmDeadline: '14d',
  accountEscalateAfter: '72h',
  accountDeadline: '14d',
  approvalEscalateAfter: '72h',
  approvalDeadline: '14d',
  permissionsEscalateAfter: '72h',
  permissionsDeadline: '14d',
  remindEvery: '24h',
  pollEvery: '5m',
};

/** Start with workflow ID `partner-change:${wabaId}` (one partner change per WABA). */
export interface PartnerChangeInput {
  wabaId: string;
  /** The destination integration Partner ID (suffix `PA`). */
  destinationPartnerId: string;
  callbackUrl?: string;
  timings?: Partial<PartnerChangeTimings>;
}

/** One number of the WABA, as listed for review. */
export interface PartnerChangeNumber {
  channelId: string;
  phoneNumber: string;
}

/**
 * Numbers named either by channel ID or by E.164 phone number (exactly one of the two lists).
 * Payload of `confirmNumbers` (must equal the current list) and `selectNumbersForPermissions`
 * (a non-empty subset of the moved numbers).
 */
export interface NumberSelection {
  channelIds?: string[];
  phoneNumbers?: string[];
}

export interface ConfirmNumbersResult {
  confirmed: PartnerChangeNumber[];
}

export interface SelectNumbersResult {
  selected: PartnerChangeNumber[];
}

/** Query `getPartnerChange`: what the requester reviews and where the request stands. */
export interface PartnerChangeView {
  wabaId: string;
  destinationPartnerId: string;
  numbers: PartnerChangeNumber[];
  numbersConfirmed: boolean;
  pcrId?: string;
  pcrStatus?: PcrStatus;
  permittedChannelIds?: string[];
}

/** Signal `partnerChangeDecision`: the destination partner's decision (webhook or operator). */
export interface PartnerChangeDecisionEvent {
  status: Extract<PcrStatus, 'completed' | 'rejected' | 'failed'>;
  reason?: string;
  source: 'webhook' | 'operator' | 'api' | 'owner';
  eventId?: string;
}

export interface PartnerChangeResult extends MigrationResult {
  kind: 'partner-change';
  pcrId?: string;
  movedChannelIds: string[];
  permittedChannelIds: string[];
}

// ---------------------------------------------------------------------------------------------
// What the partner-change activities answer (the workflow branches on these)
// ---------------------------------------------------------------------------------------------

export interface PartnerChangeAccount {
  clientId: string;
  currentPartnerId: string;
  companyInfoComplete: boolean;
  hasPaymentMethod: boolean;
  /** The destination partner's rules. */
  requiresPaymentMethod: boolean;
  autoApprove: boolean;
  numbers: PartnerChangeNumber[];
}

export type AccountRequirement = 'company-info' | 'payment-method';

export type PartnerChangeSubmitOutcome =
  | { kind: 'submitted'; pcrId: string; status: PcrStatus; channelIds: string[]; failureReason?: string }
  /** "Destination partner is using a different payment processor": final, support must act. */
  | { kind: 'different-payment-processor'; message: string }
  /** The WABA's numbers changed since the confirmation: review and confirm again. */
  | { kind: 'numbers-changed'; message: string }
  /** A prerequisite turned out missing after all (e.g. an early signal): wait for it again. */
  | { kind: 'requirement-missing'; requirement: AccountRequirement; message: string };

export type PartnerChangeDecision = {
  status: Extract<PcrStatus, 'completed' | 'failed' | 'rejected'>;
  reason?: string;
};

/**
 * One quick lookup a start can make before it starts anything: the partner a WABA is with on
 * 360dialog, or undefined when 360dialog does not know the WABA. Throws when 360dialog cannot answer.
 */
export interface WabaDirectory {
  currentPartnerOf(wabaId: string): Promise<string | undefined>;
}
