/**
 * Classification of 360dialog Partner API failures. The envelope is
 * `{"meta":{"httpCode":…,"developerMessage":"…","success":false}}`; `httpCode` is not trusted
 * (360dialog's own 401 example says 404), the real HTTP status is. The documented port-in and
 * partner-change messages are matched by substring, because the wording around them varies.
 * Meta errors that 360dialog passes through unchanged are classified as Meta would be.
 */
import { z } from 'zod';
import type { ErrorClass, UpstreamReason } from '../contracts/errors';
import { UpstreamError } from './errors';
import { classifyByStatus, parseRetryAfter, type FailedResponse } from './http';
import { classifyGraphBody, graphErrorOf } from './meta-errors';

const Envelope = z.object({
  meta: z.object({ developerMessage: z.string().optional(), httpCode: z.unknown().optional() }).passthrough(),
});

interface KnownMessage {
  pattern: RegExp;
  errorClass: ErrorClass;
  reason: UpstreamReason;
}

/** The documented messages (answer tables of docs/domain.md), most specific first. */
const KNOWN_MESSAGES: KnownMessage[] = [
  { pattern: /message on behalf request not yet accepted/i, errorClass: 'waiting', reason: 'MOB_NOT_ACCEPTED' },
  { pattern: /two-factor authentication not yet disabled/i, errorClass: 'waiting', reason: 'TWO_FA_ENABLED' },
  { pattern: /eligible to be added directly/i, errorClass: 'redirect', reason: 'ADD_AS_NEW_NUMBER' },
  {
    pattern: /already been moved to your destination whatsapp account/i,
    errorClass: 'success-equivalent',
    reason: 'ALREADY_MOVED',
  },
  { pattern: /need to represent the same business/i, errorClass: 'input', reason: 'BUSINESS_MISMATCH' },
  { pattern: /something went wrong when trying to migrate/i, errorClass: 'transient', reason: 'SOMETHING_WENT_WRONG' },
  {
    pattern: /destination partner is using a different payment processor/i,
    errorClass: 'final',
    reason: 'DIFFERENT_PAYMENT_PROCESSOR',
  },
  // API key requested before setup finished ("no key can be generated until the channel status is running").
  {
    pattern: /channel (is )?not (yet )?running|until the channel (status )?is running/i,
    errorClass: 'waiting',
    reason: 'CHANNEL_NOT_RUNNING',
  },
  // Partner change prerequisites the client must fulfil first (waits, not errors).
  {
    pattern: /company info(rmation)? (is )?(incomplete|missing)|complete (your|the) company info/i,
    errorClass: 'waiting',
    reason: 'COMPANY_INFO_INCOMPLETE',
  },
  {
    pattern: /payment method (is )?(required|missing)|add a payment method/i,
    errorClass: 'waiting',
    reason: 'PAYMENT_METHOD_MISSING',
  },
  {
    pattern: /numbers? of the whatsapp (business )?account (have|has) changed|channel list (does not match|changed)/i,
    errorClass: 'input',
    reason: 'PCR_CHANGED',
  },
  // Account-level blocks an operator must lift (API disabled, unpaid invoices).
  {
    pattern: /api (is )?disabled|lack of payment|payment (is )?overdue/i,
    errorClass: 'permission',
    reason: 'PERMISSION_DENIED',
  },
];

const RATE_LIMIT = /exceeded the limit of (\d+) requests? every (\d+) seconds?/i;

/** The one classifier of 360dialog Partner API failures. */
export function classify360(res: FailedResponse): UpstreamError {
  const graph = graphErrorOf(res.body);
  if (graph) return classifyGraphBody('360dialog', res, graph);

  const envelope = Envelope.safeParse(res.body);
  const message = res.scrub(
    envelope.success ? (envelope.data.meta.developerMessage ?? res.text) : res.text || `HTTP ${res.status}`,
  );
  const full = `${res.request} -> ${res.status}: ${message}`;
  const base = { service: '360dialog' as const, httpStatus: res.status, message: full };

  const known = KNOWN_MESSAGES.find((k) => k.pattern.test(message));
  if (known) return new UpstreamError({ ...base, errorClass: known.errorClass, reason: known.reason });

  const limit = RATE_LIMIT.exec(message);
  if (limit) {
    const fromHeader = parseRetryAfter(res.headers.get('retry-after'));
    return new UpstreamError({
      ...base,
      errorClass: 'rate-limited',
      reason: 'RATE_LIMIT',
      retryAfterMs: fromHeader ?? Number(limit[2]) * 1000,
    });
  }
  return classifyByStatus('360dialog', res, message);
}
