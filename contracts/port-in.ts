/** Port-in (another BSP's On-Premise API -> 360dialog): input, steps, message payloads. Plain TS. */
import type { Sealed } from './sealed';
import type { PhoneNumberParts } from './phone-number';
import type { Duration } from './durations';
import type { UpstreamReason } from './errors';
import type { CloudPortInOptions, PortInPath } from './port-in-cloud';

/** How Meta delivers the registration code. */
export type CodeMethod = 'SMS' | 'VOICE';

export enum PortInStep {
  PREFLIGHT = 'PREFLIGHT',
  SUBMITTING = 'SUBMITTING',
  AWAITING_MOB_ACCEPTANCE = 'AWAITING_MOB_ACCEPTANCE',
  AWAITING_2FA_DISABLED = 'AWAITING_2FA_DISABLED',
  AWAITING_BUSINESS_ID_CORRECTION = 'AWAITING_BUSINESS_ID_CORRECTION',
  REQUESTING_PIN = 'REQUESTING_PIN',
  AWAITING_PIN = 'AWAITING_PIN',
  AWAITING_SETUP = 'AWAITING_SETUP',
  GENERATING_API_KEY = 'GENERATING_API_KEY',
  DONE = 'DONE',
  // The Cloud-API path (contracts/port-in-cloud.ts)
  PREPARING_DESTINATION = 'PREPARING_DESTINATION',
  MIGRATING_NUMBER = 'MIGRATING_NUMBER',
  AWAITING_NAME_APPROVAL = 'AWAITING_NAME_APPROVAL',
  MIGRATING_TEMPLATES = 'MIGRATING_TEMPLATES',
  REGISTERING = 'REGISTERING',
  AWAITING_REGISTER_BUDGET = 'AWAITING_REGISTER_BUDGET',
  AWAITING_EMBEDDED_SIGNUP = 'AWAITING_EMBEDDED_SIGNUP',
}

export interface PortInTimings {
  pinEscalateAfter: Duration;
  pinDeadline: Duration;
  setupEscalateAfter: Duration;
  setupDeadline: Duration;
  mobEscalateAfter: Duration;
  mobDeadline: Duration;
  twoFaEscalateAfter: Duration;
  twoFaDeadline: Duration;
  /** No corrected Meta Business ID after this: ticket, keep waiting. */
  businessIdEscalateAfter: Duration;
  businessIdDeadline: Duration;
  /** Cloud API: the display name is not approved yet (Meta's review): ticket, keep waiting. */
  nameEscalateAfter: Duration;
  nameDeadline: Duration;
  /** Cloud API, Embedded Signup: the client has not finished the popup yet: ticket, keep waiting. */
  signupEscalateAfter: Duration;
  signupDeadline: Duration;
  /** "Something went wrong" keeps failing this long: ticket, then keep retrying slowly. */
  transientTicketAfter: Duration;
  /** After that ticket, how often the request is retried. */
  transientRetryEvery: Duration;
  /** After that ticket, how long the slow retries go on before the migration stalls. */
  transientRetryWindow: Duration;
  remindEvery: Duration;
  pollEvery: Duration;
  resendCooldown: Duration;
  maxCodeSends: number;
  maxPinAttempts: number;
}

/** 360dialog's 1 h PIN and 1 h setup escalation; the rest is what an operator would expect (docs/domain.md#port-in). */
export const DEFAULT_PORT_IN_TIMINGS: PortInTimings = {
  pinEscalateAfter: '1h',
  pinDeadline: '72h',
  setupEscalateAfter: '1h',
  setupDeadline: '72h',
  mobEscalateAfter: '24h',
  mobDeadline: '14d',
  twoFaEscalateAfter: '24h',
  twoFaDeadline: '14d',
  businessIdEscalateAfter: '24h',
  businessIdDeadline: '7d',
  nameEscalateAfter: '24h',
  nameDeadline: '14d',
  signupEscalateAfter: '24h',
  signupDeadline: '14d',
  transientTicketAfter: '30m',
  transientRetryEvery: '5m',
  transientRetryWindow: '72h',
  remindEvery: '24h',
  pollEvery: '30s',
  resendCooldown: '60s',
  maxCodeSends: 5,
  maxPinAttempts: 5,
};

export interface PortInInput {
  phone: PhoneNumberParts;
  wabaId: string;
  metaBusinessId: string;
  businessWebsite: string;
  /** Attested by the requester: admin access to Business Manager and access to the phone. */
  attestations: { adminAccess: boolean; phoneAccess: boolean };
  codeMethod: CodeMethod;
  language: string;
  callbackUrl?: string;
  timings?: Partial<PortInTimings>;
  /** Absent: 'on-premise', the path of every run started before 1.1.0. */
  path?: PortInPath;
  /** Required with path 'cloud-api'. */
  cloud?: CloudPortInOptions;
}

export interface SubmitPinInput {
  /** Sealed by the client (`Sealed<'pin'>`, contracts/sealed.ts); typed string to match the HTTP schema. */
  pin: string;
}

/**
 * What asking Meta for a code gave (request_code, 136024 by its subcode): sent (no `status` in runs
 * from before 1.2.0), already verified (go on to register), or refused for now (wait, switch SMS/VOICE).
 */
export type CodeSendOutcome =
  | { status?: 'sent'; sentAt: string }
  | { status: 'already-verified' }
  | { status: 'refused'; message: string; retryAfterMs?: number };

export type SubmitPinResult =
  | { status: 'verified' }
  | { status: 'wrong'; attemptsLeft: number }
  | { status: 'expired'; message: string }
  | { status: 'locked'; message: string };

export interface ResendCodeInput {
  method?: CodeMethod;
}

export interface ResendCodeResult {
  method: CodeMethod;
  sentAt: string;
  sendsLeft: number;
  nextResendAt: string;
}

export interface CorrectBusinessIdInput {
  metaBusinessId: string;
}

export interface ChannelStatusEvent {
  /** Delivery ID of the webhook, for deduplication. */
  eventId: string;
  status: string;
  occurredAt: string;
}

export interface PreflightItem {
  id: string;
  label: string;
  ok: boolean;
  detail: string;
  /** True when we could not look (e.g. a number in another BSP's WABA): `ok`, and the detail says why. */
  unchecked?: boolean;
}

// ---------------------------------------------------------------------------------------------
// What the port-in activities answer (the workflow branches on these)
// ---------------------------------------------------------------------------------------------

export interface PreflightReport {
  passed: boolean;
  /** 2FA still on is not a failure: the workflow waits for it before submitting. */
  twoFactorEnabled: boolean;
  items: PreflightItem[];
}

export type SubmitOutcome =
  | {
      kind: 'submitted';
      portingId: string;
      channelId: string;
      phoneNumberId: string;
      mobStatus?: 'pending' | 'accepted';
    }
  | { kind: 'already-moved'; channelId?: string }
  | { kind: 'add-as-new-number'; message: string }
  | { kind: 'waiting'; reason: WaitingReason; message: string }
  | { kind: 'business-mismatch'; message: string };

export type WaitingReason = Extract<UpstreamReason, 'MOB_NOT_ACCEPTED' | 'TWO_FA_ENABLED'>;

export interface SubmitPortInInput {
  phone: PhoneNumberParts;
  wabaId: string;
  metaBusinessId: string;
  idempotencyKey: string;
}

/** Meta's answer to a registration code. */
export type VerifyOutcome = { status: 'verified' } | { status: 'wrong' | 'expired' | 'locked'; message: string };

/** The response of API-key creation. `apiKey` is a secret: never log it, never put it in an error. */
export interface ChannelApiKey {
  id: string;
  apiKey: string;
  address: string;
  appId: string;
}

/**
 * The API key as the workflow holds it: sealed by the activity that received it (secrets/). Runs
 * started before 1.1.0 hold a plain `apiKey`; the client passes that through.
 */
export interface SealedChannelApiKey extends Omit<ChannelApiKey, 'apiKey'> {
  apiKey: Sealed<'api-key'>;
}
