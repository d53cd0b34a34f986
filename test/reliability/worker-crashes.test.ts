/**
 * kill -9 of the worker process at 20+ points, targeted so that every port-in activity is in
 * flight at some kill: every migration still ends with the right outcome, and the simulator's
 * counters show exactly one API key per completed migration and one ticket per escalation.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { portInWorkflow } from '../../workflows';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { portInInput, ticketsFor } from '../harness/port-in-fixtures';
import { WorkerProcess } from './worker-process';
import { drive } from '../harness/port-in-driver';

// verifyPin runs as a local activity (not visible as pending): pin-after-crash.test.ts kills it.
const COVER = ['runPreflight', 'submitPortIn', 'awaitMobAcceptance', 'awaitTwoFactorDisabled', 'requestVerificationCode',
  'awaitChannelRunning', 'generateApiKey', 'openSupportTicket', 'notifyRequester'];
const MIN_KILLS = 20;

let simulator: RunningSimulator;
let worker: WorkerProcess | undefined;
let aborted = false;
let sim: SimulatorControl;
let client: TestStack;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
});
afterAll(async () => {
  // Stop the kill loop and the worker process even when the test failed or timed out.
  aborted = true;
  await worker?.kill();
  await client?.close();
  await simulator?.close();
});

test('migrations complete exactly once through 20+ worker kills covering every activity', async () => {
  const config = testConfig({
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
  });
  // The test's own client; its in-process worker never polls (all work goes to the process we kill).
  client = await startStack({ config: { ...config, TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}-unused` } });
  worker = WorkerProcess.forConfig(config, 29391);
  await sim.faults({ latencyMs: 600 }); // keeps each activity in flight long enough to be hit
  // The requester's endpoint is down until a kill has hit a pending delivery, so callbacks sit in retry.
  await sim.setCallbackStatus('crash', 503);
  let callbacksDown = true;
  await worker.start();

  const fast = { pollEvery: '500ms', resendCooldown: '1s' };
  const plans = [
    { scenario: {}, timings: fast },
    { scenario: { mobAccepted: false }, timings: fast, human: { step: PortInStep.AWAITING_MOB_ACCEPTANCE, act: (e: string) => sim.acceptMob(e) } },
    { scenario: { twoFaEnabled: true }, timings: fast, human: { step: PortInStep.AWAITING_2FA_DISABLED, act: (e: string) => sim.disableTwoFa(e) } },
    { scenario: { setupMs: 6000 }, timings: fast },
    { scenario: {}, timings: { ...fast, pinEscalateAfter: '3s' }, pinDelayMs: 8000, escalates: true },
    { scenario: {}, timings: fast, callback: true },
    { scenario: { somethingWentWrongTimes: 1 }, timings: fast },
    { scenario: {}, timings: fast, callback: true },
  ];
  const runs = await Promise.all(
    plans.map(async (plan) => {
      const input = portInInput({ timings: plan.timings, callbackUrl: plan.callback ? sim.callbackUrl('crash') : undefined });
      await sim.setScenario(input.phone.e164, plan.scenario);
      const handle = await client.client.workflow.start(portInWorkflow, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: `port-in:${input.phone.e164}`,
        args: [input],
      });
      return { plan, input, handle, done: drive(sim, handle, input.phone.e164, plan.pinDelayMs ?? 0, plan.human) };
    }),
  );

  const covered = new Set<string>();
  let kills = 0;
  let lastKill = Date.now();
  let finished = false;
  void Promise.all(runs.map((r) => r.done)).then(
    () => (finished = true),
    () => (finished = true),
  );
  const started = Date.now();
  while (!finished && !aborted && Date.now() - started < 360_000) {
    const pending = await pendingActivityTypes(runs.map((r) => r.handle));
    const target = pending.find((t) => !covered.has(t));
    // Targeted kills first (an activity type not hit yet), then periodic ones up to MIN_KILLS.
    if (target || (kills < MIN_KILLS && Date.now() - lastKill > 2500)) {
      pending.forEach((t) => covered.add(t));
      await worker.kill();
      kills++;
      await worker.start();
      lastKill = Date.now();
    }
    if (callbacksDown && (covered.has('notifyRequester') || Date.now() - started > 150_000)) {
      callbacksDown = false;
      await sim.setCallbackStatus('crash', 200);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await sim.clearFaults();
  const results = await Promise.all(runs.map((r) => r.done));
  await worker.kill('SIGTERM');

  process.stdout.write(`worker crash test: ${kills} kills, activities hit: ${[...covered].sort().join(', ')}\n`);
  expect(results.map((r) => r.outcome)).toEqual(Array(plans.length).fill('completed'));
  expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
  expect([...covered].sort()).toEqual(expect.arrayContaining(COVER.sort()));
  const counters = await sim.counters();
  for (const run of runs) {
    expect(counters.apiKeysMintedByNumber[run.input.phone.e164]).toBe(1);
    expect(ticketsFor(counters, run.handle.workflowId)).toBe(run.plan.escalates ? 1 : 0);
  }
}, 540_000);

async function pendingActivityTypes(handles: WorkflowHandle[]): Promise<string[]> {
  const described = await Promise.all(handles.map((h) => h.describe().catch(() => undefined)));
  return described.flatMap((d) => d?.raw.pendingActivities?.map((a) => a.activityType?.name ?? '') ?? []).filter(Boolean);
}
