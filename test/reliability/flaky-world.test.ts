/**
 * A flaky outside world: the simulator answers 30% of API calls with errors, adds latency and lets
 * some requests hang. Every migration still reaches its right outcome, retries stay bounded, and
 * nothing is duplicated (one API key per completed migration, one ticket per escalation).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import { getStatusQuery } from '../../workflows/messages';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { portInWorkflow } from '../../workflows';
import { drive } from '../harness/port-in-driver';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { portInInput, ticketsFor } from '../harness/port-in-fixtures';

let simulator: RunningSimulator;
let sim: SimulatorControl;
let stack: TestStack;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
  stack = await startStack({
    config: testConfig({ D360_PARTNER_API_URL: sim.urls.dialog360, META_GRAPH_URL: sim.urls.meta, SUPPORT_DESK_URL: sim.urls.support, HTTP_TIMEOUT_MS: '1500' }),
  });
});
afterAll(async () => {
  await stack?.close();
  await simulator?.close();
});

test('30% errors, latency and hangs: every migration reaches its outcome, nothing duplicated', async () => {
  const fast = { pollEvery: '300ms', resendCooldown: '1s' };
  const plans: { scenario: ScenarioPatch; outcome: string; timings?: object; escalates?: boolean; human?: Parameters<typeof drive>[4] }[] = [
    ...Array.from({ length: 6 }, () => ({ scenario: {}, outcome: 'completed' })),
    { scenario: { portInOutcome: 'eligible-direct' }, outcome: 'add-as-new-number' },
    { scenario: { portInOutcome: 'already-moved' }, outcome: 'completed' },
    { scenario: { sandbox: true }, outcome: 'failed' },
    { scenario: { mobAccepted: false }, outcome: 'completed', human: { step: PortInStep.AWAITING_MOB_ACCEPTANCE, act: (e) => sim.acceptMob(e) } },
    { scenario: {}, outcome: 'completed', timings: { pinEscalateAfter: '2s' }, escalates: true },
  ];
  await sim.faults({ errorRate: 0.3, latencyMs: 150, hangRate: 0.05 });
  const handles: WorkflowHandle[] = [];
  // If a migration gets stuck, say where (readable in CI output) before Jest's timeout hits.
  const diagnose = setTimeout(() => void report(handles), 150_000);
  const runs = await Promise.all(
    plans.map(async (plan) => {
      const input = portInInput({ timings: { ...fast, ...plan.timings } });
      await sim.setScenario(input.phone.e164, plan.scenario);
      const handle = await stack.client.workflow.start(portInWorkflow, {
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: `port-in:${input.phone.e164}`,
        args: [input],
      });
      handles.push(handle);
      return { plan, input, handle, result: await drive(sim, handle, input.phone.e164, plan.escalates ? 4000 : 0, plan.human) };
    }),
  );
  clearTimeout(diagnose);
  const counters = await sim.counters();
  await sim.clearFaults();

  expect(runs.map((r) => r.result.outcome)).toEqual(plans.map((p) => p.outcome));
  for (const run of runs) {
    expect(counters.apiKeysMintedByNumber[run.input.phone.e164] ?? 0).toBe(run.plan.outcome === 'completed' ? 1 : 0);
    expect(ticketsFor(counters, run.handle.workflowId)).toBe(run.plan.escalates ? 1 : 0);
  }
  // Bounded retries: every activity ever scheduled has a finite schedule-to-close window or attempt cap.
  const histories = await Promise.all(runs.map((r) => r.handle.fetchHistory()));
  const scheduled = histories.flatMap((h) => (h.events ?? []).map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a != null));
  const unbounded = scheduled.filter((a) => !Number(a?.scheduleToCloseTimeout?.seconds ?? 0) && !(a?.retryPolicy?.maximumAttempts ?? 0));
  expect(unbounded.map((a) => a?.activityType?.name)).toEqual([]);
  const attempts = histories.flatMap((h) => (h.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
  expect(counters.faults.errors + counters.faults.hangs).toBeGreaterThan(10);
  process.stdout.write(
    `flaky world: ${counters.faults.errors} injected errors, ${counters.faults.hangs} hangs, ${scheduled.length} activities, ` +
      `max attempts of one activity ${Math.max(...attempts)}\n`,
  );
}, 240_000);

/** Where a stuck migration is, and the tail of its history, readable in CI output. */
async function report(handles: WorkflowHandle[]): Promise<void> {
  for (const h of handles) {
    const d = await h.describe().catch(() => undefined);
    if (!d || d.status.name !== 'RUNNING') continue;
    const status = await h.query(getStatusQuery).catch((e: unknown) => String(e));
    const events = (await h.fetchHistory().catch(() => ({ events: [] }))).events ?? [];
    const tail = events.slice(-15).map((e) => `${e.eventId} ${e.eventType} ${JSON.stringify(e.activityTaskFailedEventAttributes?.failure?.message ?? e.workflowTaskFailedEventAttributes?.failure?.message ?? e.activityTaskScheduledEventAttributes?.activityType?.name ?? '')}`);
    const pending = d.raw.pendingActivities?.map((a) => `${a.activityType?.name} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`);
    process.stdout.write(`flaky world, still running after 150 s: ${h.workflowId}\n${JSON.stringify(status).slice(0, 400)}\npending: ${JSON.stringify(pending)}\n${tail.join('\n')}\n`);
  }
}
