/**
 * Meta Graph API: WABA, business and phone-number nodes (with `fields` selection), the WABA's
 * phone numbers (cursor paging), and the code flow: `request_code` generates a random 6-digit code
 * per send and delivers it to the number's inbox (SMS/VOICE, delayed or never, per scenario);
 * `verify_code` checks it (wrong 136025, expired 422, too many wrong 131031) and starts setup;
 * `register` needs a verified number, checks the 2FA PIN (133005) and allows 10 per 72 h (133016).
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { graphError, graphPreset, type SimResponse } from './catalog';
import type { SimContext } from './context';
import { Counters } from './counters';
import { once } from './idempotency';
import { businessView, phoneView, resolveNode, wabaNumbers, wabaView } from './meta-views';
import type { NumberState, SimState } from './state';

type P = { version: string; id: string };

const RequestCodeBody = z.object({
  code_method: z.enum(['SMS', 'VOICE']),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/),
});
const VerifyCodeBody = z.object({ code: z.string().regex(/^\d{6}$/) });
const RegisterBody = z.object({ messaging_product: z.literal('whatsapp'), pin: z.string().regex(/^\d{6}$/) });

/** Meta's register limit: 10 requests per number in a rolling 72 hours. */
const REGISTER_LIMIT = 10;
const REGISTER_WINDOW_MS = 72 * 3_600_000;

const invalidParam = (details: string) => graphError(400, 100, '(#100) Invalid parameter', { details });

function inMigration(state: SimState, n: NumberState): boolean {
  return Boolean(n.portingId && state.portings.has(n.portingId) && n.mobAccepted);
}

function requestCode(state: SimState, n: NumberState, method: 'SMS' | 'VOICE'): SimResponse {
  if (!inMigration(state, n)) return graphPreset('2388091') as SimResponse;
  const now = Date.now();
  const delivery = method === 'SMS' ? n.scenario.smsDelivery : n.scenario.voiceDelivery;
  n.codes.push({
    code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    method,
    sentAt: now,
    deliverAt: delivery === 'never' ? null : now + n.scenario.codeDeliveryDelayMs,
    expiresAt: now + n.scenario.codeValidityMs,
    used: false,
  });
  Counters.inc(state.counters.codesSentByNumber, n.e164);
  return { status: 200, body: { success: true } };
}

function verifyCode(state: SimState, n: NumberState, code: string): SimResponse {
  if (!inMigration(state, n)) return graphPreset('2388093') as SimResponse;
  Counters.inc(state.counters.codeVerificationsByNumber, n.e164);
  const latest = n.codes.at(-1);
  // A repeated verify of the code that already succeeded (a lost response) succeeds again.
  if (n.verified && latest?.used && latest.code === code) return { status: 200, body: { success: true } };
  if (n.wrongAttempts >= n.scenario.maxWrongCodes) return graphPreset('131031') as SimResponse;
  if (!latest || latest.used) {
    return graphError(400, 133006, 'Phone number re-verification needed', {
      details: 'No active verification code: request a new code.',
    });
  }
  if (latest.code !== code) {
    n.wrongAttempts++;
    return graphPreset('136025') as SimResponse;
  }
  if (Date.now() > latest.expiresAt) return graphPreset('136025-expired') as SimResponse;
  latest.used = true;
  n.verified = true;
  const ch = n.channelId ? state.channels.get(n.channelId) : undefined;
  if (ch && ch.phase === 'pending') {
    ch.phase = 'submitted';
    ch.runningAt = n.scenario.setupMs === 'manual' ? null : Date.now() + n.scenario.setupMs;
  }
  return { status: 200, body: { success: true } };
}

function register(state: SimState, n: NumberState, pin: string): SimResponse {
  const now = Date.now();
  n.registrations = (n.registrations ?? []).filter((at) => now - at < REGISTER_WINDOW_MS);
  if (n.registrations.length >= REGISTER_LIMIT) return graphPreset('133016') as SimResponse;
  n.registrations.push(now);
  Counters.inc(state.counters.registrationsByNumber, n.e164);
  if (!n.verified) {
    return graphError(400, 133006, 'Phone number re-verification needed', {
      details: 'Verify the number with a code before registering it.',
    });
  }
  // The PIN becomes the number's two-step PIN; once set, a different one is a mismatch.
  if (n.twoFaPin !== undefined && n.twoFaPin !== pin) return graphPreset('133005') as SimResponse;
  n.twoFaPin = pin;
  return { status: 200, body: { success: true } };
}

function numberById(state: SimState, id: string): NumberState | undefined {
  for (const n of state.numbers.values()) if (n.phoneNumberId === id) return n;
  return undefined;
}

const unknownObject = (id: string): SimResponse =>
  graphError(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    {
      type: 'GraphMethodException',
      subcode: 33,
    },
  );

export function registerMeta(scope: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  scope.get<{ Params: P; Querystring: { fields?: string } }>(
    '/:version/:id',
    { config: { op: 'meta.getNode' } },
    (req, res) => {
      const node = resolveNode(state, req.params.id, req.query.fields);
      const out: SimResponse =
        node.kind === 'phone'
          ? { status: 200, body: phoneView(state, node.number, req.query.fields) }
          : node.kind === 'waba'
            ? { status: 200, body: wabaView(state, node.waba, req.query.fields) }
            : node.kind === 'business'
              ? { status: 200, body: businessView(state, node.id, req.query.fields) }
              : unknownObject(req.params.id);
      return res.code(out.status).send(out.body);
    },
  );

  scope.get<{ Params: P; Querystring: { fields?: string; limit?: string; after?: string } }>(
    '/:version/:id/phone_numbers',
    { config: { op: 'meta.listPhoneNumbers' } },
    (req) => {
      const all = wabaNumbers(state, req.params.id);
      const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
      const start = req.query.after ? Number(Buffer.from(req.query.after, 'base64url').toString()) || 0 : 0;
      const items = all.slice(start, start + limit);
      const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
      const more = start + limit < all.length;
      return {
        data: items.map((n) => phoneView(state, n, req.query.fields)),
        paging: {
          cursors: { before: cursor(start), after: cursor(start + items.length) },
          ...(more
            ? {
                next: `${req.protocol}://${req.host}${req.url.split('?')[0]}?limit=${limit}&after=${cursor(start + items.length)}`,
              }
            : {}),
        },
      };
    },
  );

  scope.post<{ Params: P }>('/:version/:id/request_code', { config: { op: 'meta.requestCode' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = RequestCodeBody.safeParse({ ...(req.query as object), ...(req.body as object | undefined) });
    if (!parsed.success)
      return res
        .code(400)
        .send(invalidParam('code_method must be SMS or VOICE and language a locale such as en_US').body);
    return once(state, 'meta.requestCode', req, res, () => requestCode(state, n, parsed.data.code_method));
  });

  scope.post<{ Params: P }>('/:version/:id/verify_code', { config: { op: 'meta.verifyCode' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = VerifyCodeBody.safeParse({ ...(req.query as object), ...(req.body as object | undefined) });
    if (!parsed.success) return res.code(400).send(invalidParam('code must be 6 digits').body);
    const out = verifyCode(state, n, parsed.data.code);
    return res.code(out.status).send(out.body);
  });

  scope.post<{ Params: P }>('/:version/:id/register', { config: { op: 'meta.register' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = RegisterBody.safeParse(req.body ?? {});
    if (!parsed.success)
      return res.code(400).send(invalidParam('messaging_product must be whatsapp and pin 6 digits').body);
    const out = register(state, n, parsed.data.pin);
    return res.code(out.status).send(out.body);
  });
}
