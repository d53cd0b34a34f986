/** The shared HTTP helper's pure parts: Retry-After, secret scrubbing, status classification. */
import { classifyByStatus, parseRetryAfter, scrub, type FailedResponse } from '../../../integrations/http';

const res = (status: number, headers: Record<string, string> = {}): FailedResponse => ({
  status,
  headers: new Headers(headers),
  body: undefined,
  text: '',
  request: 'GET /x',
  scrub: (t) => t,
});

test('Retry-After as seconds or HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(parseRetryAfter('7', now)).toBe(7000);
  expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

test('scrub removes known secrets and secret-looking pairs, keeps error codes', () => {
  const out = scrub(
    'key sk-123456 used; Authorization: Bearer abc.def; {"api_key":"k1","pin":"123456","code":136025}',
    ['sk-123456'],
  );
  expect(out).not.toContain('sk-123456');
  expect(out).not.toContain('abc.def');
  expect(out).not.toContain('"k1"');
  expect(out).not.toContain('123456"');
  expect(out).toContain('"code":136025');
});

test.each([
  [401, 'permission', 'INVALID_CREDENTIALS'],
  [403, 'permission', 'PERMISSION_DENIED'],
  [404, 'input', 'NOT_FOUND'],
  [408, 'transient', 'TIMEOUT'],
  [409, 'input', 'BAD_REQUEST'],
  [422, 'input', 'BAD_REQUEST'],
  [429, 'rate-limited', 'RATE_LIMIT'],
  [500, 'transient', 'SERVER_ERROR'],
  [502, 'transient', 'SERVER_ERROR'],
  [503, 'transient', 'SERVER_ERROR'],
])('HTTP %i -> %s %s', (status, errorClass, reason) => {
  const err = classifyByStatus('support-desk', res(status, { 'retry-after': '3' }), 'upstream text');
  expect({ errorClass: err.errorClass, reason: err.reason, httpStatus: err.httpStatus }).toEqual({
    errorClass,
    reason,
    httpStatus: status,
  });
  expect(err.message).toBe(`support-desk: GET /x -> ${status}: upstream text`);
  if (status === 429) expect(err.retryAfterMs).toBe(3000);
});
