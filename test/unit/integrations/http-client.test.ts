/**
 * The shared HttpClient over real loopback HTTP: URL building (base path kept, IDs encoded, query),
 * timeouts and refused connections as transient errors, a caller's abort, and upstream text
 * scrubbed of credentials and per-request secrets before it reaches a classifier.
 */
import { createServer } from 'node:net';
import { z } from 'zod';
import { classifyByStatus, HttpClient, path, type FailedResponse } from '../../../integrations/http';
import type { OutsideCall } from '../../../observability/metrics';
import { startHttpStub, type HttpStub } from '../support/http-stub';
import { upstreamFailure } from '../support/upstream';

const SECRET = 'credential-abcdef';
let stub: HttpStub;
let seen: FailedResponse[];

const client = (baseUrl: string, timeoutMs = 2000) =>
  new HttpClient({
    service: 'support-desk',
    baseUrl,
    headers: { authorization: `Bearer ${SECRET}` },
    timeoutMs,
    secrets: [SECRET],
    classify: (res) => {
      seen.push(res);
      return classifyByStatus('support-desk', res, res.text);
    },
  });

beforeAll(async () => {
  stub = await startHttpStub();
});
beforeEach(() => {
  seen = [];
});
afterEach(() => stub.reset());
afterAll(() => stub.close());

test('path`` encodes every interpolated segment and keeps the template without them (metrics)', () => {
  const p = path`/a/${'x/y'}/b/${'ü ?#'}`;
  expect(String(p)).toBe('/a/x%2Fy/b/%C3%BC%20%3F%23');
  expect(p.route).toBe('/a/{}/b/{}');
});

test('base path is kept, query values set, undefined ones dropped; accept and JSON headers sent', async () => {
  stub.answer({ body: { n: 1 } });
  const n = await client(`${stub.url}/base/v2/`).request({
    method: 'PUT',
    path: '/things',
    query: { a: '1 2', b: undefined },
    body: { x: 1 },
    schema: z.object({ n: z.number() }),
  });
  expect(n).toEqual({ n: 1 });
  const req = stub.only();
  expect([req.method, req.path, req.query.toString()]).toEqual(['PUT', '/base/v2/things', 'a=1+2']);
  expect(req.headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json' });
  expect(req.headers['idempotency-key']).toBeUndefined();
});

test('an empty 2xx body is parsed as {} by the schema', async () => {
  stub.answer({ status: 204 });
  await expect(client(stub.url).request({ method: 'POST', path: '/x', schema: z.object({}) })).resolves.toEqual({});
});

test('a hung response times out as transient TIMEOUT', async () => {
  stub.answer({ hang: true });
  const err = await upstreamFailure(
    client(stub.url, 200).request({ method: 'GET', path: '/slow', schema: z.unknown() }),
  );
  expect([err.errorClass, err.reason, err.retryable]).toEqual(['transient', 'TIMEOUT', true]);
  expect(err.message).toBe('support-desk: GET /slow: no response within 200 ms');
});

test('a refused connection is transient NETWORK', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const err = await upstreamFailure(
    client(`http://127.0.0.1:${port}`).request({ method: 'GET', path: '/x', schema: z.unknown() }),
  );
  expect([err.errorClass, err.reason]).toEqual(['transient', 'NETWORK']);
  expect(err.message).not.toContain(SECRET);
});

test("the caller's abort ends the request without being called a timeout", async () => {
  stub.answer({ hang: true });
  const caller = new AbortController();
  const pending = client(stub.url).request({ method: 'GET', path: '/x', schema: z.unknown(), signal: caller.signal });
  setTimeout(() => caller.abort(), 50);
  const err = await upstreamFailure(pending);
  expect([err.reason, err.message]).toEqual(['NETWORK', 'support-desk: GET /x: aborted by caller']);
});

test('the classifier sees scrubbed, truncated text, a parsed body and the request label', async () => {
  const long = `token ${SECRET}; code 731904; ${'x'.repeat(1000)}`;
  stub.answer({ status: 400, body: { error: long } });
  await upstreamFailure(
    client(stub.url).request({ method: 'POST', path: '/verify', schema: z.unknown(), secrets: ['731904'] }),
  );
  const [res] = seen;
  expect(res?.request).toBe('POST /verify');
  expect(res?.text.length).toBe(500);
  expect(res?.text).not.toMatch(new RegExp(`${SECRET}|731904`));
  expect(res?.scrub(`again ${SECRET}`)).toBe('again [redacted]');
  expect((res?.body as { error: string }).error).toBe(long);
});

test('every finished call is observed once: the path template, never its IDs, and the outcome class', async () => {
  const calls: OutsideCall[] = [];
  const observed = new HttpClient({
    service: '360dialog',
    baseUrl: `${stub.url}/api/v2`,
    headers: {},
    timeoutMs: 300,
    secrets: [],
    classify: (res) => classifyByStatus('360dialog', res, res.text),
    observe: (call) => calls.push(call),
  });
  stub.answer({ body: {} });
  await observed.request({ method: 'GET', path: path`/partners/${'p-1'}/channels`, schema: z.object({}) });
  stub.answer({ status: 429, body: {} });
  await expect(observed.request({ method: 'POST', path: '/tokens', schema: z.object({}) })).rejects.toThrow();
  stub.answer({ hang: true });
  await expect(
    observed.request({ method: 'GET', path: path`/channels/${'c-9'}`, schema: z.object({}) }),
  ).rejects.toThrow();
  expect(calls.map(({ seconds: _, ...rest }) => rest)).toEqual([
    { service: '360dialog', operation: 'GET /partners/{}/channels', outcome: 'ok' },
    { service: '360dialog', operation: 'POST /tokens', outcome: 'rate-limited' },
    { service: '360dialog', operation: 'GET /channels/{}', outcome: 'transient' },
  ]);
  expect(calls[2]?.seconds).toBeGreaterThanOrEqual(0.29);
});
