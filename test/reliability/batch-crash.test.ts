/**
 * kill -9 of the worker in the middle of a batch: 60 port-outs (50 whose owners then decline the
 * cancellation, 10 that fail), outside calls slowed so starts and calls are in flight when the
 * worker dies. A new worker carries on: every item accounted for, each started exactly once (one
 * run per migration), and the batch's history replays on a cold worker.
 */
import { Worker } from '@temporalio/worker';
import { createMigrationsClient } from '../../client';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { dataConverter } from '../../temporal/client';
import { loadConfig, type Config } from '../../temporal.config';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { batchStatusUntil, freshBatchId, leavingWaba, portOutItems } from '../batches/batch-fixtures';
import { WorkerProcess } from './worker-process';

let simulator: RunningSimulator;
let sim: SimulatorControl;
let worker: WorkerProcess;
let stack: TestStack;
let config: Config;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
  config = testConfig({
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
  });
  // The test's own client; its in-process worker never polls (all work goes to the process we kill).
  stack = await startStack({ config: { ...config, TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}-unused` } });
  worker = WorkerProcess.forConfig(config, 29395);
  await worker.start();
}, 60_000);
afterAll(async () => {
  await worker?.kill();
  await stack?.close();
  await simulator?.close();
});

test('a worker killed mid-batch: a new one carries on, every item once, every item accounted for', async () => {
  const client = createMigrationsClient({ client: stack.client, config });
  const leaving = await Promise.all([25, 25].map((n) => leavingWaba(sim, n)));
  const elsewhere = await sim.createWaba({ count: 10 });
  const items = [...leaving.flatMap((w) => portOutItems(w)), ...portOutItems(elsewhere, leaving[0]?.wabaId)];
  const batchId = freshBatchId('crash');
  await sim.faults({ latencyMs: 150, services: ['360dialog'] });
  await client.startBatch({ batchId, items, concurrency: 5 });

  await batchStatusUntil(client, batchId, (s) => s.byState.ended + s.byState.waiting >= 10, 60_000);
  await worker.kill();
  await sleep(2_000);
  await sim.clearFaults();
  await worker.start();

  const declined = new Set<string>();
  const settled = await batchStatusUntil(
    client,
    batchId,
    (s) => s.byState.ended === 60,
    120_000,
    async () => {
      const page = await client.listBatchItems(batchId, { waitingOnHuman: true, limit: 100 });
      for (const i of page.items.filter((x) => !declined.has(x.migrationId))) {
        declined.add(i.migrationId);
        await client.declineSubscriptionCancellation(i.migrationId, { declinedBy: 'owner' });
      }
    },
  );
  expect(settled.byOutcome).toEqual({ completed: 50, failed: 10 });
  expect(settled.peakActive).toBeLessThanOrEqual(5);
  const all = await client.listBatchItems(batchId, { limit: 100 });
  expect(all.items.every((i) => i.starts === 1)).toBe(true);

  // One run per migration: nothing was started twice across the crash.
  const runs: string[] = [];
  for await (const wf of stack.client.workflow.list({
    query: `BatchId = "${batchId}" AND WorkflowId != "batch:${batchId}"`,
  }))
    runs.push(wf.workflowId);
  expect(runs.sort()).toEqual(items.map((i) => `port-out:${i.phoneNumber}`).sort());

  const batch = stack.client.workflow.getHandle(`batch:${batchId}`);
  await Worker.runReplayHistory(
    {
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
      dataConverter: dataConverter(loadConfig({})),
    },
    await batch.fetchHistory(),
    batch.workflowId,
  );
  await client.cancelBatch(batchId, { by: 'test', reason: 'close' });
  expect(await batch.result()).toEqual({ batchId, total: 60, byOutcome: { completed: 50, failed: 10 }, notStarted: 0 });
}, 240_000);
