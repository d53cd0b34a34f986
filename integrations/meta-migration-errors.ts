/**
 * Classification of Meta's Cloud-API migration refusals (../shared/docs/cloud-migration.md §2, §8):
 * `migrate_phone_number` (2388001, 2388091/3, 2388103 by text), `request_code` (136024 by subcode and
 * text), `register` (133000, 133005, 133015, 100 "Expected data localization region") and maintenance
 * (2494100, 131057). Checked before the general table in meta-errors.ts, which keeps everything else.
 *
 * Classes: a refusal a person or our own setup call must fix is `waiting`/`input`/`redirect`/`final`
 * (never retried blindly, the workflow branches on `reason`); only maintenance and "recently
 * deleted" are retried by the activity itself, after the wait Meta asks for.
 */
import type { ErrorClass, UpstreamReason } from '../contracts/errors';

export type Rule = { errorClass: ErrorClass; reason: UpstreamReason; retryAfterMs?: number };

/** What the rules read of a Graph error (meta-errors.ts `GraphError`). */
interface GraphErrorLike {
  code: number;
  message?: string;
  error_subcode?: number;
  error_user_msg?: string;
  error_data?: { details?: string };
}

const MIN = 60_000;

/** "Try again after 30 seconds" / "Wait 1 hour" style hints in `error_data.details`. */
export function waitFromDetails(details: string | undefined): number | undefined {
  const m = details && /(\d+)\s*(second|minute|hour)s?/i.exec(details);
  if (!m) return undefined;
  const unit = (m[2] as string).toLowerCase();
  return Number(m[1]) * (unit === 'second' ? 1000 : unit === 'minute' ? MIN : 60 * MIN);
}

// The eight 2388103 variants differ only in their text; first match wins, so the narrow ones go first.
const VARIANTS_2388103: [RegExp, Rule][] = [
  [/webhook/i, { errorClass: 'waiting', reason: 'WEBHOOKS_MISSING' }], // subscribe our app, then again
  [/added directly|add (it|the (phone )?number) directly/i, { errorClass: 'redirect', reason: 'ADD_DIRECTLY' }],
  [/payment (account|method)|credit line/i, { errorClass: 'waiting', reason: 'PAYMENT_ACCOUNT_MISSING' }],
  [/different business manager|same business/i, { errorClass: 'input', reason: 'BUSINESS_MISMATCH' }],
  [/(display|registered|verified) name/i, { errorClass: 'waiting', reason: 'NAME_NOT_APPROVED' }],
  [/messaging for/i, { errorClass: 'waiting', reason: 'DESTINATION_NOT_APPROVED' }],
  // Only Meta support can repair a source that is not set up (legacy On-Behalf-Of).
  [
    /source\b.*not (been )?(set up|approved)|on.behalf.of|\bOBO\b/i,
    { errorClass: 'final', reason: 'SOURCE_NOT_SET_UP' },
  ],
  [/destination\b.*not (been )?approved/i, { errorClass: 'waiting', reason: 'DESTINATION_NOT_APPROVED' }],
];
// The generic "error migrating the phone number": retry later, then support.
const GENERIC_2388103: Rule = { errorClass: 'transient', reason: 'SOMETHING_WENT_WRONG' };

const NOT_MIGRATING = /not (in|being) migrat|not in the process of migration|not available for this use case/i;

/** The rule for a migration refusal, or undefined when the general table decides. */
export function migrationRule(err: GraphErrorLike): Rule | undefined {
  const text = [err.message, err.error_user_msg, err.error_data?.details].filter(Boolean).join(' ');
  const sub = err.error_subcode;
  const is = (n: number) => err.code === n || sub === n;

  if (err.code === 136024) {
    // 2388091 on request_code is seen both for "already verified" and "not in migration": the text decides.
    if (/already verified/i.test(text) || sub === 2388366)
      return { errorClass: 'success-equivalent', reason: 'ALREADY_VERIFIED' };
    if (NOT_MIGRATING.test(text) || sub === 2388093) return { errorClass: 'redirect', reason: 'NOT_IN_MIGRATION' };
    if (sub === 2388091) return { errorClass: 'success-equivalent', reason: 'ALREADY_VERIFIED' };
    // Wait (1 h seen) or switch SMS/VOICE: a send costs, so never an automatic retry.
    return { errorClass: 'input', reason: 'CODE_REQUEST_REFUSED', retryAfterMs: waitFromDetails(text) };
  }
  if (is(2388091) || is(2388093)) return { errorClass: 'redirect', reason: 'NOT_IN_MIGRATION' };
  if (is(2388103)) return VARIANTS_2388103.find(([re]) => re.test(text))?.[1] ?? GENERIC_2388103;
  if (is(2388001) || /two-step (authentication|verification) must be disabled/i.test(text))
    return { errorClass: 'waiting', reason: 'TWO_FA_ENABLED' };
  if (err.code === 133005) return { errorClass: 'input', reason: 'PIN_MISMATCH' }; // stop: each attempt counts
  if (err.code === 133000) return { errorClass: 'input', reason: 'DEREGISTER_INCOMPLETE' }; // deregister, then register
  if (err.code === 133015) return { errorClass: 'rate-limited', reason: 'RECENTLY_DELETED', retryAfterMs: 5 * MIN };
  if (err.code === 100 && /expected data locali[sz]ation region/i.test(text))
    return { errorClass: 'input', reason: 'DATA_LOCALIZATION_REQUIRED' };
  if (is(2494100) || err.code === 131057)
    return { errorClass: 'transient', reason: 'MAINTENANCE', retryAfterMs: 2 * MIN };
  // The Embedded Signup code exchange with a wrong app secret answers code 1 ("unknown"): not transient.
  if (/error validating (client secret|application)/i.test(text))
    return { errorClass: 'permission', reason: 'INVALID_CREDENTIALS' };
  return undefined;
}
