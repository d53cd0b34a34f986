/**
 * Inbound 360dialog webhooks are signed like our own callbacks (integrations/callbacks.ts):
 * `X-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">` and `X-Signature-Timestamp`
 * (Unix seconds). Stale timestamps are refused, so a captured request cannot be replayed later.
 */
import type { FastifyRequest } from 'fastify';
import { verifySignature } from '../../integrations/callbacks';
import { HttpProblem } from '../problem';

export const SIGNATURE_TOLERANCE_SEC = 300;

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Throws a 401 problem unless the request carries a fresh, valid signature. */
export function checkWebhookSignature(req: FastifyRequest, secret: string, nowMs = Date.now()): void {
  const timestamp = header(req, 'x-signature-timestamp');
  const signature = header(req, 'x-signature');
  const fail = (detail: string) => new HttpProblem(401, 'invalid-signature', detail);
  if (!timestamp || !signature) throw fail('send X-Signature and X-Signature-Timestamp');
  if (!/^\d{1,12}$/.test(timestamp)) throw fail('X-Signature-Timestamp must be Unix seconds');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SEC) {
    throw fail(`the timestamp is more than ${SIGNATURE_TOLERANCE_SEC} s away from our clock (stale or replayed)`);
  }
  const ok = verifySignature({
    secret,
    body: req.rawBody ?? '',
    timestamp,
    signature,
    toleranceSec: SIGNATURE_TOLERANCE_SEC,
    nowMs,
  });
  if (!ok) throw fail('the signature does not match the body');
}
