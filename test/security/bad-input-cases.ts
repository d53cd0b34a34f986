/**
 * The invalid requests of bad-input-corpus.test.ts, one per way a caller can get it wrong, each with
 * the specific status it must get. `ctx` is filled in by the test's beforeAll; a case reads it only
 * when it is sent.
 */
import { signPayload } from '../../integrations/callbacks';
import { call, path, portInBody, request, TOKEN, webhook, type ApiStack, type Res } from '../api/api-fixtures';
import { migrationActionCases } from './bad-input-action-cases';

export interface Case {
  name: string;
  send: () => Promise<Res>;
  status: number;
}

/** What the cases aim at: the API and migrations parked at known steps. */
export interface CorpusContext {
  api: ApiStack;
  ids: { atMob: string; atPin: string; portOut: string; change: string };
  /** The number of the port-in parked at the PIN step. */
  phone: string;
}

/** The ways the cases send a request, all aimed at `ctx`. */
export function corpusRequests(ctx: CorpusContext) {
  const start = (body: unknown) => () => call(ctx.api, 'POST', '/v1/port-ins', body);
  const without = (key: string) => () => {
    const body: Record<string, unknown> = portInBody();
    delete body[key];
    return call(ctx.api, 'POST', '/v1/port-ins', body);
  };
  const raw = (method: string, url: string, payload: string, headers: Record<string, string>) => () =>
    request(ctx.api, { method, url, payload, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
  const act = (id: () => string, suffix: string, body?: unknown) => () =>
    call(ctx.api, 'POST', path(id(), suffix), body);
  /** A webhook signed correctly over exactly these bytes. */
  const signedRaw = (payload: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signPayload(ctx.api.stack.config.WEBHOOK_SIGNING_SECRET, timestamp, payload);
    return request(ctx.api, {
      method: 'POST',
      url: '/v1/webhooks/360dialog',
      payload,
      headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature': signature },
    });
  };
  const pin = (p: unknown, id = () => ctx.ids.atPin) => act(id, '/pin', { pin: p });
  return { start, without, raw, act, signedRaw, pin };
}
export type CorpusRequests = ReturnType<typeof corpusRequests>;

export function badInputCases(ctx: CorpusContext): Case[] {
  const r = corpusRequests(ctx);
  return [...startAndWebhookCases(ctx, r), ...migrationActionCases(ctx, r)];
}

/** Starts of every kind, and webhooks: nothing exists yet that they could change. */
function startAndWebhookCases(ctx: CorpusContext, { start, without, raw, signedRaw }: CorpusRequests): Case[] {
  return [
    // Starting a port-in: every field, malformed bodies, auth.
    { name: 'no phone number', send: without('phoneNumber'), status: 422 },
    { name: 'number without +', send: start(portInBody({ phoneNumber: '4915123456789' })), status: 422 },
    { name: 'letters in the number', send: start(portInBody({ phoneNumber: '+49151ABC4567' })), status: 422 },
    { name: 'number too short', send: start(portInBody({ phoneNumber: '+49123' })), status: 422 },
    { name: 'number too long', send: start(portInBody({ phoneNumber: '+4915123456789012345' })), status: 422 },
    {
      name: 'trunk 0 after the country code',
      send: start(portInBody({ phoneNumber: '+49 0151 23456789' })),
      status: 422,
    },
    { name: 'unknown country code', send: start(portInBody({ phoneNumber: '+999 1234 5678' })), status: 422 },
    {
      name: 'Brazil: 9-digit subscriber not starting with 9',
      send: start(portInBody({ phoneNumber: '+55 11 8765 43210' })),
      status: 422,
    },
    { name: 'Brazil: invalid area code', send: start(portInBody({ phoneNumber: '+55 10 98765 4321' })), status: 422 },
    { name: 'Brazil: 7 subscriber digits', send: start(portInBody({ phoneNumber: '+55 11 8765 432' })), status: 422 },
    { name: 'number as a JSON number', send: start(portInBody({ phoneNumber: 4915123456789 })), status: 422 },
    { name: 'no WABA ID', send: without('wabaId'), status: 422 },
    { name: 'empty WABA ID', send: start(portInBody({ wabaId: '' })), status: 422 },
    { name: 'Meta Business ID with letters', send: start(portInBody({ metaBusinessId: '12ab' })), status: 422 },
    { name: 'no Meta Business ID', send: without('metaBusinessId'), status: 422 },
    { name: 'website is not a URL', send: start(portInBody({ businessWebsite: 'my shop' })), status: 422 },
    { name: 'website with ftp://', send: start(portInBody({ businessWebsite: 'ftp://example.com' })), status: 422 },
    {
      name: 'admin access not attested',
      send: start(portInBody({ attestations: { adminAccess: false, phoneAccess: true } })),
      status: 422,
    },
    {
      name: 'phone access not attested',
      send: start(portInBody({ attestations: { adminAccess: true, phoneAccess: false } })),
      status: 422,
    },
    { name: 'no attestations', send: without('attestations'), status: 422 },
    { name: 'code method EMAIL', send: start(portInBody({ codeMethod: 'EMAIL' })), status: 422 },
    { name: 'callback URL not a URL', send: start(portInBody({ callbackUrl: 'call me' })), status: 422 },
    {
      name: 'timing that is not a duration',
      send: start(portInBody({ timings: { pinEscalateAfter: 'soon' } })),
      status: 422,
    },
    { name: 'negative max PIN attempts', send: start(portInBody({ timings: { maxPinAttempts: -1 } })), status: 422 },
    {
      name: 'porting window in the past',
      send: start(portInBody({ portingWindowStart: '2020-01-01T00:00:00Z' })),
      status: 422,
    },
    { name: 'porting window not a date', send: start(portInBody({ portingWindowStart: 'tomorrow' })), status: 422 },
    { name: 'body is an array', send: start([portInBody()]), status: 422 },
    { name: 'body is a string', send: start('hello'), status: 422 },
    {
      name: 'malformed JSON',
      send: raw('POST', '/v1/port-ins', '{"phoneNumber": ', { 'content-type': 'application/json' }),
      status: 400,
    },
    {
      name: 'empty JSON body',
      send: raw('POST', '/v1/port-ins', '', { 'content-type': 'application/json' }),
      status: 400,
    },
    {
      name: 'wrong content type',
      send: raw('POST', '/v1/port-ins', JSON.stringify(portInBody()), { 'content-type': 'text/plain' }),
      status: 415,
    },
    {
      name: 'form-encoded body',
      send: raw('POST', '/v1/port-ins', 'phoneNumber=%2B49151', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      status: 415,
    },
    {
      name: 'oversized body',
      send: raw('POST', '/v1/port-ins', JSON.stringify({ ...portInBody(), pad: 'x'.repeat(2_000_000) }), {
        'content-type': 'application/json',
      }),
      status: 413,
    },
    {
      name: 'no bearer token',
      send: () =>
        request(ctx.api, {
          method: 'POST',
          url: '/v1/port-ins',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(portInBody()),
        }),
      status: 401,
    },
    {
      name: 'wrong bearer token',
      send: () => call(ctx.api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Bearer nope' }),
      status: 401,
    },
    {
      name: 'basic auth instead of bearer',
      send: () => call(ctx.api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Basic dXNlcjpwYXNz' }),
      status: 401,
    },
    // Other starts.
    {
      name: 'port-out: invalid number',
      send: () => call(ctx.api, 'POST', '/v1/port-outs', { phoneNumber: '12345', wabaId: 'w' }),
      status: 422,
    },
    {
      name: 'port-out: no WABA',
      send: () => call(ctx.api, 'POST', '/v1/port-outs', { phoneNumber: '+4915123456789' }),
      status: 422,
    },
    {
      name: 'partner change: no destination partner',
      send: () => call(ctx.api, 'POST', '/v1/partner-changes', { wabaId: 'w1' }),
      status: 422,
    },
    {
      name: 'partner change: no WABA',
      send: () => call(ctx.api, 'POST', '/v1/partner-changes', { destinationPartnerId: 'X1PA' }),
      status: 422,
    },
    // Webhooks.
    {
      name: 'webhook with a bad signature',
      send: () => webhook(ctx.api, 'not-the-secret-at-all', { event: 'channel_running', phone_number: ctx.phone }),
      status: 401,
    },
    {
      name: 'webhook without signature',
      send: () =>
        request(ctx.api, {
          method: 'POST',
          url: '/v1/webhooks/360dialog',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ event: 'channel_running', phone_number: ctx.phone }),
        }),
      status: 401,
    },
    {
      name: 'webhook with a stale timestamp',
      send: () =>
        webhook(
          ctx.api,
          ctx.api.stack.config.WEBHOOK_SIGNING_SECRET,
          { event: 'channel_running', phone_number: ctx.phone },
          { timestamp: 1_000_000_000 },
        ),
      status: 401,
    },
    // Correctly signed webhooks whose body is malformed.
    {
      name: 'signed webhook without an event',
      send: () => webhook(ctx.api, ctx.api.stack.config.WEBHOOK_SIGNING_SECRET, { phone_number: ctx.phone }),
      status: 422,
    },
    {
      name: 'signed webhook with a numeric event',
      send: () => webhook(ctx.api, ctx.api.stack.config.WEBHOOK_SIGNING_SECRET, { event: 42, phone_number: ctx.phone }),
      status: 422,
    },
    {
      name: 'signed webhook with an invalid phone number',
      send: () =>
        webhook(ctx.api, ctx.api.stack.config.WEBHOOK_SIGNING_SECRET, {
          event: 'channel_running',
          phone_number: 'abc',
        }),
      status: 422,
    },
    {
      name: 'signed webhook that is a JSON array',
      send: () => signedRaw(JSON.stringify([{ event: 'channel_running', phone_number: ctx.phone }])),
      status: 422,
    },
    {
      name: 'signed webhook that is not JSON',
      send: () => signedRaw('{"event":"channel_running","phone_number":'),
      status: 400,
    },
  ];
}
