/**
 * Inbound webhook checks: the HMAC signature over `<timestamp>.<raw body>` (fresh, exact, with a
 * 401 problem that says what is wrong) and the delivery-ID dedupe (TTL, bounded memory).
 */
import type { FastifyRequest } from 'fastify';
import { signPayload, verifySignature } from '../../../integrations/callbacks';
import { HttpProblem } from '../../../api/problem';
import { EventDedupe } from '../../../api/webhooks/dedupe';
import { checkWebhookSignature, SIGNATURE_TOLERANCE_SEC } from '../../../api/webhooks/signature';

const SECRET = 'webhook-secret-0123456789';
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const ts = (offsetSec = 0) => String(NOW / 1000 + offsetSec);
const body = '{"event":"channel_running","channel_id":"ch1"}';

/** Only what the check reads: headers (possibly repeated) and the raw body. */
function request(headers: Record<string, string | string[]>, rawBody = body): FastifyRequest {
  return { headers, rawBody } as unknown as FastifyRequest;
}
const signed = (timestamp = ts(), payload = body) => ({
  'x-signature-timestamp': timestamp,
  'x-signature': signPayload(SECRET, timestamp, payload),
});

function refusal(req: FastifyRequest): HttpProblem {
  try {
    checkWebhookSignature(req, SECRET, NOW);
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  throw new Error('the request was accepted');
}

test('a fresh, matching signature passes (first value of a repeated header)', () => {
  expect(() => checkWebhookSignature(request(signed()), SECRET, NOW)).not.toThrow();
  const h = signed();
  const repeated = { ...h, 'x-signature': [h['x-signature'], 'sha256=00'] };
  expect(() => checkWebhookSignature(request(repeated), SECRET, NOW)).not.toThrow();
  expect(signed()['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
});

test.each([
  ['no headers', {}, body, /send X-Signature and X-Signature-Timestamp/],
  ['a timestamp in ms', signed(String(NOW)), body, /stale or replayed|Unix seconds/],
  ['a non-numeric timestamp', { ...signed(), 'x-signature-timestamp': 'yesterday' }, body, /Unix seconds/],
  ['a stale timestamp', signed(ts(-SIGNATURE_TOLERANCE_SEC - 1)), body, /stale or replayed/],
  ['a timestamp from the future', signed(ts(SIGNATURE_TOLERANCE_SEC + 1)), body, /stale or replayed/],
  ['another body', signed(), body.replace('ch1', 'ch2'), /does not match the body/],
  ['another secret', { ...signed(), 'x-signature': signPayload('other', ts(), body) }, body, /does not match/],
])('%s is a 401 invalid-signature problem', (_what, headers, raw, detail) => {
  const p = refusal(request(headers, raw));
  expect([p.status, p.slug]).toEqual([401, 'invalid-signature']);
  expect(p.message).toMatch(detail);
  expect(p.message).not.toContain(SECRET);
});

test('within the tolerance a clock difference is accepted', () => {
  expect(() => checkWebhookSignature(request(signed(ts(-SIGNATURE_TOLERANCE_SEC))), SECRET, NOW)).not.toThrow();
  expect(() => checkWebhookSignature(request(signed(ts(SIGNATURE_TOLERANCE_SEC))), SECRET, NOW)).not.toThrow();
});

test('verifySignature never throws on garbage', () => {
  for (const signature of [undefined, '', 'sha256=', 'md5=abc', 'sha256=' + 'z'.repeat(64)]) {
    expect(verifySignature({ secret: SECRET, body, timestamp: ts(), signature, nowMs: NOW })).toBe(false);
  }
});

test('dedupe remembers a delivery for its TTL, and only once handled', () => {
  const d = new EventDedupe(1_000);
  expect(d.has('e1', 0)).toBe(false);
  d.remember('e1', 0);
  expect([d.has('e1', 999), d.has('e1', 1_000), d.has('e1', 1_001)]).toEqual([true, true, false]);
  expect(d.has('e1', 500)).toBe(false); // forgotten once expired, even if asked with an earlier time
});

test('dedupe drops the oldest entries beyond its bound', () => {
  const d = new EventDedupe(60_000, 3);
  for (const id of ['a', 'b', 'c', 'd']) d.remember(id, 0);
  expect(['a', 'b', 'c', 'd'].map((id) => d.has(id, 1))).toEqual([false, true, true, true]);
});
