/**
 * The HTTP API on the real test stack (dev server, worker, simulator), listening on a free port
 * and called over real HTTP (fetch): request helpers with the bearer token, request bodies with a
 * fresh number each, signed webhooks, and status polling.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../api/app';
import { problemSchema } from '../../api/schemas';
import type { BatchStatus } from '../../contracts/batch';
import { signPayload } from '../../integrations/callbacks';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { startStack, simulatorControl, type TestStack } from '../harness/env';
import { freshNumber } from '../harness/port-in-fixtures';

export const sim = simulatorControl();
export const TOKEN = 'test-token-0123456789';

/** A running API: the fastify instance plus its base URL. */
export interface Api {
  app: FastifyInstance;
  url: string;
}

export interface ApiStack extends Api {
  stack: TestStack;
  close(): Promise<void>;
}

/** Builds and listens on 127.0.0.1 with a free port. */
export async function listen(opts: BuildAppOptions): Promise<Api> {
  const app = await buildApp(opts);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export async function startApi(
  opts: Partial<BuildAppOptions> = {},
  settings: Partial<TestStack['config']> = {},
): Promise<ApiStack> {
  const stack = await startStack();
  const config = { ...stack.config, API_TOKENS: [TOKEN], ...settings };
  const api = await listen({ config, client: stack.client, ...opts });
  return {
    ...api,
    stack,
    async close() {
      await api.app.close();
      await stack.close();
    },
  };
}

export interface Res {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience, shapes are asserted
  json(): any;
}

/** A raw HTTP request (no token added). */
export async function request(
  api: Api,
  opts: { method: string; url: string; headers?: Record<string, string>; payload?: string },
): Promise<Res> {
  const res = await fetch(`${api.url}${opts.url}`, { method: opts.method, headers: opts.headers, body: opts.payload });
  const body = await res.text();
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body, json: () => JSON.parse(body) };
}

type Method = 'GET' | 'POST';

/** An authenticated JSON request. */
export function call(
  api: Api,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  return request(api, {
    method,
    url,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
}

export const path = (migrationId: string, suffix = '') => `/v1/migrations/${encodeURIComponent(migrationId)}${suffix}`;

/** A valid port-in request for a fresh number and its own Meta business, fast timings, the simulator's website. */
export function portInBody(overrides: Record<string, unknown> = {}) {
  const phoneNumber = freshNumber();
  return {
    path: 'on-premise' as const,
    phoneNumber,
    wabaId: `waba-${phoneNumber.slice(1)}`,
    metaBusinessId: `9${phoneNumber.slice(-9)}`,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: { pollEvery: '200ms', resendCooldown: '1s' },
    ...overrides,
  };
}

/**
 * A port-in request whose number the simulator knows: owned by its own verified business (the
 * simulator is shared by parallel test files, so nothing here depends on a shared business).
 */
export async function preparedPortIn(overrides: Record<string, unknown> = {}, scenario: ScenarioPatch = {}) {
  const body = portInBody(overrides);
  await sim.setScenario(body.phoneNumber, {
    metaBusinessId: body.metaBusinessId,
    businessVerification: 'verified',
    ...scenario,
  });
  return body;
}

/** Asserts an RFC 9457 problem with the given status and type, and returns it. */
export function expectProblem(res: Res, status: number, slug: string) {
  expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = problemSchema.parse(res.json());
  expect(problem).toMatchObject({ status, type: `/problems/${slug}`, requestId: res.headers['x-request-id'] });
  return problem;
}

/** Polls GET /v1/migrations/{id} until `predicate` holds. */
export async function waitFor(
  api: Api,
  migrationId: string,
  predicate: (m: { step: string; outcome?: string; execution: { executionStatus: string } }) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await call(api, 'GET', path(migrationId));
    if (res.statusCode === 200) {
      last = res.json();
      if (predicate(res.json())) return res.json();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`migration ${migrationId} did not get there in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

export const batchPath = (batchId: string, suffix = '') => `/v1/batches/${encodeURIComponent(batchId)}${suffix}`;

/** Polls GET /v1/batches/{batchId} until `predicate` holds; returns that progress. */
export async function waitForBatch(
  api: Api,
  batchId: string,
  predicate: (status: BatchStatus) => boolean,
  timeoutMs = 60_000,
): Promise<BatchStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: BatchStatus | undefined;
  while (Date.now() < deadline) {
    const res = await call(api, 'GET', batchPath(batchId));
    if (res.statusCode === 200) {
      const status = res.json() as BatchStatus;
      last = status;
      if (predicate(status)) return status;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`batch ${batchId} did not get there in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

/** A 360dialog webhook, signed with `secret` at `timestamp` (Unix seconds). */
export function webhook(
  api: Api,
  secret: string,
  event: Record<string, unknown>,
  opts: { timestamp?: number; signature?: string; eventId?: string } = {},
) {
  const body = JSON.stringify(event);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return request(api, {
    method: 'POST',
    url: '/v1/webhooks/360dialog',
    headers: {
      'content-type': 'application/json',
      'x-signature-timestamp': timestamp,
      'x-signature': opts.signature ?? signPayload(secret, timestamp, body),
      ...(opts.eventId ? { 'x-event-id': opts.eventId } : {}),
    },
    payload: body,
  });
}

export async function latestPin(e164: string): Promise<string> {
  const last = (await sim.inbox(e164)).at(-1);
  if (!last) throw new Error(`no code delivered to ${e164}`);
  return last.code;
}
