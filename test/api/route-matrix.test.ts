/**
 * Every route, every status: table-driven requests over real HTTP against the real stack. Generic
 * rows come from Fastify's own route list (no token, bad bodies, unknown IDs, the wrong kind of
 * migration); flows drive port-ins, port-outs, partner changes and batches to the states where each
 * success and conflict happens. The last test reads what the API logged and checks that every
 * route answered each status it declares (but 429/503, proven in http.test.ts) and nothing else.
 */
import { registeredRoutes } from '../../api/route-table';
import { TOKEN, call, expectProblem, request, startApi, webhook, type ApiStack } from './api-fixtures';
import {
  BATCH_ROUTES,
  BODY_LIMITS,
  DEFAULT_BODY_LIMIT,
  ID_ROUTES,
  batchUrlFor,
  otherKind,
  unknownId,
  urlFor,
} from './route-table-fixtures';
import { batchFlows, entityFlows, partnerChangeFlows, portInFlows, portOutFlows } from './route-matrix-flows';
import { StatusLog } from './status-log';

const log = new StatusLog();
let api: ApiStack;
beforeAll(async () => {
  // A short API-key pickup window, so the port-in flow sees the key handed out and then refused.
  api = await startApi({ logger: log.logger }, { API_KEY_PICKUP_WINDOW: '4s' });
});
afterAll(async () => {
  await api?.close();
});

const routes = () => registeredRoutes(api.app).filter((r) => !r.hidden);
const WEBHOOK = '/v1/webhooks/360dialog';
const sampleUrl = (pattern: string) => batchUrlFor(urlFor(pattern, 'port-in:+4915100000000'), 'route-matrix-sample');

test('the table knows every route on one migration', () => {
  const idRoutes = routes().filter((r) => r.url.includes(':id'));
  expect(idRoutes.map((r) => r.url).sort()).toEqual(Object.keys(ID_ROUTES).sort());
  for (const r of idRoutes)
    expect({ url: r.url, method: r.method }).toMatchObject({ method: ID_ROUTES[r.url]?.method });
});

test('the table knows every route on one batch', () => {
  const batchRoutes = routes().filter((r) => r.url.includes(':batchId'));
  expect(batchRoutes.map((r) => r.url).sort()).toEqual(Object.keys(BATCH_ROUTES).sort());
  for (const r of batchRoutes)
    expect({ url: r.url, method: r.method }).toMatchObject({ method: BATCH_ROUTES[r.url]?.method });
});

test('every authenticated route refuses a call without a token (401); the webhook one without a signature', async () => {
  for (const r of routes().filter((x) => x.url.startsWith('/v1/'))) {
    const res = await request(api, { method: r.method, url: sampleUrl(r.url) });
    expectProblem(res, 401, r.url === WEBHOOK ? 'invalid-signature' : 'unauthorized');
  }
});

test('every route with a body: 415 not JSON, 400 broken JSON, 413 over its limit (64 KiB, a batch start 4 MiB), 422 failing its schema', async () => {
  const posts = routes().filter((r) => r.method === 'POST');
  expect(posts.length).toBeGreaterThanOrEqual(18);
  // The routes with a limit of their own are exactly the known exceptions.
  const own = posts.filter((r) => r.bodyLimit !== undefined).map((r) => [r.url, r.bodyLimit]);
  expect(Object.fromEntries(own)).toEqual(BODY_LIMITS);
  for (const r of posts) {
    const url = sampleUrl(r.url);
    // The webhook is signed instead of authenticated: its body is parsed before the signature check.
    const auth: Record<string, string> = r.url === WEBHOOK ? {} : { authorization: `Bearer ${TOKEN}` };
    const send = (headers: Record<string, string>, payload: string) =>
      request(api, { method: 'POST', url, headers: { ...auth, ...headers }, payload });
    expectProblem(await send({ 'content-type': 'text/plain' }, '{}'), 415, 'unsupported-media-type');
    expectProblem(await send({ 'content-type': 'application/json' }, '{"a":'), 400, 'malformed-request');
    const limit = BODY_LIMITS[r.url] ?? DEFAULT_BODY_LIMIT;
    const huge = JSON.stringify({ padding: 'x'.repeat(limit + 6 * 1024) });
    expectProblem(await send({ 'content-type': 'application/json' }, huge), 413, 'payload-too-large');
    if (limit > DEFAULT_BODY_LIMIT) {
      // Past the app's 64 KiB the route still reads the body: its schema refuses the padding.
      const large = await call(api, 'POST', url, { padding: 'x'.repeat(DEFAULT_BODY_LIMIT + 6 * 1024) });
      expect({
        route: r.url,
        fields: expectProblem(large, 422, 'validation-error').errors?.map((e) => e.field),
      }).toEqual({
        route: r.url,
        fields: expect.arrayContaining(['padding']),
      });
    }
    const invalid =
      r.url === WEBHOOK
        ? await webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { surprise: 1 })
        : await call(api, 'POST', url, { surprise: 1 });
    const errors = expectProblem(invalid, 422, 'validation-error').errors ?? [];
    // Each field problem is named: the unknown key, or (webhook) the missing event name.
    expect({ route: r.url, fields: errors.map((e) => e.field) }).toEqual({
      route: r.url,
      fields: expect.arrayContaining([r.url === WEBHOOK ? 'event' : expect.any(String)]),
    });
  }
});

test('an ID that names no migration: 404 on every route on one migration', async () => {
  for (const [pattern, route] of Object.entries(ID_ROUTES)) {
    const id = unknownId(route.kinds?.[0] ?? 'port-in');
    const res = await call(api, route.method, urlFor(pattern, id), route.body);
    const detail = expectProblem(res, 404, 'not-found').detail;
    expect({ pattern, detail }).toEqual({ pattern, detail: `migration ${id} not found` });
  }
});

test('a batch ID that names no batch: 404 on every route on one batch; one that cannot be a batch ID too', async () => {
  for (const [pattern, route] of Object.entries(BATCH_ROUTES)) {
    const batchId = `route-matrix-none-${Date.now()}`;
    const res = await call(api, route.method, batchUrlFor(pattern, batchId), route.body);
    expect({ pattern, detail: expectProblem(res, 404, 'not-found').detail }).toEqual({
      pattern,
      detail: `batch ${batchId} not found`,
    });
    const bad = await call(api, route.method, batchUrlFor(pattern, 'not a batch!'), route.body);
    expect({ pattern, detail: expectProblem(bad, 404, 'not-found').detail }).toEqual({
      pattern,
      detail: 'no batch has this ID',
    });
  }
});

test('a command for another kind of migration: 409 before anything reaches Temporal', async () => {
  const rows = Object.entries(ID_ROUTES).filter(([p, r]) => otherKind(r) && !p.endsWith('/api-key'));
  expect(rows.length).toBeGreaterThanOrEqual(14);
  for (const [pattern, route] of rows) {
    const res = await call(api, route.method, urlFor(pattern, unknownId(otherKind(route) ?? 'port-in')), route.body);
    expect({ pattern, problem: expectProblem(res, 409, 'conflict') }).toMatchObject({
      problem: { detail: expect.stringMatching(/port-in|port-out|partner-change/) },
    });
  }
});

test('list, health and webhook successes; a bad list query is 422', async () => {
  expect((await call(api, 'GET', '/v1/migrations?kind=port-in&pageSize=1')).statusCode).toBe(200);
  expectProblem(await call(api, 'GET', '/v1/migrations?pageSize=0'), 422, 'validation-error');
  expect((await request(api, { method: 'GET', url: '/health' })).statusCode).toBe(200);
  expect((await request(api, { method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  const hook = await webhook(api, api.stack.config.WEBHOOK_SIGNING_SECRET, { event: 'template_status_update' });
  expect({ status: hook.statusCode, body: hook.json() }).toEqual({ status: 200, body: { status: 'ignored' } });
});

test('port-in: PIN, resend, facts, corrected Business ID, API key; conflicts once it ended', async () => {
  await portInFlows(api);
}, 120_000);

test('port-out: starts, facts, subscription cancelled or kept; conflicts once it ended', async () => {
  await portOutFlows(api);
}, 120_000);

test('partner change: review, facts, confirmation (also of a changed list), permissions; conflicts once it ended', async () => {
  await partnerChangeFlows(api);
}, 120_000);

test('batches: start and its repeat, progress, items, pause, resume, retry, cancel; refusals; conflicts once closed', async () => {
  await batchFlows(api);
}, 120_000);

test('numbers and WABAs: held by a running port-out, unknown ones known: false, a bad path 400', async () => {
  await entityFlows(api);
}, 60_000);

test('every route answered each status it declares (but 429/503) and no status it does not declare', () => {
  const observed = log.observed();
  const gaps: string[] = [];
  const undeclared: string[] = [];
  for (const r of routes()) {
    const key = `${r.method} ${r.url}`;
    const seen = observed.get(key) ?? new Set<number>();
    for (const s of r.statuses) if (!['429', '503'].includes(s) && !seen.has(Number(s))) gaps.push(`${key} ${s}`);
    for (const s of seen) if (!r.statuses.includes(String(s))) undeclared.push(`${key} ${s}`);
  }
  expect({ gaps, undeclared }).toEqual({ gaps: [], undeclared: [] });
});
