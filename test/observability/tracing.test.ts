/**
 * One trace per request, across processes' worth of code: the API's server span, the Temporal
 * client's start of the workflow, the workflow run, its activities and each outside HTTP call they
 * make, collected with an in-memory exporter from a real API, worker, Temporal server and
 * simulator. The request's log lines carry the trace ID. A traced run evicted after every task
 * still reports one run span, and its history replays.
 */
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { confirmNumbersUpdate, selectNumbersForPermissionsUpdate } from '../../contracts/messages';
import { createLogger } from '../../observability/logger';
import { setUpTracing, type Tracing } from '../../observability/tracing';
import { call, listen, path, preparedPortIn, sim, TOKEN, waitFor, type Api } from '../api/api-fixtures';
import { dataConverter } from '../../temporal/client';
import { spanIdOf } from '../../workflows/kit/trace-context';
import { partnerChangeWorkflow } from '../../workflows';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { atStep } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { freshPartnerId, partnerChangeInput, seedWaba } from '../harness/waba-fixtures';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let stack: TestStack;
let api: Api;
const logLines: string[] = [];

beforeAll(async () => {
  const config = { ...testConfig(), API_TOKENS: [TOKEN] };
  tracing = setUpTracing(config, 'test', exporter);
  stack = await startStack({ config, tracing });
  const client = tracedClient(stack);
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
  const { runId } = await stack.client.workflow.getHandle(migrationId).describe();
  await stack.client.workflow.getHandle(migrationId).result();
  // A traced run's history (trace headers on its activities), replayed by test/replay.
  await recordFixture(stack.client.workflow.getHandle(migrationId), 'port-in-traced');

  // The run's span is made by the worker once the run has reported its end.
  const trace = await spansOf(caller, 'RunWorkflow:portInWorkflow');
  const names = trace.map((s) => s.name);
  const byName = (name: string) => trace.find((s) => s.name === name);
  // The API's span continues the caller's, and parents the client's start of the workflow.
  const server = byName('POST /v1/port-ins');
  expect(server?.parentSpanId).toBe('b7ad6b7169203331');
  const start = byName('StartWorkflow:portInWorkflow');
  expect(start?.parentSpanId).toBe(server?.spanContext().spanId);
  // The run is a span under the start, with the ID it gave its activities as their parent
  // (workflows/kit/trace-context.ts); the outside calls inside the activities follow.
  const run = byName('RunWorkflow:portInWorkflow');
  expect(run?.parentSpanId).toBe(start?.spanContext().spanId);
  expect(run?.spanContext().spanId).toBe(spanIdOf(runId));
  expect(run?.attributes).toMatchObject({ temporalWorkflowId: migrationId, run_id: runId, 'wa.run.end': 'completed' });
  expect(names).toEqual(expect.arrayContaining(['RunActivity:submitPortIn', 'RunActivity:requestVerificationCode']));
  for (const activity of trace.filter((s) => s.name.startsWith('RunActivity:'))) {
    expect(parentOf(trace, activity)?.name).toBe('RunWorkflow:portInWorkflow');
  }
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

test('a traced partner change evicted after every task: one run span over its activities, and its history replays', async () => {
  // No cache: every workflow task replays the run from its history, the case where Temporal's own
  // workflow interceptors reordered an update's timer cancellation.
  const evicting = await startStack({ config: testConfig(), tracing, workerOverrides: { maxCachedWorkflows: 0 } });
  try {
    const waba = await seedWaba(sim, { count: 2 });
    const input = partnerChangeInput(waba, freshPartnerId());
    const workflowId = `partner-change:${input.wabaId}`;
    const handle = await tracedClient(evicting).workflow.start(partnerChangeWorkflow, {
      taskQueue: evicting.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
    });
    await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
    const channelIds = waba.channels.map((ch) => ch.id);
    await handle.executeUpdate(confirmNumbersUpdate, { args: [{ channelIds }] });
    await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
    await handle.executeUpdate(selectNumbersForPermissionsUpdate, { args: [{ channelIds: channelIds.slice(0, 1) }] });
    expect(await handle.result()).toMatchObject({ outcome: 'completed' });

    const start = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'StartWorkflow:partnerChangeWorkflow' && s.attributes.temporalWorkflowId === workflowId);
    const trace = await spansOf(start?.spanContext().traceId ?? 'none', 'RunWorkflow:partnerChangeWorkflow');
    const runs = trace.filter((s) => s.name === 'RunWorkflow:partnerChangeWorkflow');
    expect(runs).toHaveLength(1); // replays report nothing
    expect(runs[0]?.parentSpanId).toBe(start?.spanContext().spanId);
    expect(runs[0]?.spanContext().spanId).toBe(spanIdOf(handle.firstExecutionRunId));
    const activities = trace.filter((s) => s.name.startsWith('RunActivity:'));
    expect(activities.length).toBeGreaterThan(3);
    for (const activity of activities) expect(activity.parentSpanId).toBe(runs[0]?.spanContext().spanId);

    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
        dataConverter: dataConverter(evicting.config),
      },
      await handle.fetchHistory(),
      workflowId,
    );
  } finally {
    await evicting.close();
  }
});

function tracedClient(on: TestStack): Client {
  return new Client({
    connection: on.client.connection,
    namespace: on.config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(on.config),
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
}

/** The finished spans of a trace, once the one named `last` is among them (a run's span comes when it ends). */
async function spansOf(traceId: string, last: string): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    if (trace.some((s) => s.name === last) || Date.now() > deadline) return trace;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function parentOf(spans: ReadableSpan[], span: ReadableSpan): ReadableSpan | undefined {
  return spans.find((s) => s.spanContext().spanId === span.parentSpanId);
}
