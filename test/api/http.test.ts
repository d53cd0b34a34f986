/**
 * The HTTP layer on a real stack (the OpenAPI document: openapi.test.ts): bearer auth, request IDs, problem details for
 * malformed, oversized, wrongly typed and invalid requests, rate limiting, health and readiness.
 */
import { Client, Connection } from '@temporalio/client';
import { TOKEN, call, expectProblem, listen, path, portInBody, request, startApi, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

describe('authentication', () => {
  test.each([
    ['no Authorization header', {}, 'Bearer realm="wa-migrations"'],
    [
      'an unknown token',
      { authorization: 'Bearer not-the-token' },
      'Bearer realm="wa-migrations", error="invalid_token"',
    ],
    ['another scheme', { authorization: `Basic ${TOKEN}` }, 'Bearer realm="wa-migrations", error="invalid_token"'],
  ])('%s: 401 with WWW-Authenticate, before the body is even looked at', async (_name, headers, challenge) => {
    const res = await request(api, {
      method: 'POST',
      url: '/v1/port-ins',
      headers: { ...headers, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe(challenge);
  });

  test('health, readiness and the OpenAPI document need no token', async () => {
    expect((await request(api, { method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await request(api, { method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', namespace: api.stack.config.TEMPORAL_NAMESPACE });
  });
});

describe('request IDs and problem details', () => {
  test('a safe x-request-id is echoed, an unsafe one replaced, and problems carry it', async () => {
    const echoed = await call(api, 'GET', path('port-in:+4915100000000x'), undefined, {
      'x-request-id': 'trace-42.a:b',
    });
    expect(echoed.headers['x-request-id']).toBe('trace-42.a:b');
    expectProblem(echoed, 404, 'not-found');
    const replaced = await call(api, 'GET', '/health', undefined, { 'x-request-id': 'bad id "quoted" <script>' });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('malformed JSON is 400, a missing body 400, text/plain 415, an oversized body 413, unknown routes 404', async () => {
    const malformed = await call(api, 'POST', '/v1/port-ins', undefined, { 'content-type': 'application/json' });
    expectProblem(malformed, 400, 'malformed-request');
    const broken = await request(api, {
      method: 'POST',
      url: '/v1/port-ins',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: '{"phoneNumber":',
    });
    expect(expectProblem(broken, 400, 'malformed-request').detail).toMatch(/not valid JSON/);
    const text = await request(api, {
      method: 'POST',
      url: '/v1/port-ins',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expectProblem(text, 415, 'unsupported-media-type');
    const huge = await call(api, 'POST', '/v1/port-ins', { ...portInBody(), padding: 'x'.repeat(70 * 1024) });
    expectProblem(huge, 413, 'payload-too-large');
    expectProblem(await call(api, 'GET', '/v1/nothing-here'), 404, 'not-found');
  });

  test('invalid input is 422 with one message per field, and a PIN is never echoed', async () => {
    const res = await call(api, 'POST', '/v1/port-ins', {
      ...portInBody(),
      phoneNumber: '0151 2345678',
      metaBusinessId: 'abc',
      businessWebsite: 'ftp://example.com',
      attestations: { adminAccess: true, phoneAccess: false },
      codeMethod: 'FAX',
      timings: { pinEscalateAfter: 'soon' },
      portingWindowStart: '2001-01-01T00:00:00Z',
      surprise: 1,
    });
    const problem = expectProblem(res, 422, 'validation-error');
    const fields = problem.errors?.map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        'attestations.phoneAccess',
        'businessWebsite',
        'codeMethod',
        'metaBusinessId',
        'phoneNumber',
        'portingWindowStart',
        'surprise', // an unknown key is named as the field (issue 20)
        'timings.pinEscalateAfter',
      ].sort(),
    );
    expect(problem.errors?.find((e) => e.field === 'phoneNumber')?.message).toMatch(
      /must start with \+ and the country code/,
    );
    expect(problem.errors?.find((e) => e.field === 'surprise')?.message).toBe('unknown field');

    const pin = await call(api, 'POST', path('port-in:+4915112345678', '/pin'), { pin: '98765' });
    const pinProblem = expectProblem(pin, 422, 'validation-error');
    expect(pinProblem.errors).toEqual([{ field: 'pin', message: 'the PIN must be exactly 6 digits' }]);
    expect(pin.body).not.toContain('98765');
  });

  test('timings whose escalation comes after the deadline are refused by the client (422)', async () => {
    const res = await call(
      api,
      'POST',
      '/v1/port-ins',
      portInBody({ timings: { pinEscalateAfter: '2h', pinDeadline: '1h' } }),
    );
    expect(expectProblem(res, 422, 'validation-error').errors).toEqual([
      { field: 'timings.pinEscalateAfter', message: 'must not be longer than timings.pinDeadline (1h)' },
    ]);
  });
});

describe('rate limit and readiness', () => {
  test('a caller over its budget gets 429 with Retry-After; another token is unaffected', async () => {
    const config = { ...api.stack.config, API_TOKENS: [TOKEN, 'second-token-abcdef'] };
    const limitedApi = await listen({ config, client: api.stack.client, rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const hit = () => call(limitedApi, 'GET', path('port-in:+4915100000000'));
      for (let i = 0; i < 3; i++) expect((await hit()).headers['ratelimit-remaining']).toBe(String(2 - i));
      const limited = await hit();
      expectProblem(limited, 429, 'rate-limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const other = await request(limitedApi, {
        method: 'GET',
        url: path('port-in:+4915100000000'),
        headers: { authorization: 'Bearer second-token-abcdef' },
      });
      expectProblem(other, 404, 'not-found');
    } finally {
      await limitedApi.app.close();
    }
  });

  test('readiness is 503 when Temporal cannot be reached, liveness stays 200', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const down = await listen({ config: api.stack.config, client: new Client({ connection, namespace: 'default' }) });
    try {
      expect((await request(down, { method: 'GET', url: '/health' })).statusCode).toBe(200);
      const ready = await request(down, { method: 'GET', url: '/health/ready' });
      expectProblem(ready, 503, 'service-unavailable');
      expect(ready.headers['retry-after']).toBe('5');
    } finally {
      await down.app.close();
      await connection.close();
    }
  });
});
