/**
 * Requester callbacks: events POSTed as JSON, HMAC-SHA256 signed over `<timestamp>.<body>`
 * (headers `X-Signature: sha256=<hex>`, `X-Signature-Timestamp`, `X-Event-Id`). The signing and
 * verification helpers are shared with our inbound-webhook code; verification is timing-safe and
 * rejects stale timestamps (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { classifyByStatus, HttpClient } from './http';
import type { CallbackEvent, CallbackSender } from './ports';

/** `sha256=<hex>` over `<timestamp>.<body>`. */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Maximum clock difference accepted, in seconds (default 300). */
  toleranceSec?: number;
  nowMs?: number;
}

/** True when the signature matches and the timestamp is fresh. Never throws. */
export function verifySignature(input: VerifyInput): boolean {
  const { secret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const ageSec = Math.abs((input.nowMs ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSec > (input.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface CallbackSenderOptions {
  signingSecret: string;
  timeoutMs: number;
  logger?: Logger;
  observe?: CallObserver;
}

export class HttpCallbackSender implements CallbackSender {
  constructor(private readonly opts: CallbackSenderOptions) {}

  async send(url: string, event: CallbackEvent): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(Date.now() / 1000));
    // A client per call: every requester has its own URL; the signature is per body.
    const http = new HttpClient({
      service: 'callback',
      baseUrl: url,
      headers: {
        'x-signature': signPayload(this.opts.signingSecret, timestamp, body),
        'x-signature-timestamp': timestamp,
        'x-event-id': event.id,
      },
      timeoutMs: this.opts.timeoutMs,
      classify: (res) => classifyByStatus('callback', res, res.text || `HTTP ${res.status}`),
      secrets: [this.opts.signingSecret],
      logger: this.opts.logger,
      observe: this.opts.observe,
    });
    await http.request({ method: 'POST', path: '', body: event, schema: z.unknown() });
  }
}
