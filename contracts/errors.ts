/**
 * The names of every failure that crosses a boundary: the classes of outside-world errors (also the
 * `ApplicationFailure` types activities throw and retry policies list), the reasons the workflows
 * branch on, and the update rejections callers branch on. Names only; the error classes that carry
 * them live with their layer (integrations/errors.ts, client/errors.ts).
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
  | 'RATE_LIMIT'
  | 'PIN_GUESS_LIMIT' // Meta 133008/133009: too many or too fast PIN guesses, wait as `details` says
  // Cloud-API migration (cloud-migration.md §2, §8)
  | 'NOT_IN_MIGRATION' // 2388091/2388093: not being migrated, use normal registration
  | 'WEBHOOKS_MISSING' // 2388103: no app subscribed to the destination WABA
  | 'NAME_NOT_APPROVED' // 2388103: display name missing, not approved or a change pending
  | 'PAYMENT_ACCOUNT_MISSING' // 2388103: the destination WABA has no payment account
  | 'ADD_DIRECTLY' // 2388103: add the number directly (normal onboarding)
  | 'SOURCE_NOT_SET_UP' // 2388103: source WABA not set up / legacy On-Behalf-Of
  | 'DESTINATION_NOT_APPROVED' // 2388103: destination WABA or its "Messaging For" not approved
  | 'PIN_MISMATCH' // 133005
  | 'DEREGISTER_INCOMPLETE' // 133000: deregister again, then register
  | 'RECENTLY_DELETED' // 133015: wait 5 minutes
  | 'DATA_LOCALIZATION_REQUIRED' // 100 "Expected data localization region": set it, then register
  | 'MAINTENANCE' // 2494100 / 131057: retry in minutes
  | 'ALREADY_VERIFIED' // 136024 with 2388091/2388366 on request_code: go on to register
  | 'CODE_REQUEST_REFUSED'; // 136024 otherwise: wait (1 h seen), switch SMS/VOICE, or a person

/** A code send whose answer was lost: it may have reached the phone, so it is never repeated blindly. */
export const CODE_SEND_OUTCOME_UNKNOWN = 'CodeSendOutcomeUnknown';

/** Why an update was refused (the `ApplicationFailure.type` of a validator's or handler's rejection). */
export type UpdateRejection =
  | 'InvalidLeaseRequest'
  | 'NotANumber'
  | 'InvalidRegisterCall'
  | 'NotLeaseHolder'
  | 'EntityRestarting'
  | 'WrongStep'
  | 'MigrationFinished'
  | 'InvalidPin'
  | 'PinBeingVerified'
  | 'PinLocked'
  | 'PinCheckFailed'
  | 'InvalidMethod'
  | 'ResendLimitReached'
  | 'ResendCooldown'
  | 'PinSendFailed'
  | 'InvalidBusinessId'
  | 'ConfirmationRequired'
  | 'ConfirmedByRequired'
  | 'DeclinedByRequired'
  | 'AlreadyDecided'
  | 'CancellationFailed'
  | 'MigrationEnded'
  | 'ConfirmationInProgress'
  | 'NumberListMismatch'
  | 'NumberListChanged'
  | 'InvalidSelection'
  | 'UnknownNumbers'
  | 'AlreadySelected'
  | 'InvalidSignupReport'
  | 'SignupForAnotherWaba'
  | 'SignupForAnotherNumber'
  | 'SignupCodeRejected'
  | 'SignupBeingChecked'
  | 'SignupCheckFailed';

/**
 * Rejections that say "not in this state" rather than "not this content": the same request may be
 * right at another time (a PIN before the PIN step, a second confirmation while one is checked).
 * The HTTP API answers them 409 Conflict; the others 422.
 */
export const STATE_CONFLICTS: ReadonlySet<string> = new Set<UpdateRejection>([
  'WrongStep',
  'MigrationFinished',
  'MigrationEnded',
  'PinBeingVerified',
  'PinLocked',
  'ResendLimitReached',
  'ResendCooldown',
  'ConfirmationInProgress',
  'AlreadySelected',
  'AlreadyDecided',
  'NumberListChanged',
  'SignupBeingChecked',
]);
