/**
 * One trace per request, across processes' worth of code: the API's server span, the Temporal
 * client's start of the workflow, its activities and each outside HTTP call they make, collected
 * with an in-memory exporter from a real API, worker, Temporal server and simulator. The request's
 * log lines carry the trace ID.
 */
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { Client } from '@temporalio/client';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '../../observability/logger';
import { setUpTracing, type Tracing } from '../../observability/tracing';
import { call, listen, path, preparedPortIn, sim, TOKEN, waitFor, type Api } from '../api/api-fixtures';
import { dataConverter } from '../../temporal/client';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { recordFixture } from '../harness/replay-fixtures';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let stack: TestStack;
let api: Api;
const logLines: string[] = [];

beforeAll(async () => {
  const config = { ...testConfig(), API_TOKENS: [TOKEN] };
  tracing = setUpTracing(config, 'test', exporter);
  stack = await startStack({ config, tracing });
  const client = new Client({
    connection: stack.client.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(config),
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
  const logger = createLogger({ ...config, LOG_LEVEL: 'info' }, 'api', { write: (line) => void logLines.push(line) });
  api = await listen({ config, client, logger, tracing: true });
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await stack?.close();
  await tracing?.shutdown();
});

test('a port-in started over HTTP is one trace: API, workflow start, activities, outside calls', async () => {
  const body = await preparedPortIn();
  const caller = '0af7651916cd43dd8448eb211c80319c';
  const started = await fetch(`${api.url}/v1/port-ins`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      traceparent: `00-${caller}-b7ad6b7169203331-01`, // the caller's own trace continues
    },
    body: JSON.stringify(body),
  });
  expect(started.status).toBe(201);
  const { migrationId } = (await started.json()) as { migrationId: string };
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
  const pin = (await sim.inbox(body.phoneNumber)).at(-1)?.code;
  expect((await call(api, 'POST', path(migrationId, '/pin'), { pin })).statusCode).toBe(200);
  await waitFor(api, migrationId, (m) => m.outcome === 'completed');
  await stack.client.workflow.getHandle(migrationId).result();
  // A traced run's history (trace headers on its activities), replayed by test/replay.
  await recordFixture(stack.client.workflow.getHandle(migrationId), 'port-in-traced');

  const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === caller);
  const names = trace.map((s) => s.name);
  const byName = (name: string) => trace.find((s) => s.name === name);
  // The API's span continues the caller's, and parents the client's start of the workflow.
  const server = byName('POST /v1/port-ins');
  expect(server?.parentSpanId).toBe('b7ad6b7169203331');
  const start = byName('StartWorkflow:portInWorkflow');
  expect(start?.parentSpanId).toBe(server?.spanContext().spanId);
  // The run carries the start's context to its activities (workflows/kit/trace-context.ts): the
  // worker's activity spans are children of the start, and the outside calls inside them follow.
  expect(names).toEqual(expect.arrayContaining(['RunActivity:submitPortIn', 'RunActivity:requestVerificationCode']));
  expect(parentOf(trace, byName('RunActivity:submitPortIn') as ReadableSpan)?.name).toBe(
    'StartWorkflow:portInWorkflow',
  );
  const outside = trace.filter((s) => s.attributes['peer.service'] !== undefined);
  expect(outside.map((s) => s.attributes['peer.service'])).toEqual(expect.arrayContaining(['360dialog', 'meta']));
  for (const span of outside) {
    expect(span.name).not.toMatch(/\d{6,}/); // templates, never IDs or numbers
    expect(parentOf(trace, span)?.name).toMatch(/^RunActivity:/);
  }
  // The request's log line carries the trace.
  const logged = logLines.map((l) => JSON.parse(l) as { route?: string; traceId?: string });
  expect(logged.find((l) => l.route === '/v1/port-ins')?.traceId).toBe(caller);
});

function parentOf(spans: ReadableSpan[], span: ReadableSpan): ReadableSpan | undefined {
  return spans.find((s) => s.spanContext().spanId === span.parentSpanId);
}
