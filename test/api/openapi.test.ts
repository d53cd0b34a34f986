/**
 * The OpenAPI document as served: accepted by a real OpenAPI 3.1 validator, listing exactly the
 * routes Fastify registered with every status each declares, problems as application/problem+json
 * where they occur, request-ID and rate-limit headers, the webhook's signature headers, and the
 * callback events in the `webhooks` section.
 */
import { CALLBACK_EVENT_TYPES } from '../../api/callback-events';
import { registeredRoutes } from '../../api/route-table';
import { request, startApi, type ApiStack } from './api-fixtures';
import { validateOpenApi } from './openapi-validator';

interface Operation {
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: unknown }>;
}

let api: ApiStack;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON document, asserted below
let doc: any;
beforeAll(async () => {
  api = await startApi();
  const res = await request(api, { method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = JSON.parse(res.body);
});
afterAll(async () => {
  await api?.close();
});

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${p}`, p, method, op })),
  );

test('passes a real OpenAPI 3.1 validator (official schemas; every $ref resolves)', () => {
  expect(validateOpenApi(doc)).toEqual({ valid: true, version: '3.1' });
  // The validator is not a rubber stamp: a broken reference fails it.
  const broken = structuredClone(doc);
  broken.paths['/health'].get.responses['200'].content['application/json'].schema = {
    $ref: '#/components/schemas/Nope',
  };
  expect(validateOpenApi(broken).valid).toBe(false);
});

test('lists exactly the routes Fastify registered, each with every status its schema declares', () => {
  const routes = registeredRoutes(api.app);
  expect(routes.filter((r) => r.hidden).map((r) => `${r.method} ${r.url}`)).toEqual([
    // The owner's HTML page: a signed link is its credential, described in docs/api.md, not an API operation.
    'GET /a/owner.css',
    'GET /a/owner-live.js',
    'GET /a/embedded-signup.js',
    'GET /a/:token',
    'POST /a/:token',
    'GET /openapi.json',
  ]);
  const registered = routes
    .filter((r) => !r.hidden)
    .map((r) => ({ key: `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, statuses: [...r.statuses].sort() }));
  expect(registered.length).toBeGreaterThanOrEqual(31); // the recording works (31 routes today)
  const documented = operations().map(({ key, op }) => ({ key, statuses: Object.keys(op.responses).sort() }));
  expect(documented.sort(byKey)).toEqual(registered.sort(byKey));
});

test('problems are application/problem+json where they occur: 401/429 when authenticated, 404 by ID, 409 on commands, 400/413/415/422 with a body', () => {
  for (const { key, p, method, op } of operations()) {
    const authenticated = op.security === undefined;
    const expected = [
      ...(authenticated || p === '/v1/webhooks/360dialog' ? ['401'] : []),
      ...(authenticated ? ['429', '503'] : []),
      ...(p.includes('{id}') || p.includes('{batchId}') ? ['404'] : []),
      ...((p.includes('{id}/') || p.includes('{batchId}/')) && method === 'post' ? ['409'] : []),
      ...(op.requestBody ? ['400', '413', '415', '422'] : []),
    ];
    for (const status of expected) {
      expect({ key, status, response: op.responses[status] }).toMatchObject({
        response: {
          description: expect.not.stringMatching(/^Default Response$/),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      });
    }
    for (const [status, response] of Object.entries(op.responses)) {
      const headers = Object.keys(response.headers ?? {});
      expect({ key, status, headers }).toEqual({ key, status, headers: expect.arrayContaining(['x-request-id']) });
      if (authenticated && status !== '401') {
        const rateLimit = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
        expect({ key, status, headers }).toEqual({ key, status, headers: expect.arrayContaining(rateLimit) });
      }
    }
    if (authenticated) {
      expect(Object.keys(op.responses['429']?.headers ?? {})).toContain('Retry-After');
      expect(Object.keys(op.responses['401']?.headers ?? {})).toContain('WWW-Authenticate');
    }
  }
  expect(doc.components.schemas.Problem.required).toEqual(
    expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId']),
  );
});

test('the webhook documents its signature headers; bodies, parameters and public routes are described', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
  const hook = doc.paths['/v1/webhooks/360dialog'].post;
  const headerParams = hook.parameters
    .filter((x: { in: string }) => x.in === 'header')
    .map((x: { name: string; required: boolean }) => [x.name.toLowerCase(), x.required]);
  expect(headerParams).toEqual(
    expect.arrayContaining([
      ['x-signature', true],
      ['x-signature-timestamp', true],
      ['x-event-id', false],
    ]),
  );
  const start = doc.paths['/v1/port-ins'].post;
  const body = start.requestBody.content['application/json'].schema;
  expect(body.required).toEqual(
    expect.arrayContaining(['phoneNumber', 'wabaId', 'metaBusinessId', 'businessWebsite', 'attestations']),
  );
  expect(body.properties.codeMethod).toMatchObject({ enum: ['SMS', 'VOICE'], default: 'SMS' });
  expect(Object.keys(start.responses['201'].headers)).toContain('Location');
  // Public routes opt out of the global bearer requirement.
  expect(doc.paths['/health'].get.security).toEqual([]);
  expect(hook.security).toEqual([]);
  expect(doc.paths['/v1/migrations'].get.security).toBeUndefined();
  expect(doc.paths['/v1/migrations'].get.parameters.map((x: { name: string }) => x.name)).toEqual(
    expect.arrayContaining(['kind', 'step', 'escalated', 'phone', 'waba', 'pageSize', 'pageToken']),
  );
  expect(doc.paths['/v1/migrations/{id}/pin'].post.parameters.map((x: { name: string }) => x.name)).toEqual([
    'id',
    'idempotency-key',
  ]);
});

test('the callback events are documented as OpenAPI webhooks: envelope schema and signature headers', () => {
  expect(Object.keys(doc.webhooks).sort()).toEqual([...CALLBACK_EVENT_TYPES].sort());
  for (const [type, item] of Object.entries(doc.webhooks as Record<string, { post: Operation }>)) {
    const names = item.post.parameters?.filter((x) => x.in === 'header' && x.required).map((x) => x.name);
    expect({ type, names }).toEqual({ type, names: ['X-Signature', 'X-Signature-Timestamp', 'X-Event-Id'] });
    expect(item.post.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CallbackEvent',
    });
  }
  const envelope = doc.components.schemas.CallbackEvent;
  expect(envelope.required.sort()).toEqual(['data', 'id', 'migrationId', 'occurredAt', 'type']);
  expect(envelope.properties.type.enum.sort()).toEqual([...CALLBACK_EVENT_TYPES].sort());
});

test('batches: tagged, the start with Location and links to every batch operation, its own body limit, items also as CSV', () => {
  const batchOps = operations().filter(({ p }) => p.startsWith('/v1/batches'));
  expect(batchOps.map(({ key }) => key).sort()).toEqual([
    'GET /v1/batches/{batchId}',
    'GET /v1/batches/{batchId}/items',
    'POST /v1/batches',
    'POST /v1/batches/{batchId}/cancel',
    'POST /v1/batches/{batchId}/pause',
    'POST /v1/batches/{batchId}/resume',
    'POST /v1/batches/{batchId}/retry',
  ]);
  for (const { key, op } of batchOps)
    expect({ key, tags: (op as { tags?: string[] }).tags }).toEqual({ key, tags: ['batch'] });
  const start = doc.paths['/v1/batches'].post;
  expect(Object.keys(start.responses['201'].headers)).toContain('Location');
  expect(start.responses['413'].description).toBe("The body is larger than 4 MiB (this route's own limit)");
  expect(doc.paths['/v1/port-ins'].post.responses['413'].description).toBe('The body is larger than 64 KiB');
  expect(Object.keys(start.responses['201'].links).sort()).toEqual([
    'cancelBatch',
    'getBatch',
    'listBatchItems',
    'pauseBatch',
    'resumeBatch',
    'retryBatch',
  ]);
  expect(start.responses['201'].links.pauseBatch).toEqual({
    operationId: 'pauseBatch',
    parameters: { batchId: '$response.body#/batchId' },
  });
  const items = doc.paths['/v1/batches/{batchId}/items'].get;
  expect(Object.keys(items.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  expect(items.parameters.map((x: { name: string }) => x.name)).toEqual(
    expect.arrayContaining(['state', 'outcome', 'step', 'escalated', 'waitingOnHuman', 'offset', 'limit', 'format']),
  );
  expect(doc.webhooks['batch.item_ended'].post.summary).toBe("batch.item_ended (to the batch's callbackUrl)");
});
