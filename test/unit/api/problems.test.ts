/**
 * Problem details (RFC 9457) without a Temporal server: every error kind maps to its status and
 * type, validation problems name each field, and a tiny Fastify app wired like the API's (same
 * parser, validator compiler and error handler, on loopback port 0) answers application/problem+json.
 * (Not `app.inject`: light-my-request loads an ESM-only `cookie` that Jest cannot require.)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toProblem, errorHandler } from '../../../api/error-handler';
import { HttpProblem } from '../../../api/problem';
import { installJsonParser, zodValidatorCompiler } from '../../../api/validation';
import {
  InvalidMigrationInputError,
  MigrationConflictError,
  MigrationNotFoundError,
  MigrationServiceUnavailableError,
  UpdateRejectedError,
} from '../../../client/errors';
import { submitPinSchema } from '../../../contracts/schemas';

const slugOf = (err: unknown) => {
  const p = toProblem(err);
  return [p.status, p.slug, p.extra.code, p.extra.errors, p.extra.headers];
};

test.each([
  ['not found', new MigrationNotFoundError('port-in:+49'), [404, 'not-found']],
  ['conflict', new MigrationConflictError('port-in:+49', 'it has ended'), [409, 'conflict']],
  ['Fastify media type', Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), [415]],
  ['Fastify body size', Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), [413]],
  ['another 4xx', Object.assign(new Error('bad'), { statusCode: 405 }), [405, 'malformed-request']],
  ['a bug', new TypeError('undefined is not a function'), [500, 'internal-error']],
])('%s -> %j', (_what, err, expected) => {
  expect(slugOf(err).slice(0, expected.length)).toEqual(expected);
});

test('input errors list every field; the detail names the first three', () => {
  const issues = ['a', 'b', 'c', 'd'].map((field) => ({ field, message: `${field} is wrong` }));
  const p = toProblem(new InvalidMigrationInputError(issues));
  expect([p.status, p.slug, p.extra.errors]).toEqual([422, 'validation-error', issues]);
  expect(p.message).toBe('invalid input: a: a is wrong; b: b is wrong; c: c is wrong; and 1 more');
});

test('update rejections keep the workflow reason code and point at the field', () => {
  const wrongPin = new UpdateRejectedError('port-in:+49', 'submitPin', 'InvalidPin', 'the PIN must be 6 digits');
  expect(slugOf(wrongPin)).toEqual([
    422,
    'update-rejected',
    'InvalidPin',
    [{ field: 'pin', message: 'the PIN must be 6 digits' }],
    undefined,
  ]);
  const wrongStep = new UpdateRejectedError('port-in:+49', 'submitPin', 'WrongStep', 'not waiting for a PIN');
  expect(slugOf(wrongStep)).toEqual([409, 'conflict', 'WrongStep', undefined, undefined]);
  const upstream = new UpdateRejectedError('port-in:+49', 'submitPin', 'PinCheckFailed', 'Meta did not answer');
  expect(slugOf(upstream)).toEqual([503, 'service-unavailable', 'PinCheckFailed', undefined, { 'retry-after': '5' }]);
  expect(slugOf(new MigrationServiceUnavailableError('Temporal is down'))[4]).toEqual({ 'retry-after': '5' });
});

describe('over HTTP', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = Fastify({ bodyLimit: 1024 });
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setErrorHandler(errorHandler);
    installJsonParser(app);
    app.post(
      '/m/:id/pin',
      { schema: { body: submitPinSchema, params: z.object({ id: z.string().max(5) }) } },
      (req) => ({
        raw: req.rawBody,
      }),
    );
    app.get('/gone', () => {
      throw new HttpProblem(404, 'not-found', 'no such thing', { headers: { 'x-hint': 'h' } });
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    answer(fetch(`${base}/m/abc/pin?x=1`, { method: 'POST', body, headers }));
  async function answer(res: Promise<Response>) {
    const r = await res;
    const body = await r.text();
    return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body) };
  }

  test('a valid body passes, with the raw text kept for signatures', async () => {
    const res = await post('{ "pin": "123456" }');
    expect([res.status, res.json()]).toEqual([200, { raw: '{ "pin": "123456" }' }]);
  });

  test('a bad field is a 422 problem naming it, without echoing the value', async () => {
    const res = await post('{"pin":"12345x"}');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      type: '/problems/validation-error',
      title: 'Invalid input',
      status: 422,
      instance: '/m/abc/pin',
      errors: [{ field: 'pin', message: 'the PIN must be exactly 6 digits' }],
    });
    expect(typeof body.requestId).toBe('string');
    expect(res.body).not.toContain('12345x');
  });

  test.each([
    ['malformed JSON', '{"pin":', undefined, 400, 'malformed-request'],
    ['no body', '', undefined, 400, 'malformed-request'],
    [
      'form encoding',
      'pin=123456',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported-media-type',
    ],
    ['too large', JSON.stringify({ pin: 'x'.repeat(2000) }), undefined, 413, 'payload-too-large'],
  ])('%s -> %i %s', async (_what, payload, headers, status, slug) => {
    const res = await post(payload, headers);
    expect([res.status, res.json().type]).toEqual([status, `/problems/${slug}`]);
  });

  test('an impossible path parameter is 404; a thrown HttpProblem keeps its headers', async () => {
    const json = { 'content-type': 'application/json' };
    const res = await answer(
      fetch(`${base}/m/toolongid/pin`, { method: 'POST', body: '{"pin":"123456"}', headers: json }),
    );
    expect([res.status, res.json().type]).toEqual([404, '/problems/not-found']);
    const gone = await answer(fetch(`${base}/gone`));
    expect([gone.status, gone.headers.get('x-hint'), gone.json().detail]).toEqual([404, 'h', 'no such thing']);
  });
});
