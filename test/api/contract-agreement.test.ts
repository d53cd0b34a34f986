/**
 * Issue 20: the API and its OpenAPI document say the same, and answers say what happened. Over
 * real HTTP on the test stack: long IDs and unknown methods answered as problems after the token
 * check, phone patterns and optional bodies in the document, number lists naming the bad item,
 * a start repeated with another body refused, commands to ended migrations naming the outcome,
 * `transientRetryEvery` accepted, counts written in proper English.
 */
import { request as httpRequest } from 'node:http';
import { PortInStep } from '../../contracts/port-in';
import { seedWaba } from '../harness/waba-fixtures';
import {
  call,
  expectProblem,
  latestPin,
  path,
  preparedPortIn,
  request,
  sim,
  startApi,
  waitFor,
  TOKEN,
  type ApiStack,
  type Res,
} from './api-fixtures';

let api: ApiStack;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, asserted below
let doc: any;
beforeAll(async () => {
  api = await startApi();
  doc = (await request(api, { method: 'GET', url: '/openapi.json' })).json();
}, 120_000);
afterAll(async () => api?.close());

const auth = { authorization: `Bearer ${TOKEN}` };

/** fetch refuses TRACE; node:http sends any method. */
function raw(method: string, url: string, headers: Record<string, string> = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${api.url}${url}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          statusCode: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          body,
          json: () => JSON.parse(body),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('a path ID of any length: token first, then a 404 problem with request ID and rate-limit headers', async () => {
  for (const length of [150, 900, 3000]) {
    const url = path(`port-in:${'a'.repeat(length)}`);
    expectProblem(await raw('GET', url), 401, 'unauthorized');
    const res = await raw('GET', url, auth);
    expectProblem(res, 404, 'not-found');
    expect(res.headers['ratelimit-remaining']).toBeDefined();
  }
  // The document states the real limit: what the ID pattern allows.
  const id = doc.paths['/v1/migrations/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id');
  expect(id.schema.maxLength).toBe('partner-change:'.length + 120);
});

test('an undeclared method gets 405 with Allow (after the token check under /v1)', async () => {
  expectProblem(await raw('TRACE', '/v1/migrations'), 401, 'unauthorized');
  for (const method of ['TRACE', 'QUERY', 'DELETE']) {
    const res = await raw(method, '/v1/migrations', auth);
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  }
  expect((await raw('PUT', path('port-in:+4915123456789', '/pin'), auth)).headers.allow).toBe('POST');
  expect((await raw('TRACE', '/health')).headers.allow).toBe('GET, HEAD');
  expectProblem(await raw('GET', '/v1/no-such-route', auth), 404, 'not-found');
});

test('the document: phone patterns the server applies, optional bodies, transientRetryEvery', async () => {
  const start = doc.paths['/v1/port-ins'].post.requestBody.content['application/json'].schema;
  const phone = new RegExp(start.properties.phoneNumber.pattern);
  for (const ok of ['+49 151 23456789', '0049 (151) 234-567-89', '+55 11 98765-4321', '+5511 8765 4321']) {
    expect({ ok, matches: phone.test(ok) }).toEqual({ ok, matches: true });
  }
  for (const bad of ['', '+49 0151 2345678', '+999 1234567', '+55 10 98765432', '+49\t15123456789', '01512345678']) {
    expect({ bad, matches: phone.test(bad) }).toEqual({ bad, matches: false });
  }
  expect(start.properties.timings.properties.transientRetryEvery).toBeDefined();
  const confirm = doc.paths['/v1/migrations/{id}/numbers/confirm'].post.requestBody.content['application/json'].schema;
  expect(confirm.properties.phoneNumbers.items.pattern).toBe(start.properties.phoneNumber.pattern);
  expect(
    doc.paths['/v1/migrations'].get.parameters.find((p: { name: string }) => p.name === 'phone').schema.pattern,
  ).toBeDefined();
  for (const p of ['/events/mob-accepted', '/events/number-left', '/resend-code']) {
    expect({ p, required: doc.paths[`/v1/migrations/{id}${p}`].post.requestBody.required }).toEqual({
      p,
      required: false,
    });
  }
  expect(doc.paths['/v1/migrations/{id}/pin'].post.requestBody.required).toBe(true);
  // Starts link to every command on the migration they answer with.
  const links = doc.paths['/v1/port-ins'].post.responses['201'].links;
  expect(links.postMigrationsPin).toEqual({
    operationId: 'postMigrationsPin',
    parameters: { id: '$response.body#/migrationId' },
  });
});

test('a port-in accepts transientRetryEvery; a repeat with another body is a 409 naming the fields', async () => {
  const body = await preparedPortIn({ timings: { pollEvery: '200ms', transientRetryEvery: '2m' } });
  const first = await call(api, 'POST', '/v1/port-ins', body);
  expect(first.statusCode).toBe(201);
  const same = await call(api, 'POST', '/v1/port-ins', {
    ...body,
    timings: { pollEvery: 200, transientRetryEvery: '120s' },
  });
  expect({ status: same.statusCode, created: same.json().created }).toEqual({ status: 200, created: false });
  const other = await call(api, 'POST', '/v1/port-ins', {
    ...body,
    codeMethod: 'VOICE',
    timings: { ...body.timings, pinDeadline: '5h' },
  });
  const problem = expectProblem(other, 409, 'conflict');
  expect(problem.detail).toContain('codeMethod, timings.pinDeadline differ');
  await call(api, 'POST', path(first.json().migrationId, '/cancel'), { reason: 'test over' });
});

test('number lists name the bad item; a command to an ended migration names its outcome', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const started = await call(api, 'POST', '/v1/partner-changes', {
    wabaId: waba.wabaId,
    destinationPartnerId: 'DESTAGREE1PA',
    timings: { pollEvery: '200ms' },
  });
  const id = started.json().migrationId as string;
  const numbers = waba.channels.map((c) => c.e164);
  const bad = await call(api, 'POST', path(id, '/numbers/confirm'), { phoneNumbers: [...numbers, '+49 0151 234'] });
  expect(expectProblem(bad, 422, 'validation-error').errors).toEqual([
    { field: 'phoneNumbers[2]', message: expect.stringContaining('trunk prefix 0') },
  ]);
  const unknown = await call(api, 'POST', path(id, '/numbers/permissions'), { phoneNumbers: numbers, all: true });
  expect(expectProblem(unknown, 422, 'validation-error').errors).toEqual([{ field: 'all', message: 'unknown field' }]);

  await call(api, 'POST', path(id, '/cancel'), { reason: 'agreement test' });
  await waitFor(api, id, (m) => m.outcome === 'cancelled');
  // The outcome shows while the run still delivers its callbacks; the command goes to a closed run.
  await api.stack.client.workflow.getHandle(id).result();
  const late = await call(api, 'POST', path(id, '/numbers/confirm'), { phoneNumbers: numbers });
  const detail = expectProblem(late, 409, 'conflict').detail;
  expect(detail).toMatch(/has already ended: cancelled .*it can be started again/);
  expect(detail).not.toContain('COMPLETED');
});

test('counts read as English: "1 attempt left", "sent 1 time"', async () => {
  const body = await preparedPortIn({ timings: { pollEvery: '200ms', maxPinAttempts: 2, maxCodeSends: 1 } });
  const id = (await call(api, 'POST', '/v1/port-ins', body)).json().migrationId as string;
  await waitFor(api, id, (m) => m.step === PortInStep.AWAITING_PIN);
  const pin = await latestPin(body.phoneNumber);
  const wrong = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
  expect((await call(api, 'POST', path(id, '/pin'), { pin: wrong })).json()).toEqual({
    status: 'wrong',
    attemptsLeft: 1,
  });
  const view = (await call(api, 'GET', path(id))).json();
  expect(view.timeline.map((t: { note?: string }) => t.note)).toContain('wrong PIN (1 attempt left)');
  const resend = expectProblem(await call(api, 'POST', path(id, '/resend-code'), {}), 409, 'conflict');
  expect(resend.detail).toBe('the PIN was already sent 1 time (maximum)');
  await call(api, 'POST', path(id, '/cancel'), { reason: 'test over' });
});
