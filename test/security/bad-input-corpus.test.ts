/**
 * A corpus of invalid requests across every endpoint, update and signal. Each gets a specific 4xx
 * problem+json and NOTHING is started or changed: no new workflow on this test's task queue, no
 * history event on the parked migrations, no simulator effect for their numbers.
 */
import { PortInStep } from '../../contracts/port-in';
import { call, expectProblem, path, portInBody, preparedPortIn, request, sim, startApi, TOKEN, waitFor, webhook, type ApiStack, type Res } from '../api/api-fixtures';
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
  ids.portOut = (await call(api, 'POST', '/v1/port-outs', { phoneNumber: outWaba.channels[0]?.e164, wabaId: outWaba.wabaId, timings: { pollEvery: '200ms' } })).json().migrationId;
  const changeWaba = await seedWaba(sim, { count: 2 });
  changeWabaId = changeWaba.wabaId;
  ids.change = (await call(api, 'POST', '/v1/partner-changes', { wabaId: changeWaba.wabaId, destinationPartnerId: 'DESTCORPUS1PA', timings: { pollEvery: '200ms' } })).json().migrationId;
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
const pin = (p: unknown, id = () => ids.atPin) => act(id, '/pin', { pin: p });

const cases: Case[] = [
  // Starting a port-in: every field, malformed bodies, auth.
  { name: 'no phone number', send: without('phoneNumber'), status: 422 },
  { name: 'number without +', send: start(portInBody({ phoneNumber: '4915123456789' })), status: 422 },
  { name: 'letters in the number', send: start(portInBody({ phoneNumber: '+49151ABC4567' })), status: 422 },
  { name: 'number too short', send: start(portInBody({ phoneNumber: '+49123' })), status: 422 },
  { name: 'number too long', send: start(portInBody({ phoneNumber: '+4915123456789012345' })), status: 422 },
  { name: 'trunk 0 after the country code', send: start(portInBody({ phoneNumber: '+49 0151 23456789' })), status: 422 },
  { name: 'unknown country code', send: start(portInBody({ phoneNumber: '+999 1234 5678' })), status: 422 },
  { name: 'Brazil: 9-digit subscriber not starting with 9', send: start(portInBody({ phoneNumber: '+55 11 8765 43210' })), status: 422 },
  { name: 'Brazil: invalid area code', send: start(portInBody({ phoneNumber: '+55 10 98765 4321' })), status: 422 },
  { name: 'Brazil: 7 subscriber digits', send: start(portInBody({ phoneNumber: '+55 11 8765 432' })), status: 422 },
  { name: 'number as a JSON number', send: start(portInBody({ phoneNumber: 4915123456789 })), status: 422 },
  { name: 'no WABA ID', send: without('wabaId'), status: 422 },
  { name: 'empty WABA ID', send: start(portInBody({ wabaId: '' })), status: 422 },
  { name: 'Meta Business ID with letters', send: start(portInBody({ metaBusinessId: '12ab' })), status: 422 },
  { name: 'no Meta Business ID', send: without('metaBusinessId'), status: 422 },
  { name: 'website is not a URL', send: start(portInBody({ businessWebsite: 'my shop' })), status: 422 },
  { name: 'website with ftp://', send: start(portInBody({ businessWebsite: 'ftp://example.com' })), status: 422 },
  { name: 'admin access not attested', send: start(portInBody({ attestations: { adminAccess: false, phoneAccess: true } })), status: 422 },
  { name: 'phone access not attested', send: start(portInBody({ attestations: { adminAccess: true, phoneAccess: false } })), status: 422 },
  { name: 'no attestations', send: without('attestations'), status: 422 },
  { name: 'code method EMAIL', send: start(portInBody({ codeMethod: 'EMAIL' })), status: 422 },
  { name: 'callback URL not a URL', send: start(portInBody({ callbackUrl: 'call me' })), status: 422 },
  { name: 'timing that is not a duration', send: start(portInBody({ timings: { pinEscalateAfter: 'soon' } })), status: 422 },
  { name: 'negative max PIN attempts', send: start(portInBody({ timings: { maxPinAttempts: -1 } })), status: 422 },
  { name: 'porting window in the past', send: start(portInBody({ portingWindowStart: '2020-01-01T00:00:00Z' })), status: 422 },
  { name: 'porting window not a date', send: start(portInBody({ portingWindowStart: 'tomorrow' })), status: 422 },
  { name: 'body is an array', send: start([portInBody()]), status: 422 },
  { name: 'body is a string', send: start('hello'), status: 422 },
  { name: 'malformed JSON', send: raw('POST', '/v1/port-ins', '{"phoneNumber": ', { 'content-type': 'application/json' }), status: 400 },
  { name: 'empty JSON body', send: raw('POST', '/v1/port-ins', '', { 'content-type': 'application/json' }), status: 400 },
  { name: 'wrong content type', send: raw('POST', '/v1/port-ins', JSON.stringify(portInBody()), { 'content-type': 'text/plain' }), status: 415 },
  { name: 'form-encoded body', send: raw('POST', '/v1/port-ins', 'phoneNumber=%2B49151', { 'content-type': 'application/x-www-form-urlencoded' }), status: 415 },
  { name: 'oversized body', send: raw('POST', '/v1/port-ins', JSON.stringify({ ...portInBody(), pad: 'x'.repeat(2_000_000) }), { 'content-type': 'application/json' }), status: 413 },
  { name: 'no bearer token', send: () => request(api, { method: 'POST', url: '/v1/port-ins', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(portInBody()) }), status: 401 },
  { name: 'wrong bearer token', send: () => call(api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Bearer nope' }), status: 401 },
  { name: 'basic auth instead of bearer', send: () => call(api, 'POST', '/v1/port-ins', portInBody(), { authorization: 'Basic dXNlcjpwYXNz' }), status: 401 },
  // Other starts.
  { name: 'port-out: invalid number', send: () => call(api, 'POST', '/v1/port-outs', { phoneNumber: '12345', wabaId: 'w' }), status: 422 },
  { name: 'port-out: no WABA', send: () => call(api, 'POST', '/v1/port-outs', { phoneNumber: '+4915123456789' }), status: 422 },
  { name: 'partner change: no destination partner', send: () => call(api, 'POST', '/v1/partner-changes', { wabaId: 'w1' }), status: 422 },
  { name: 'partner change: no WABA', send: () => call(api, 'POST', '/v1/partner-changes', { destinationPartnerId: 'X1PA' }), status: 422 },
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
  { name: 'business ID with letters', send: act(() => ids.atMob, '/business-id', { metaBusinessId: 'abc' }), status: 422 },
  { name: 'business ID at the wrong step', send: act(() => ids.atMob, '/business-id', { metaBusinessId: '1234567890' }), status: 422 },
  // Reads, cancel, events, other updates.
  { name: 'unknown migration', send: () => call(api, 'GET', path('port-in:+4915000000000')), status: 404 },
  { name: 'malformed migration ID', send: () => call(api, 'GET', path('not-a-migration')), status: 404 },
  { name: 'API key of a running migration', send: () => call(api, 'GET', path(ids.atPin, '/api-key')), status: 409 },
  { name: 'cancel an unknown migration', send: act(() => 'port-in:+4915000000000', '/cancel', { reason: 'customer withdrew' }), status: 404 },
  { name: 'cancel without a reason', send: act(() => ids.atMob, '/cancel', {}), status: 422 },
  { name: 'event for an unknown migration', send: act(() => 'port-in:+4915000000000', '/events/mob-accepted', {}), status: 404 },
  { name: 'unknown event type', send: act(() => ids.atMob, '/events/number-teleported', {}), status: 404 },
  { name: 'subscription cancel on a port-in (wrong kind)', send: act(() => ids.atPin, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }), status: 409 },
  { name: 'subscription cancel without confirm', send: act(() => ids.portOut, '/subscription/cancel', { confirmedBy: 'a@b.c' }), status: 422 },
  { name: 'subscription cancel at the wrong step', send: act(() => ids.portOut, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }), status: 422 },
  { name: 'confirm a different number list', send: act(() => ids.change, '/numbers/confirm', { phoneNumbers: ['+4915199999999'] }), status: 422 },
  { name: 'permissions with an empty selection', send: act(() => ids.change, '/numbers/permissions', { phoneNumbers: [] }), status: 422 },
  { name: 'list with an unknown kind', send: () => call(api, 'GET', '/v1/migrations?kind=teleport'), status: 422 },
  { name: 'list with a page size of 1000', send: () => call(api, 'GET', '/v1/migrations?pageSize=1000'), status: 422 },
  { name: 'unknown API version', send: () => call(api, 'POST', '/v2/port-ins', portInBody()), status: 404 },
  // Webhooks.
  { name: 'webhook with a bad signature', send: () => webhook(api, 'not-the-secret-at-all', { event: 'channel_running', phone_number: phone }), status: 401 },
  { name: 'webhook without signature', send: () => request(api, { method: 'POST', url: '/v1/webhooks/360dialog', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ event: 'channel_running', phone_number: phone }) }), status: 401 },
  { name: 'webhook with a stale timestamp', send: () => webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { event: 'channel_running', phone_number: phone }, { timestamp: 1_000_000_000 }), status: 401 },
];

test(`the corpus has at least 50 invalid requests (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
});

test('every invalid request gets its specific 4xx and changes nothing', async () => {
  const before = await snapshot();
  const answers: string[] = [];
  const mismatches: string[] = [];
  for (const c of cases) {
    const res = await c.send();
    answers.push(`${res.statusCode} ${c.name}: ${res.body.slice(0, 160)}`);
    if (res.statusCode !== c.status) {
      mismatches.push(`${c.name}: expected ${c.status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      continue;
    }
    const problem = expectProblem(res, c.status, String(res.json().type).replace('/problems/', ''));
    expect(problem.detail ?? problem.title).toBeTruthy();
  }
  expect(mismatches).toEqual([]);
  expect(await snapshot()).toEqual(before);
  process.stdout.write(`bad-input corpus: ${cases.length} requests answered:\n${answers.join('\n')}\n`);
}, 120_000);

/**
 * What must not change: workflows on this task queue, history of the parked ones, simulator effects
 * for their numbers and WABAs (scoped, because other suites share the simulator in parallel).
 */
async function snapshot() {
  const client = api.stack.client;
  const workflows = await client.workflow.count(`TaskQueue = "${api.stack.config.TEMPORAL_TASK_QUEUE}"`);
  const histories = await Promise.all(Object.values(ids).map(async (id) => (await client.workflow.getHandle(id).describe()).historyLength));
  const c = await sim.counters();
  return { workflows: workflows.count, histories, codes: c.codesSentByNumber[phone], keys: c.apiKeysMintedByNumber[phone], pcrs: [c.pcrsCreatedByWaba[changeWabaId], c.pcrsCreatedByWaba['w1']] };
}
