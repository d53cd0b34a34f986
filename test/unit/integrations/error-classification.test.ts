/**
 * The classifiers as pure functions: 360dialog's documented messages (whatever the wording around
 * them), Meta codes passed through 360dialog, the class -> ApplicationFailure type mapping, which
 * classes retry, and how a classified error crosses the activity boundary.
 */
import type { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, NON_RETRYABLE_ERROR_TYPES, type ErrorClass } from '../../../contracts/errors';
import { toActivityFailure } from '../../../activities/errors';
import { classify360 } from '../../../integrations/dialog360-errors';
import { UpstreamError } from '../../../integrations/errors';
import type { FailedResponse } from '../../../integrations/http';
import { classifyMeta } from '../../../integrations/meta-errors';
import { classifySupportDesk } from '../../../integrations/support-desk';

function failed(status: number, body: unknown, headers: Record<string, string> = {}): FailedResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return {
    status,
    headers: new Headers(headers),
    body: typeof body === 'string' ? undefined : body,
    text,
    request: 'POST /partners/P/x',
    scrub: (t) => t.replace(/secret-\w+/g, '[redacted]'),
  };
}
const d360 = (status: number, developerMessage: string) =>
  failed(status, { meta: { httpCode: 999, developerMessage, success: false } });

test.each([
  ['Message on Behalf request not yet accepted', 'waiting', 'MOB_NOT_ACCEPTED'],
  ['Two-factor authentication not yet disabled for this number', 'waiting', 'TWO_FA_ENABLED'],
  ['This number is eligible to be added directly', 'redirect', 'ADD_AS_NEW_NUMBER'],
  ['has already been moved to your destination WhatsApp Account.', 'success-equivalent', 'ALREADY_MOVED'],
  ['Both accounts need to represent the same business', 'input', 'BUSINESS_MISMATCH'],
  ['Something went wrong when trying to migrate the number', 'transient', 'SOMETHING_WENT_WRONG'],
  ['The destination partner is using a different payment processor', 'final', 'DIFFERENT_PAYMENT_PROCESSOR'],
  ['no key can be generated until the channel status is running', 'waiting', 'CHANNEL_NOT_RUNNING'],
  ['Please complete your company info first', 'waiting', 'COMPANY_INFO_INCOMPLETE'],
  ['A payment method is required by the destination partner', 'waiting', 'PAYMENT_METHOD_MISSING'],
  ['The numbers of the WhatsApp Business Account have changed', 'input', 'PCR_CHANGED'],
  ['API disabled due to lack of payment', 'permission', 'PERMISSION_DENIED'],
])('360dialog "%s" -> %s %s', (message, errorClass, reason) => {
  const err = classify360(d360(400, `Error: ${message.toUpperCase()} (ref 12)`));
  expect({ errorClass: err.errorClass, reason: err.reason, service: err.service }).toEqual({
    errorClass,
    reason,
    service: '360dialog',
  });
  expect(err.httpStatus).toBe(400);
});

test('360dialog trusts the HTTP status over the envelope httpCode, and scrubs the message', () => {
  const err = classify360(d360(401, 'Invalid api_key secret-abc or token expired'));
  expect([err.reason, err.httpStatus]).toEqual(['INVALID_CREDENTIALS', 401]);
  expect(err.message).toBe('360dialog: POST /partners/P/x -> 401: Invalid api_key [redacted] or token expired');
});

test('360dialog rate limit: wait from the message unless Retry-After says otherwise', () => {
  const msg = { meta: { developerMessage: 'You have exceeded the limit of 2 requests every 10 seconds' } };
  expect(classify360(failed(400, msg)).retryAfterMs).toBe(10_000);
  expect(classify360(failed(400, msg, { 'retry-after': '3' })).retryAfterMs).toBe(3_000);
});

test('a Meta error passed through 360dialog is classified as Meta would, under 360dialog', () => {
  const body = { error: { message: 'locked', code: 131031 } };
  const via360 = classify360(failed(400, body));
  const direct = classifyMeta(failed(400, body));
  expect([via360.service, via360.errorClass, via360.reason]).toEqual(['360dialog', 'final', 'ACCOUNT_LOCKED']);
  expect([direct.service, direct.errorClass, direct.reason, direct.upstreamCode]).toEqual([
    'meta',
    'final',
    'ACCOUNT_LOCKED',
    131031,
  ]);
});

test('Meta: 136025 is an expired code on 422 or when the text says so, else a wrong code', () => {
  const code = (status: number, message: string) => classifyMeta(failed(status, { error: { code: 136025, message } }));
  expect(code(400, 'Code mismatch').reason).toBe('WRONG_CODE');
  expect(code(422, 'Code mismatch').reason).toBe('CODE_EXPIRED');
  expect(code(400, 'The code has expired').reason).toBe('CODE_EXPIRED');
});

test('Meta: unknown codes fall back to the HTTP status, keeping the code', () => {
  const err = classifyMeta(failed(503, { error: { code: 987654, message: 'new' } }));
  expect([err.errorClass, err.reason, err.upstreamCode]).toEqual(['transient', 'SERVER_ERROR', 987654]);
  expect(err.message).toContain('(#987654) new');
});

test('support desk: a non-JSON body keeps its text', () => {
  const err = classifySupportDesk(failed(409, 'duplicate ticket'));
  expect([err.errorClass, err.reason, err.message]).toEqual([
    'input',
    'BAD_REQUEST',
    'support-desk: POST /partners/P/x -> 409: duplicate ticket',
  ]);
});

const CLASSES: ErrorClass[] = [
  'transient',
  'rate-limited',
  'waiting',
  'success-equivalent',
  'redirect',
  'input',
  'permission',
  'final',
];

test.each(CLASSES)('class %s: retryable only if transient or rate-limited, named for retry policies', (errorClass) => {
  const err = new UpstreamError({ service: 'meta', errorClass, reason: 'BAD_REQUEST', message: 'm' });
  const retryable = errorClass === 'transient' || errorClass === 'rate-limited';
  expect(err.retryable).toBe(retryable);
  expect(err.type).toBe(ErrorTypes[errorClass]);
  expect(NON_RETRYABLE_ERROR_TYPES.includes(err.type)).toBe(!retryable);
});

test('across the activity boundary: typed ApplicationFailure with the reason and the Retry-After delay', () => {
  const err = new UpstreamError({
    service: 'meta',
    errorClass: 'rate-limited',
    reason: 'RATE_LIMIT',
    message: 'slow down',
    httpStatus: 400,
    upstreamCode: 80007,
    retryAfterMs: 30_000,
  });
  const failure = toActivityFailure(err) as ApplicationFailure;
  expect(failure).toMatchObject({ type: 'UpstreamRateLimitedError', nonRetryable: false, message: 'meta: slow down' });
  expect(failure.nextRetryDelay).toBe(30_000);
  expect(failure.details).toEqual([{ reason: 'RATE_LIMIT', service: 'meta', httpStatus: 400, upstreamCode: 80007 }]);
  const final = toActivityFailure(new UpstreamError({ ...err, errorClass: 'final', message: 'x' }));
  expect(final).toMatchObject({ type: 'UpstreamFinalError', nonRetryable: true });
  const other = new TypeError('a bug');
  expect(toActivityFailure(other)).toBe(other);
});
