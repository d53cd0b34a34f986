/**
 * The support-desk adapter, the callback sender and the website check against a local HTTP stub:
 * paths, bearer token, Idempotency-Keys on tickets and comments, Zendesk statuses folded, callback
 * signatures a receiver can verify, and error answers classified without the credentials.
 */
import { HttpCallbackSender, verifySignature } from '../../../integrations/callbacks';
import { SupportDeskAdapter } from '../../../integrations/support-desk';
import { HttpWebsiteChecker } from '../../../integrations/website';
import { startHttpStub, type HttpStub } from '../support/http-stub';
import { classOf, upstreamFailure } from '../support/upstream';

const TOKEN = 'support-desk-token-42';
const SIGNING_SECRET = 'callback-signing-secret-xyz';
let stub: HttpStub;
let desk: SupportDeskAdapter;

beforeAll(async () => {
  stub = await startHttpStub();
  desk = new SupportDeskAdapter({ baseUrl: `${stub.url}/api`, token: TOKEN, timeoutMs: 2000 });
});
afterEach(() => stub.reset());
afterAll(() => stub.close());

const ticket = (id: string | number, status: string) => ({ ticket: { id, status, topic: 'port-in' } });

test('createTicket posts the Zendesk envelope with the Idempotency-Key and bearer token', async () => {
  stub.answer({ status: 201, body: ticket(17, 'new') });
  const t = await desk.createTicket({
    idempotencyKey: 'port-in:+49:run1:AWAITING_PIN:L1',
    topic: 'port-in',
    subject: 'PIN overdue',
    body: 'no PIN after 1 h',
    tags: ['wa-migration'],
  });
  expect(t).toEqual({ id: '17', status: 'open', topic: 'port-in' });
  const req = stub.only();
  expect(req).toMatchObject({ method: 'POST', path: '/api/tickets' });
  expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(req.headers['idempotency-key']).toBe('port-in:+49:run1:AWAITING_PIN:L1');
  expect(req.json).toEqual({
    ticket: { topic: 'port-in', subject: 'PIN overdue', comment: { body: 'no PIN after 1 h' }, tags: ['wa-migration'] },
  });
});

test.each([
  ['new', 'open'],
  ['open', 'open'],
  ['pending', 'pending'],
  ['hold', 'pending'],
  ['solved', 'solved'],
  ['closed', 'solved'],
])('Zendesk status %s reads as %s', async (wire, status) => {
  stub.answer({ body: ticket('t/1', wire) });
  expect((await desk.getTicket('t/1')).status).toBe(status);
  expect(stub.only().path).toBe('/api/tickets/t%2F1');
});

test('addComment carries its Idempotency-Key', async () => {
  stub.answer({ body: {} });
  await desk.addComment({ ticketId: '17', body: 'still waiting', idempotencyKey: 'comment:17:1' });
  expect(stub.only()).toMatchObject({ path: '/api/tickets/17/comments', json: { comment: { body: 'still waiting' } } });
  expect(stub.only().headers['idempotency-key']).toBe('comment:17:1');
});

test('support-desk errors: Zendesk bodies, status classes, no token in the message', async () => {
  stub.answer(
    { status: 401, body: { error: 'Couldn’t authenticate you', description: `token ${TOKEN} invalid` } },
    { status: 404, body: { error: { title: 'RecordNotFound' } } },
    { status: 429, body: 'slow down', headers: { 'retry-after': '4' } },
  );
  const auth = await upstreamFailure(desk.getTicket('1'));
  expect(classOf(auth)).toEqual({ service: 'support-desk', errorClass: 'permission', reason: 'INVALID_CREDENTIALS' });
  expect(auth.message).not.toContain(TOKEN);
  const missing = await upstreamFailure(desk.getTicket('1'));
  expect([missing.reason, missing.message]).toEqual(['NOT_FOUND', expect.stringContaining('RecordNotFound')]);
  const limited = await upstreamFailure(desk.getTicket('1'));
  expect([limited.errorClass, limited.retryAfterMs]).toEqual(['rate-limited', 4000]);
});

test('a callback is POSTed to the exact URL with a signature the receiver can verify', async () => {
  const sender = new HttpCallbackSender({ signingSecret: SIGNING_SECRET, timeoutMs: 2000 });
  const event = { id: 'ev-1', type: 'migration.completed', migrationId: 'port-in:+49', occurredAt: 'now', data: {} };
  stub.answer({ status: 204 });
  await sender.send(`${stub.url}/hooks/wa?tenant=7`, event);
  const req = stub.only();
  expect(req).toMatchObject({ method: 'POST', path: '/hooks/wa', json: event });
  expect(req.query.get('tenant')).toBe('7');
  expect(req.headers['x-event-id']).toBe('ev-1');
  const signed = { body: req.body, timestamp: String(req.headers['x-signature-timestamp']) };
  const signature = String(req.headers['x-signature']);
  expect(verifySignature({ secret: SIGNING_SECRET, signature, ...signed })).toBe(true);
  expect(verifySignature({ secret: 'another-secret-value', signature, ...signed })).toBe(false);
  expect(req.body).not.toContain(SIGNING_SECRET);

  stub.reset();
  stub.answer({ status: 410, body: 'gone' });
  const err = await upstreamFailure(sender.send(`${stub.url}/hooks/wa`, event));
  expect(classOf(err)).toEqual({ service: 'callback', errorClass: 'input', reason: 'BAD_REQUEST' });
});

test('website check: 2xx and 3xx are live, 5xx, a bad URL and a hang are not', async () => {
  const checker = new HttpWebsiteChecker({ timeoutMs: 300 });
  stub.answer({ status: 200, body: 'ok' }, { status: 301, headers: { location: '/elsewhere' } }, { status: 503 });
  expect(await checker.isLive(`${stub.url}/`)).toEqual({ live: true, detail: 'HTTP 200' });
  expect(await checker.isLive(`${stub.url}/`)).toEqual({ live: true, detail: 'HTTP 301' });
  expect(await checker.isLive(`${stub.url}/`)).toEqual({ live: false, detail: 'HTTP 503' });
  expect(stub.requests).toHaveLength(3); // the redirect was not followed
  expect(await checker.isLive('ftp://example.com')).toMatchObject({ live: false, detail: /not an http/ });
  stub.answer({ hang: true });
  expect(await checker.isLive(`${stub.url}/slow`)).toEqual({ live: false, detail: 'no response within 300 ms' });
});
