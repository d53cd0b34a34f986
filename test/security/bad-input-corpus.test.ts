/**
 * A corpus of invalid requests across every endpoint, update and signal. Each gets a specific 4xx
 * problem+json and NOTHING is started or changed: no new workflow on this test's task queue (counted
 * once visibility has caught up), no history event on the parked migrations, no simulator effect
 * for their numbers.
 */
import { PortInStep } from '../../contracts/port-in';
import {
  call,
  expectProblem,
  path,
  portInBody,
  preparedPortIn,
  request,
  sim,
  startApi,
  TOKEN,
  waitFor,
  webhook,
  type ApiStack,
  type Res,
} from '../api/api-fixtures';
import { signPayload } from '../../integrations/callbacks';
import { seedWaba } from '../harness/waba-fixtures';

interface Case {
  name: string;
  send: () => Promise<Res>;
  status: number;
}

let api: ApiStack;
const ids = { atMob: '', atPin: '', portOut: '', change: '' };
let phone = '';
let changeWabaId = '';

beforeAll(async () => {
  api = await startApi();
  const atMob = await preparedPortIn({}, { mobAccepted: false });
  const atPin = await preparedPortIn({ timings: { pollEvery: '200ms', resendCooldown: '1h' } });
  phone = atPin.phoneNumber;
  ids.atMob = (await call(api, 'POST', '/v1/port-ins', atMob)).json().migrationId;
  ids.atPin = (await call(api, 'POST', '/v1/port-ins', atPin)).json().migrationId;
  const outWaba = await seedWaba(sim, { count: 1 });
  ids.portOut = (
    await call(api, 'POST', '/v1/port-outs', {
      phoneNumber: outWaba.channels[0]?.e164,
      wabaId: outWaba.wabaId,
      timings: { pollEvery: '200ms' },
    })
  ).json().migrationId;
  const changeWaba = await seedWaba(sim, { count: 2 });
  changeWabaId = changeWaba.wabaId;
  ids.change = (
    await call(api, 'POST', '/v1/partner-changes', {
      wabaId: changeWaba.wabaId,
      destinationPartnerId: 'DESTCORPUS1PA',
      timings: { pollEvery: '200ms' },
    })
  ).json().migrationId;
  await waitFor(api, ids.atMob, (m) => m.step === PortInStep.AWAITING_MOB_ACCEPTANCE);
  await waitFor(api, ids.atPin, (m) => m.step === PortInStep.AWAITING_PIN);
  await waitFor(api, ids.portOut, (m) => m.step === 'AWAITING_2FA_DISABLED');
  await waitFor(api, ids.change, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
}, 120_000);
afterAll(async () => api?.close());

const start = (body: unknown) => () => call(api, 'POST', '/v1/port-ins', body);
const without = (key: string) => () => {
  const body: Record<string, unknown> = portInBody();
  delete body[key];
  return call(api, 'POST', '/v1/port-ins', body);
};
const raw = (method: string, url: string, payload: string, headers: Record<string, string>) => () =>
  request(api, { method, url, payload, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
const act = (id: () => string, suffix: string, body?: unknown) => () => call(api, 'POST', path(id(), suffix), body);
/** A webhook signed correctly over exactly these bytes. */
const signedRaw = (payload: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = signPayload(api.stack.config.WEBHOOK_SIGNING_SECRET, timestamp, payload);
  return request(api, {
    method: 'POST',
    url: '/v1/webhooks/360dialog',
    payload,
    headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature': signature },
  });
};
const pin = (p: unknown, id = () => ids.atPin) => act(id, '/pin', { pin: p });

const cases: Case[] = [
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
    send: raw('POST', '/v1/port-ins', 'phoneNumber=%2B49151', { 'content-type': 'application/x-www-form-urlencoded' }),
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
      request(api, {
        method: 'POST',
        url: '/v1/port-ins',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(portInBody()),
      }),
    status: 401,
  },
  {
    name: 'wrong bearer token',
    send: () => call(api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Bearer nope' }),
    status: 401,
  },
  {
    name: 'basic auth instead of bearer',
    send: () => call(api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Basic dXNlcjpwYXNz' }),
    status: 401,
  },
  // Other starts.
  {
    name: 'port-out: invalid number',
    send: () => call(api, 'POST', '/v1/port-outs', { phoneNumber: '12345', wabaId: 'w' }),
    status: 422,
  },
  {
    name: 'port-out: no WABA',
    send: () => call(api, 'POST', '/v1/port-outs', { phoneNumber: '+4915123456789' }),
    status: 422,
  },
  {
    name: 'partner change: no destination partner',
    send: () => call(api, 'POST', '/v1/partner-changes', { wabaId: 'w1' }),
    status: 422,
  },
  {
    name: 'partner change: no WABA',
    send: () => call(api, 'POST', '/v1/partner-changes', { destinationPartnerId: 'X1PA' }),
    status: 422,
  },
  // The PIN update: validator rejections leave no history.
  { name: 'PIN of 5 digits', send: pin('12345'), status: 422 },
  { name: 'PIN of 7 digits', send: pin('1234567'), status: 422 },
  { name: 'PIN with letters', send: pin('12a456'), status: 422 },
  { name: 'PIN with spaces', send: pin('123 456'), status: 422 },
  { name: 'PIN as a number', send: pin(123456), status: 422 },
  { name: 'no PIN', send: act(() => ids.atPin, '/pin', {}), status: 422 },
  { name: 'PIN at the wrong step', send: pin('123456', () => ids.atMob), status: 422 },
  { name: 'PIN for a port-out (wrong kind)', send: pin('123456', () => ids.portOut), status: 409 },
  { name: 'PIN for an unknown migration', send: pin('123456', () => 'port-in:+4915000000000'), status: 404 },
  { name: 'resend by FAX', send: act(() => ids.atPin, '/resend-code', { method: 'FAX' }), status: 422 },
  { name: 'resend at the wrong step', send: act(() => ids.atMob, '/resend-code', {}), status: 422 },
  { name: 'resend within the cooldown', send: act(() => ids.atPin, '/resend-code', {}), status: 422 },
  {
    name: 'business ID with letters',
    send: act(() => ids.atMob, '/business-id', { metaBusinessId: 'abc' }),
    status: 422,
  },
  {
    name: 'business ID at the wrong step',
    send: act(() => ids.atMob, '/business-id', { metaBusinessId: '1234567890' }),
    status: 422,
  },
  // Reads, cancel, events, other updates.
  { name: 'unknown migration', send: () => call(api, 'GET', path('port-in:+4915000000000')), status: 404 },
  { name: 'malformed migration ID', send: () => call(api, 'GET', path('not-a-migration')), status: 404 },
  { name: 'API key of a running migration', send: () => call(api, 'GET', path(ids.atPin, '/api-key')), status: 409 },
  {
    name: 'cancel an unknown migration',
    send: act(() => 'port-in:+4915000000000', '/cancel', { reason: 'customer withdrew' }),
    status: 404,
  },
  { name: 'cancel without a reason', send: act(() => ids.atMob, '/cancel', {}), status: 422 },
  {
    name: 'event for an unknown migration',
    send: act(() => 'port-in:+4915000000000', '/events/mob-accepted', {}),
    status: 404,
  },
  { name: 'unknown event type', send: act(() => ids.atMob, '/events/number-teleported', {}), status: 404 },
  {
    name: 'subscription cancel on a port-in (wrong kind)',
    send: act(() => ids.atPin, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }),
    status: 409,
  },
  {
    name: 'subscription cancel without confirm',
    send: act(() => ids.portOut, '/subscription/cancel', { confirmedBy: 'a@b.c' }),
    status: 422,
  },
  {
    name: 'subscription cancel at the wrong step',
    send: act(() => ids.portOut, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }),
    status: 422,
  },
  {
    name: 'confirm a different number list',
    send: act(() => ids.change, '/numbers/confirm', { phoneNumbers: ['+4915199999999'] }),
    status: 422,
  },
  {
    name: 'permissions with an empty selection',
    send: act(() => ids.change, '/numbers/permissions', { phoneNumbers: [] }),
    status: 422,
  },
  { name: 'list with an unknown kind', send: () => call(api, 'GET', '/v1/migrations?kind=teleport'), status: 422 },
  { name: 'list with a page size of 1000', send: () => call(api, 'GET', '/v1/migrations?pageSize=1000'), status: 422 },
  { name: 'unknown API version', send: () => call(api, 'POST', '/v2/port-ins', portInBody()), status: 404 },
  // Port-out: keeping the subscription.
  {
    name: 'keep the subscription without declinedBy',
    send: act(() => ids.portOut, '/subscription/keep', {}),
    status: 422,
  },
  {
    name: 'keep the subscription, blank declinedBy',
    send: act(() => ids.portOut, '/subscription/keep', { declinedBy: ' ' }),
    status: 422,
  },
  {
    name: 'keep the subscription, unknown field',
    send: act(() => ids.portOut, '/subscription/keep', { declinedBy: 'a@b.c', cancel: true }),
    status: 422,
  },
  {
    name: 'keep the subscription at the wrong step',
    send: act(() => ids.portOut, '/subscription/keep', { declinedBy: 'a@b.c' }),
    status: 422,
  },
  {
    name: 'keep the subscription of a port-in (wrong kind)',
    send: act(() => ids.atPin, '/subscription/keep', { declinedBy: 'a@b.c' }),
    status: 409,
  },
  {
    name: 'keep the subscription of an unknown migration',
    send: act(() => 'port-out:+4915000000000', '/subscription/keep', { declinedBy: 'a@b.c' }),
    status: 404,
  },
  // Partner change: its view and the partner's decision.
  {
    name: 'partner-change view of a port-in (wrong kind)',
    send: () => call(api, 'GET', path(ids.atPin, '/partner-change')),
    status: 409,
  },
  {
    name: 'partner-change view of an unknown migration',
    send: () => call(api, 'GET', path('partner-change:waba-unknown-corpus', '/partner-change')),
    status: 404,
  },
  {
    name: 'partner decision "maybe"',
    send: act(() => ids.change, '/events/partner-decision', { status: 'maybe' }),
    status: 422,
  },
  {
    name: 'partner decision without status',
    send: act(() => ids.change, '/events/partner-decision', { reason: 'why not' }),
    status: 422,
  },
  {
    name: 'partner decision with a 501-character reason',
    send: act(() => ids.change, '/events/partner-decision', { status: 'rejected', reason: 'x'.repeat(501) }),
    status: 422,
  },
  {
    name: 'partner decision with an unsafe event ID',
    send: act(() => ids.change, '/events/partner-decision', { status: 'completed', eventId: 'a b/c' }),
    status: 422,
  },
  {
    name: 'partner decision for a port-out (wrong kind)',
    send: act(() => ids.portOut, '/events/partner-decision', { status: 'completed' }),
    status: 409,
  },
  // Fact events with bad bodies (the body is optional, but must be { eventId? } when given).
  {
    name: 'number-left with an unknown field',
    send: act(() => ids.portOut, '/events/number-left', { left: true }),
    status: 422,
  },
  {
    name: 'number-left with an event ID of 65 characters',
    send: act(() => ids.portOut, '/events/number-left', { eventId: 'e'.repeat(65) }),
    status: 422,
  },
  {
    name: 'number-left for a partner change (wrong kind)',
    send: act(() => ids.change, '/events/number-left', {}),
    status: 409,
  },
  {
    name: 'two-factor-disabled with a numeric event ID',
    send: act(() => ids.portOut, '/events/two-factor-disabled', { eventId: 42 }),
    status: 422,
  },
  {
    name: 'two-factor-disabled with a body that is an array',
    send: act(() => ids.portOut, '/events/two-factor-disabled', ['x']),
    status: 422,
  },
  {
    name: 'company-info-completed with an event ID with spaces',
    send: act(() => ids.change, '/events/company-info-completed', { eventId: 'not safe' }),
    status: 422,
  },
  {
    name: 'company-info-completed for a port-in (wrong kind)',
    send: act(() => ids.atPin, '/events/company-info-completed', {}),
    status: 409,
  },
  {
    name: 'payment-method-added with an unknown field',
    send: act(() => ids.change, '/events/payment-method-added', { card: '4111111111111111' }),
    status: 422,
  },
  {
    name: 'payment-method-added as malformed JSON',
    send: () =>
      raw('POST', path(ids.change, '/events/payment-method-added'), '{"eventId":', {
        'content-type': 'application/json',
      })(),
    status: 400,
  },
  // Webhooks.
  {
    name: 'webhook with a bad signature',
    send: () => webhook(api, 'not-the-secret-at-all', { event: 'channel_running', phone_number: phone }),
    status: 401,
  },
  {
    name: 'webhook without signature',
    send: () =>
      request(api, {
        method: 'POST',
        url: '/v1/webhooks/360dialog',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ event: 'channel_running', phone_number: phone }),
      }),
    status: 401,
  },
  {
    name: 'webhook with a stale timestamp',
    send: () =>
      webhook(
        api,
        api.stack.config.WEBHOOK_SIGNING_SECRET,
        { event: 'channel_running', phone_number: phone },
        { timestamp: 1_000_000_000 },
      ),
    status: 401,
  },
  // Correctly signed webhooks whose body is malformed.
  {
    name: 'signed webhook without an event',
    send: () => webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { phone_number: phone }),
    status: 422,
  },
  {
    name: 'signed webhook with a numeric event',
    send: () => webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { event: 42, phone_number: phone }),
    status: 422,
  },
  {
    name: 'signed webhook with an invalid phone number',
    send: () =>
      webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { event: 'channel_running', phone_number: 'abc' }),
    status: 422,
  },
  {
    name: 'signed webhook that is a JSON array',
    send: () => signedRaw(JSON.stringify([{ event: 'channel_running', phone_number: phone }])),
    status: 422,
  },
  {
    name: 'signed webhook that is not JSON',
    send: () => signedRaw('{"event":"channel_running","phone_number":'),
    status: 400,
  },
];

test(`the corpus has at least 50 invalid requests (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
});

test('every invalid request gets its specific 4xx and changes nothing', async () => {
  const before = await snapshot();
  expect(before.workflows).toEqual(Object.values(ids).sort()); // visibility lists the parked migrations, nothing else
  const answers: string[] = [];
  const mismatches: string[] = [];
  const byStatus: Record<number, number> = {};
  for (const c of cases) {
    const res = await c.send();
    answers.push(`${res.statusCode} ${c.name}: ${res.body.slice(0, 160)}`);
    if (res.statusCode !== c.status) {
      mismatches.push(`${c.name}: expected ${c.status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      continue;
    }
    const problem = expectProblem(res, c.status, String(res.json().type).replace('/problems/', ''));
    expect(problem.detail ?? problem.title).toBeTruthy();
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  }
  // Visibility is eventually consistent: a start made by the corpus might not be listed yet. A
  // marker started after the corpus is listed once visibility caught up; then only it may be new.
  const marker = (await call(api, 'POST', '/v1/port-ins', await preparedPortIn())).json().migrationId as string;
  const after = await snapshot(marker);
  await call(api, 'POST', path(marker, '/cancel'), { reason: 'corpus marker, no longer needed' });
  process.stdout.write(`bad-input corpus: ${cases.length} requests answered:\n${answers.join('\n')}\n`);
  const statuses = Object.entries(byStatus)
    .map(([st, n]) => `${n}x ${st}`)
    .join(', ');
  process.stdout.write(
    `bad inputs: ${cases.length} tried, ${cases.length - mismatches.length} answered with their specific 4xx (${statuses}); ` +
      `${after.workflows.length - before.workflows.length - 1} workflows started by them (visibility caught up: the marker started after them is listed)\n`,
  );
  expect(mismatches).toEqual([]);
  expect(after).toEqual({ ...before, workflows: [...before.workflows, marker].sort() });
}, 120_000);

/**
 * What must not change: workflows on this task queue (IDs, as visibility lists them once it shows
 * `until`, or the parked ones), history of the parked ones, simulator effects for their numbers and
 * WABAs (scoped, because other suites share the simulator in parallel).
 */
async function snapshot(until?: string) {
  const client = api.stack.client;
  const listed = async () => {
    const found: string[] = [];
    for await (const wf of client.workflow.list({ query: `TaskQueue = "${api.stack.config.TEMPORAL_TASK_QUEUE}"` }))
      found.push(wf.workflowId);
    return found.sort();
  };
  const deadline = Date.now() + 20_000;
  let workflows = await listed();
  while (!workflows.includes(until ?? ids.change) || workflows.length < Object.keys(ids).length) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
    workflows = await listed();
  }
  const histories = await Promise.all(
    Object.values(ids).map(async (id) => (await client.workflow.getHandle(id).describe()).historyLength),
  );
  const c = await sim.counters();
  return {
    workflows,
    histories,
    codes: c.codesSentByNumber[phone],
    keys: c.apiKeysMintedByNumber[phone],
    pcrs: [c.pcrsCreatedByWaba[changeWabaId], c.pcrsCreatedByWaba['w1']],
  };
}
