/**
 * The 1-hour escalations (docs/domain.md#port-in) at their REAL default durations, on the
 * time-skipping test server: a PIN that arrives after 90 minutes still completes the migration,
 * with exactly one support ticket (counted by the simulator); the same for a setup that takes 90
 * minutes.
 */
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../contracts/messages';
import { simulatorControl } from '../harness/env';
import { atStep, ticketsFor, portInInput, waitForStatus } from '../harness/port-in-fixtures';
import { timeSkippingStack } from '../harness/time-skipping';
import { recordFixture } from '../harness/replay-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const sim = simulatorControl();
const ts = timeSkippingStack();

/** Real default timings (1 h escalations, 72 h deadlines); only the poll interval is the default 30 s too. */
function realDefaults(): PortInInput {
  return portInInput({ timings: undefined });
}

function start(input: PortInInput) {
  return ts.stack.client.workflow.start(portInWorkflow, {
    taskQueue: ts.stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
}

test('a PIN submitted after 90 minutes completes the migration, with exactly one ticket', async () => {
  const input = realDefaults();
  const handle = await start(input);
  const waiting = await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  expect(Date.parse(waiting.escalatesAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(60 * 60 * 1000);

  await ts.env.sleep('59 minutes');
  expect((await waitForStatus(handle, () => true)).escalated).toBe(false);
  await ts.env.sleep('31 minutes');
  const escalated = await waitForStatus(handle, (s) => s.escalated, 30_000);
  expect(escalated.step).toBe(PortInStep.AWAITING_PIN);
  expect(escalated.tickets).toHaveLength(1);

  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code ?? '';
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] })).toEqual({
    status: 'verified',
  });
  const result = await handle.result();
  expect(result.outcome).toBe('completed');
  expect(result.tickets).toHaveLength(1);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  await recordFixture(handle, 'port-in-pin-after-90-minutes', ts.env.address);
}, 120_000);

test('a setup that takes 90 minutes escalates once at 1 hour and still completes', async () => {
  const input = realDefaults();
  await sim.setScenario(input.phone.e164, { setupMs: 'manual' });
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code ?? '';
  await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
  await atStep(handle, PortInStep.AWAITING_SETUP, 30_000);

  await ts.env.sleep('90 minutes');
  const escalated = await waitForStatus(handle, (s) => s.escalated, 60_000);
  expect(escalated.tickets.map((t) => t.step)).toEqual([PortInStep.AWAITING_SETUP]);

  await sim.completeSetup(input.phone.e164);
  await ts.env.sleep('11 minutes'); // the next poll (backed off to at most 10 min) sees the channel running
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', step: PortInStep.DONE });
  expect(result.tickets).toHaveLength(1);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  expect((await sim.counters()).apiKeysMintedByNumber[input.phone.e164]).toBe(1);
}, 180_000);

test('no PIN within the 72-hour deadline: the migration stalls with a clear outcome', async () => {
  const input = realDefaults();
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  await ts.env.sleep('73 hours');
  expect(await handle.result()).toMatchObject({
    outcome: 'stalled',
    step: PortInStep.AWAITING_PIN,
    reason: 'no valid PIN before the deadline',
  });
}, 120_000);
