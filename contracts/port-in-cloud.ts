/**
 * The Cloud-API port-in (../shared/docs/cloud-migration.md): how numbers move between BSPs since
 * Meta closed On-Premise registration. Input options and what its activities answer. Plain TS.
 */
import type { UpstreamReason } from './errors';
import type { MigrationResult } from './migration';

/** Which way a port-in moves the number. Absent in an input: 'on-premise' (every run before 1.1.0). */
export type PortInPath = 'on-premise' | 'cloud-api';
export const PORT_IN_PATHS: readonly PortInPath[] = ['on-premise', 'cloud-api'];

/**
 * `programmatic`: the destination WABA is already shared with us; we call migrate_phone_number and
 * the owner types the one-time code. `embedded-signup`: the client moves the number in Meta's popup.
 */
export type CloudWay = 'programmatic' | 'embedded-signup';

export interface CloudPortInOptions {
  way: CloudWay;
  /**
   * The WABA the number is in now (another BSP's or the client's on Meta): templates come from it.
   * Required for `programmatic`; with `embedded-signup` Meta copies templates itself and, when it is
   * given, we copy the ones it missed.
   */
  sourceWabaId?: string;
  /** Our credit line, shared with the destination WABA so it can pay (Meta's precondition). */
  creditLine?: { id: string; currency: string };
}

/**
 * A finished Embedded Signup session, as the client's page saw it: Meta's `WA_EMBEDDED_SIGNUP`
 * FINISH event (WABA, phone-number ID, business; a WhatsApp account ID on the new account model)
 * and the code from `FB.login`, exchanged once for a business token.
 */
export interface EmbeddedSignupReport {
  wabaId: string;
  phoneNumberId: string;
  /** Sealed by the migrations client (`Sealed<'signup-code'>`): a one-time credential. */
  code: string;
  businessId?: string;
  /** Meta's new account model (cloud-migration.md §5): the number was onboarded, not migrated. */
  waacId?: string;
}

/** Meta's account model of the client's portfolio, as the signup showed it. */
export type AccountModel = 'classic' | 'new';

export type EmbeddedSignupResult = { status: 'accepted'; phoneNumberId: string; accountModel: AccountModel };

/** What the signup's checks found: the number is the one being ported, the code was good. */
export type SignupCheck =
  { status: 'ok' } | { status: 'rejected'; reason: 'SignupForAnotherNumber' | 'SignupCodeRejected'; message: string };

/** Meta's refusals of migrate_phone_number that the workflow reacts to (cloud-migration.md §8). */
export type MigrationRefusal = Extract<
  UpstreamReason,
  | 'TWO_FA_ENABLED'
  | 'WEBHOOKS_MISSING'
  | 'NAME_NOT_APPROVED'
  | 'PAYMENT_ACCOUNT_MISSING'
  | 'ADD_DIRECTLY'
  | 'NOT_IN_MIGRATION'
  | 'SOURCE_NOT_SET_UP'
  | 'DESTINATION_NOT_APPROVED'
  | 'BUSINESS_MISMATCH'
>;
export const MIGRATION_REFUSALS: ReadonlySet<string> = new Set<MigrationRefusal>([
  'TWO_FA_ENABLED',
  'WEBHOOKS_MISSING',
  'NAME_NOT_APPROVED',
  'PAYMENT_ACCOUNT_MISSING',
  'ADD_DIRECTLY',
  'NOT_IN_MIGRATION',
  'SOURCE_NOT_SET_UP',
  'DESTINATION_NOT_APPROVED',
  'BUSINESS_MISMATCH',
]);

export type MoveNumberOutcome =
  | { status: 'moved'; phoneNumberId: string; alreadyThere: boolean }
  | { status: 'refused'; reason: MigrationRefusal; message: string };

export interface TemplateReport {
  migrated: number;
  /** Templates that could not be copied, with Meta's reason (reported in the result and events). */
  failed: { id: string; reason: string }[];
}

/**
 * The 24 h template watch (workflow `templateWatchWorkflow`, started by a Cloud-API port-in after its
 * template migration, not holding it open): copies restart at quality UNKNOWN and Meta may
 * re-categorise or reject them; after the watch one "templates settled" event lists what ended badly.
 */
export interface TemplateWatchInput {
  /** The port-in the watch reports for (its callback events carry this migration ID). */
  migrationId: string;
  wabaId: string;
  callbackUrl?: string;
  /** Default 24 h. */
  watchFor?: string;
}

export interface TemplateWatchResult {
  checked: number;
  /** Templates that ended REJECTED, PAUSED or DISABLED in the destination WABA. */
  notUsable: { id: string; name: string; status: string }[];
}

/** Meta's refusals of register that the workflow reacts to (cloud-migration.md §8). */
export type RegisterRefusal = Extract<
  UpstreamReason,
  | 'PIN_MISMATCH'
  | 'DEREGISTER_INCOMPLETE'
  | 'RECENTLY_DELETED'
  | 'DATA_LOCALIZATION_REQUIRED'
  | 'REVERIFY_NEEDED'
  | 'REGISTER_RATE_LIMIT'
  | 'PIN_GUESS_LIMIT'
>;
export const REGISTER_REFUSALS: ReadonlySet<string> = new Set<RegisterRefusal>([
  'PIN_MISMATCH',
  'DEREGISTER_INCOMPLETE',
  'RECENTLY_DELETED',
  'DATA_LOCALIZATION_REQUIRED',
  'REVERIFY_NEEDED',
  'REGISTER_RATE_LIMIT',
  'PIN_GUESS_LIMIT',
]);

export type RegisterOutcome =
  | { status: 'registered' }
  /** Our ledger refused: the call would be the 11th in 72 h. Nothing was sent to Meta. */
  | { status: 'over-budget'; notBefore: string }
  /** `retryAfterMs`: the wait Meta named (133008/133009 `details`), when it named one. */
  | { status: 'refused'; reason: RegisterRefusal; message: string; region?: string; retryAfterMs?: number };

/** A port-in's result: which path it took and, on the Cloud API, what happened to the templates. */
export interface PortInResult extends MigrationResult {
  kind: 'port-in';
  path: PortInPath;
  templates?: TemplateReport;
}
