/**
 * Every failure of an outside service is classified into one of these classes, so activities and
 * workflows react by class, never by parsing text. Messages keep the upstream text (minus secrets).
 *
 * The class names double as Temporal `ApplicationFailure` types: activities rethrow them via
 * `toApplicationFailure()` and retry policies list the non-retryable ones by name.
 */

export type ErrorClass =
  | 'transient' // retry with backoff (5xx, timeouts, "Something went wrong")
  | 'rate-limited' // retry after Retry-After
  | 'waiting' // a human/outside condition is not met yet (MoB not accepted, 2FA still on)
  | 'success-equivalent' // "already moved": treat as done
  | 'redirect' // "eligible to be added directly": final, different path
  | 'input' // wrong input, fix needed from the requester (same business, bad parameter, wrong code)
  | 'permission' // credentials or permissions; an operator must act
  | 'final'; // cannot be fixed by retrying (different payment processor, number blocked)

/** Stable error type names, used as ApplicationFailure.type. */
export const ErrorTypes = {
  transient: 'UpstreamTransientError',
  'rate-limited': 'UpstreamRateLimitedError',
  waiting: 'UpstreamWaitingConditionError',
  'success-equivalent': 'UpstreamAlreadyDoneError',
  redirect: 'UpstreamRedirectError',
  input: 'UpstreamInputError',
  permission: 'UpstreamPermissionError',
  final: 'UpstreamFinalError',
} as const satisfies Record<ErrorClass, string>;

/** Error types an activity retry policy must never retry. */
export const NON_RETRYABLE_ERROR_TYPES: string[] = [
  ErrorTypes.waiting,
  ErrorTypes['success-equivalent'],
  ErrorTypes.redirect,
  ErrorTypes.input,
  ErrorTypes.permission,
  ErrorTypes.final,
];

/** Machine-readable reason codes for the documented cases (what the workflow branches on). */
export type UpstreamReason =
  | 'MOB_NOT_ACCEPTED'
  | 'TWO_FA_ENABLED'
  | 'ADD_AS_NEW_NUMBER'
  | 'ALREADY_MOVED'
  | 'BUSINESS_MISMATCH'
  | 'SOMETHING_WENT_WRONG'
  | 'DIFFERENT_PAYMENT_PROCESSOR'
  | 'WRONG_CODE' // Meta 136025
  | 'CODE_EXPIRED'
  | 'REVERIFY_NEEDED' // Meta 133006
  | 'REGISTER_RATE_LIMIT' // Meta 133016 (blocked 72 h)
  | 'CHANNEL_NOT_RUNNING' // 360dialog: API key before status running
  | 'PCR_CHANGED' // partner change list changed
  | 'COMPANY_INFO_INCOMPLETE' // 360dialog partner change: the client must complete company info first
  | 'PAYMENT_METHOD_MISSING' // 360dialog partner change: the destination partner requires a payment method
  | 'ACCOUNT_LOCKED' // Meta 368 / 131031: blocked or locked account
  | 'INVALID_CREDENTIALS'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'SERVER_ERROR'
  | 'RATE_LIMIT';

export interface UpstreamErrorInit {
  service: '360dialog' | 'meta' | 'support-desk' | 'callback' | 'website';
  errorClass: ErrorClass;
  reason: UpstreamReason;
  /** Upstream text, already free of secrets. */
  message: string;
  httpStatus?: number;
  upstreamCode?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type adapters throw. */
export class UpstreamError extends Error {
  override name = 'UpstreamError' as const;
  readonly service: UpstreamErrorInit['service'];
  readonly errorClass: ErrorClass;
  readonly reason: UpstreamReason;
  readonly httpStatus?: number;
  readonly upstreamCode?: number;
  readonly retryAfterMs?: number;

  constructor(init: UpstreamErrorInit) {
    super(`${init.service}: ${init.message}`, { cause: init.cause });
    this.service = init.service;
    this.errorClass = init.errorClass;
    this.reason = init.reason;
    this.httpStatus = init.httpStatus;
    this.upstreamCode = init.upstreamCode;
    this.retryAfterMs = init.retryAfterMs;
  }

  get type(): string {
    return ErrorTypes[this.errorClass];
  }

  get retryable(): boolean {
    return this.errorClass === 'transient' || this.errorClass === 'rate-limited';
  }
}

/** Cross-realm safe check (Jest gives each test file its own globals). */
export function isUpstreamError(err: unknown): err is UpstreamError {
  return err instanceof Error && (err as { name?: string }).name === 'UpstreamError';
}
