/**
 * The hard deadlines of the MoB, 2FA and Business-ID waits at their REAL default durations, on the
 * time-skipping test server: one escalation ticket at 24 hours, then the typed 'stalled' outcome
 * at the step, while the pollers (backed off to every 10 minutes) keep checking in between.
 */
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInInput } from '../../contracts/port-in';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { portInWorkflow } from '../../workflows';
import { simulatorControl } from '../harness/env';
import { atStep, portInInput, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { timeSkippingStack } from '../harness/time-skipping';

const sim = simulatorControl();
const ts = timeSkippingStack();
const DAY = 24 * 3_600_000;

async function start(scenario: ScenarioPatch, overrides: Partial<PortInInput> = {}) {
  // Real default timings: no per-migration overrides at all.
  const input = portInInput({ timings: undefined, ...overrides });
  await sim.setScenario(input.phone.e164, scenario);
  const handle = await ts.stack.client.workflow.start(portInWorkflow, {
    taskQueue: ts.stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  return { input, handle };
}

const WAITS = [
  {
    name: 'MoB (refused at submission)',
    scenario: { mobAccepted: false, mobGate: 'submit' },
    step: PortInStep.AWAITING_MOB_ACCEPTANCE,
    days: 14,
    reason: /Message on behalf request not yet accepted \(deadline passed\)/,
  },
  {
    name: '2FA',
    scenario: { twoFaEnabled: true },
    step: PortInStep.AWAITING_2FA_DISABLED,
    days: 14,
    reason: /two-step verification was not disabled before the deadline/,
  },
  {
    name: 'Business-ID correction',
    scenario: {},
    input: { metaBusinessId: '5555555555' },
    step: PortInStep.AWAITING_BUSINESS_ID_CORRECTION,
    days: 7,
    reason: /no corrected Meta Business ID before the deadline/,
  },
] as {
  name: string;
  scenario: ScenarioPatch;
  input?: Partial<PortInInput>;
  step: PortInStep;
  days: number;
  reason: RegExp;
}[];

test('the defaults are the ones proven here', () => {
  const t = DEFAULT_PORT_IN_TIMINGS;
  expect([t.mobEscalateAfter, t.twoFaEscalateAfter, t.businessIdEscalateAfter]).toEqual(['24h', '24h', '24h']);
  expect([t.mobDeadline, t.twoFaDeadline, t.businessIdDeadline]).toEqual(['14d', '14d', '7d']);
});

test.each(WAITS)(
  '$name wait: escalates once at 24 h, stalls at its $days-day default deadline',
  async ({ scenario, input, step, days, reason }) => {
    const { handle } = await start(scenario, input);
    const waiting = await atStep(handle, step, 60_000);
    const since = Date.parse(waiting.waitingSince ?? '');
    expect(Date.parse(waiting.escalatesAt ?? '') - since).toBe(DAY);
    expect(Date.parse(waiting.deadlineAt ?? '') - since).toBe(days * DAY);

    await ts.env.sleep('25 hours');
    const escalated = await waitForStatus(handle, (s) => s.escalated, 60_000);
    expect(escalated.step).toBe(step);
    await ts.env.sleep(`${days * 24 - 24} hours`);
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'stalled', step });
    expect(result.reason).toMatch(reason);
    expect(result.tickets.map((t) => t.step)).toEqual([step]);
    expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  },
  240_000,
);
