/** Port-out (a number leaves 360dialog for another BSP): input, steps, timings, message payloads. Plain TS. */
import type { PhoneNumberParts } from './phone-number';
import type { Duration } from './durations';
import type { MigrationResult } from './migration';

export enum PortOutStep {
  /** Mutual exclusion, the client account, the WABA's ownership, the number's 2FA state. */
  PREPARING = 'PREPARING',
  /** Since 1.2.0: the client's invoices must be paid before the number may leave (a hard gate). */
  AWAITING_INVOICES_CLEARED = 'AWAITING_INVOICES_CLEARED',
  /** Shared WABA: opening the "2FA disable request" ticket with 360dialog support. */
  REQUESTING_2FA_DISABLE = 'REQUESTING_2FA_DISABLE',
  /** Owned: the business admin disables 2FA; shared: support does, within the ticket SLA. */
  AWAITING_2FA_DISABLED = 'AWAITING_2FA_DISABLED',
  /** The new BSP migrates the number away (channel status `migrated_away`). */
  AWAITING_NUMBER_LEFT = 'AWAITING_NUMBER_LEFT',
  /** Irreversible: waits for an explicit human confirmation (or a decline). Never skipped. */
  AWAITING_CANCELLATION_CONFIRMATION = 'AWAITING_CANCELLATION_CONFIRMATION',
  CANCELLING_SUBSCRIPTION = 'CANCELLING_SUBSCRIPTION',
  /** Since 1.2.0: after the cancellation, the client's unused funds are asked back (a support ticket). */
  REQUESTING_REFUND = 'REQUESTING_REFUND',
  DONE = 'DONE',
}

export interface PortOutTimings {
  /** Shared WABA: the stated 48-72 h turnaround of the 2FA-disable ticket; breached -> escalation. */
  twoFaSla: Duration;
  /** Owned WABA: the admin has not disabled 2FA after this -> support ticket, keep waiting. */
  twoFaEscalateAfter: Duration;
  twoFaDeadline: Duration;
  /** Unpaid invoices still open after this -> support ticket, keep waiting. */
  invoicesEscalateAfter: Duration;
  invoicesDeadline: Duration;
  numberLeftEscalateAfter: Duration;
  numberLeftDeadline: Duration;
  confirmEscalateAfter: Duration;
  /** No confirmation (nor decline) by then: the migration stalls with the subscription kept. */
  confirmDeadline: Duration;
  remindEvery: Duration;
  pollEvery: Duration;
}

/** `twoFaSla` is 360dialog's stated 72 h (config TWO_FA_SLA); the rest, an operator's (docs/domain.md#port-out). */
export const DEFAULT_PORT_OUT_TIMINGS: PortOutTimings = {
  twoFaSla: '72h',
  twoFaEscalateAfter: '24h',
  twoFaDeadline: '14d',
  invoicesEscalateAfter: '3d',
  invoicesDeadline: '30d',
  numberLeftEscalateAfter: '7d',
  numberLeftDeadline: '30d',
  confirmEscalateAfter: '7d',
  confirmDeadline: '30d',
  remindEvery: '24h',
  pollEvery: '5m',
};

/** Start with workflow ID `port-out:${phone.e164}` (one port-out per number). */
export interface PortOutInput {
  phone: PhoneNumberParts;
  /** The 360dialog WABA the number is on now. */
  wabaId: string;
  callbackUrl?: string;
  /** Deployment defaults (TWO_FA_SLA, REMINDER_EVERY) and per-migration overrides. */
  timings?: Partial<PortOutTimings>;
}

/** What happens to the 360dialog subscription: cancelled only after an explicit confirmation. */
export type SubscriptionFate = 'active' | 'cancelled' | 'kept';

export interface PortOutResult extends MigrationResult {
  kind: 'port-out';
  subscription: SubscriptionFate;
  /** Who confirmed or declined the cancellation, when someone did. */
  decidedBy?: string;
  /** Since 1.2.0, after a cancellation: the refund of unused funds, asked for once. */
  refund?: RefundOutcome;
}

/** A 360dialog client's account: prepaid funds (negative = owed) and invoices not paid yet. */
export interface ClientBalance {
  balance: number;
  currency: string;
  unpaidInvoices: number;
}

export type RefundOutcome =
  | { status: 'requested'; amount: number; currency: string; ticketId: string }
  | { status: 'nothing-to-refund'; balance: number; currency: string }
  | { status: 'failed'; reason: string };

/** Update `confirmSubscriptionCancellation`: a typed, deliberate confirmation (`confirm` must be literally true). */
export interface ConfirmCancellationInput {
  confirm: true;
  /** Who confirms (user ID or e-mail), recorded in the timeline. */
  confirmedBy: string;
}

/** Update `declineSubscriptionCancellation`: keep the subscription and end the migration. */
export interface DeclineCancellationInput {
  declinedBy: string;
  reason?: string;
}

export interface SubscriptionDecisionResult {
  subscription: 'cancelled' | 'kept';
  decidedBy: string;
}

/** Who owns the WABA: the client itself, or 360dialog on the client's behalf (shared). */
export type WabaOwnership = 'owned' | 'shared';
export type SubscriptionState = 'active' | 'cancelled';

/** What port-out needs to know before it starts: who owns the WABA, the channel, 2FA, billing. */
export interface PortOutAccount {
  clientId: string;
  wabaOwnership: WabaOwnership;
  subscription: SubscriptionState;
  /** The number's 360dialog channel; undefined when the number is not on the WABA. */
  channelId?: string;
  /** True when the channel already reports `migrated_away`. */
  alreadyLeft: boolean;
  /** Meta's view; undefined when Meta does not know the number on the WABA. */
  twoFactorEnabled?: boolean;
  /** Other numbers of the WABA still on 360dialog (the subscription covers them too). */
  otherNumbers: string[];
}
