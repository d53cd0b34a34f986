/**
 * Crashes at the PIN step, where a person waits on the answer:
 * - the worker dies, the 1-hour escalation fires while it is down and the PIN arrives before a
 *   worker is back, so one workflow task carries the fired timer (-> ticket) and the PIN update;
 * - the worker dies while the PIN is being checked (a local activity, so nothing of it is in the
 *   history yet): the update is delivered again to the next worker and checked again.
 * Either way the requester gets their verdict, the migration completes with one ticket per
 * escalation and one API key, and its history replays on a cold worker.
 */
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { dataConverter } from '../../temporal/client';
import { loadConfig, type Config } from '../../temporal.config';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../contracts/messages';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { atStep, portInInput, ticketsFor } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { WorkerProcess } from './worker-process';
import { sealedPin } from '../harness/sealed-pin';

let simulator: RunningSimulator;
let sim: SimulatorControl;
let worker: WorkerProcess;
let client: TestStack;
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
  client = await startStack({ config: { ...config, TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}-unused` } });
  worker = WorkerProcess.forConfig(config, 29392);
  await worker.start();
}, 60_000);
afterAll(async () => {
  await worker?.kill();
  await client?.close();
  await simulator?.close();
});

async function portInAtPin(pinEscalateAfter: string) {
  const input = portInInput({ timings: { pollEvery: '200ms', pinEscalateAfter } });
  const handle = await client.client.workflow.start(portInWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  await atStep(handle, PortInStep.AWAITING_PIN, 30_000);
  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code;
  expect(pin).toMatch(/^\d{6}$/);
  return { e164: input.phone.e164, handle, pin: pin as string };
}

async function expectCompletedOnceAndReplays(
  handle: WorkflowHandle<typeof portInWorkflow>,
  e164: string,
  tickets: number,
) {
  expect((await handle.result()).outcome).toBe('completed');
  const counters = await sim.counters();
  expect(ticketsFor(counters, handle.workflowId)).toBe(tickets);
  expect(counters.apiKeysMintedByNumber[e164]).toBe(1);
  const dc = dataConverter(loadConfig({}));
  await Worker.runReplayHistory(
    { workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string }, dataConverter: dc },
    await handle.fetchHistory(),
    handle.workflowId,
  );
}

test('a PIN sent while the worker is down, after the escalation fired, completes once and replays', async () => {
  const { e164, handle, pin } = await portInAtPin('4s');
  await worker.kill();
  await sleep(5_000); // the escalation timer fires with no worker
  const verdict = handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
  await sleep(1_000);
  await worker.start();

  expect(await verdict).toEqual({ status: 'verified' });
  await expectCompletedOnceAndReplays(handle, e164, 1);
  await recordFixture(handle, 'port-in-pin-after-crash-escalated');
}, 90_000);

test('a worker killed while it checks the PIN: the update is checked again by the next worker', async () => {
  const { e164, handle, pin } = await portInAtPin('1h');
  await sim.faults({ latencyMs: 3_000, services: ['meta'] }); // the check is in flight when we kill
  const verdict = handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
  await sleep(1_000);
  await worker.kill();
  await sim.clearFaults();
  await worker.start();

  expect(await verdict).toEqual({ status: 'verified' });
  await expectCompletedOnceAndReplays(handle, e164, 0);
  // The killed worker's request died with it during the added latency: the verdict came from the
  // next worker's check, the only one Meta saw.
  expect((await sim.counters()).codeVerificationsByNumber[e164]).toBe(1);
}, 90_000);
