/**
 * Every documented port-in outcome (docs/domain.md#port-in-answers), the preflight checklist, cancellation in
 * each wait, hard deadlines and duplicate starts — real dev server, real worker, simulator over HTTP.
 */
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { portInWorkflow } from '../../workflows';
import {
  correctBusinessIdUpdate,
  mobAcceptedSignal,
  submitPinUpdate,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, FAST, portInInput, ticketsFor } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

async function start(scenario: ScenarioPatch, overrides: Partial<PortInInput> & { number?: string } = {}) {
  const input = portInInput(overrides);
  if (Object.keys(scenario).length) await sim.setScenario(input.phone.e164, scenario);
  const handle = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  return { input, handle };
}

async function finishWithPin(handle: WorkflowHandle<typeof portInWorkflow>, e164: string) {
  await atStep(handle, PortInStep.AWAITING_PIN);
  const pin = (await sim.inbox(e164)).at(-1)?.code ?? '';
  await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
  return handle.result();
}

test('"eligible to be added directly": ends as add-as-new-number, nothing retried', async () => {
  const { input, handle } = await start({ portInOutcome: 'eligible-direct' });
  expect(await handle.result()).toMatchObject({ outcome: 'add-as-new-number', step: PortInStep.SUBMITTING });
  expect((await sim.counters()).portInSubmissionsByNumber[input.phone.e164]).toBe(1);
});

test('"already been moved": success-equivalent, skips registration, still one API key', async () => {
  const { input, handle } = await start({ portInOutcome: 'already-moved' });
  expect(await handle.result()).toMatchObject({ outcome: 'completed', step: PortInStep.DONE });
  const counters = await sim.counters();
  expect(counters.codesSentByNumber[input.phone.e164] ?? 0).toBe(0);
  expect(counters.apiKeysMintedByNumber[input.phone.e164]).toBe(1);
});

test('MoB not accepted: waits, the poller sees the acceptance, the flow continues', async () => {
  const { input, handle } = await start({ mobAccepted: false });
  const waiting = await atStep(handle, PortInStep.AWAITING_MOB_ACCEPTANCE);
  expect(waiting.waitingFor).toMatch(/Message-on-Behalf/);
  await sim.acceptMob(input.phone.e164);
  expect((await finishWithPin(handle, input.phone.e164)).outcome).toBe('completed');
  await recordFixture(handle, 'port-in-mob-wait');
});

test('MoB rejected at submission: the mobAccepted signal leads to a resubmission', async () => {
  const { input, handle } = await start({ mobAccepted: false, mobGate: 'submit' });
  await atStep(handle, PortInStep.AWAITING_MOB_ACCEPTANCE);
  await sim.acceptMob(input.phone.e164);
  await handle.signal(mobAcceptedSignal, { source: 'operator' });
  await handle.signal(mobAcceptedSignal, { source: 'webhook', eventId: 'dup' }); // repeats are harmless
  expect((await finishWithPin(handle, input.phone.e164)).outcome).toBe('completed');
  expect((await sim.counters()).portInSubmissionsByNumber[input.phone.e164]).toBe(2);
});

test('2FA still on: waits for the old BSP, continues once Meta reports it off', async () => {
  const { input, handle } = await start({ twoFaEnabled: true });
  await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  await sim.disableTwoFa(input.phone.e164);
  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  expect((await finishWithPin(handle, input.phone.e164)).outcome).toBe('completed');
  await recordFixture(handle, 'port-in-2fa-wait');
});

test('"same business": waits for a corrected Meta Business ID, then goes on', async () => {
  const { input, handle } = await start({}, { metaBusinessId: '5555555555' });
  const waiting = await atStep(handle, PortInStep.AWAITING_BUSINESS_ID_CORRECTION);
  expect(waiting.timeline.at(-1)?.note).toMatch(/5555555555/);
  await expect(
    handle.executeUpdate(correctBusinessIdUpdate, { args: [{ metaBusinessId: 'abc' }] }),
  ).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/5-20 digits/) },
  });
  await handle.executeUpdate(correctBusinessIdUpdate, { args: [{ metaBusinessId: '1234567890' }] });
  expect((await finishWithPin(handle, input.phone.e164)).outcome).toBe('completed');
});

test('"Something went wrong" twice: retried with backoff, then completes, no ticket', async () => {
  const { input, handle } = await start({ somethingWentWrongTimes: 2 });
  const result = await finishWithPin(handle, input.phone.e164);
  expect(result).toMatchObject({ outcome: 'completed', tickets: [] });
  expect((await sim.counters()).portInSubmissionsByNumber[input.phone.e164]).toBeGreaterThanOrEqual(3);
});

test('"Something went wrong" for longer than allowed: one ticket, then slow retries until it works', async () => {
  const timings = { ...FAST, transientTicketAfter: '2s', transientRetryEvery: '1s' };
  const { input, handle } = await start({ somethingWentWrongTimes: 6 }, { timings });
  const result = await finishWithPin(handle, input.phone.e164);
  expect(result.outcome).toBe('completed');
  expect(result.tickets.map((t) => t.step)).toEqual([PortInStep.SUBMITTING]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
});

test('preflight reports every failed checklist item together', async () => {
  // A business of its own: verification status belongs to the business, shared by its numbers.
  const business = { metaBusinessId: '7777000001' };
  const { handle } = await start(
    { ...business, sandbox: true, onCloudApi: true, businessVerification: 'pending' },
    business,
  );
  const result = await handle.result();
  expect(result.outcome).toBe('failed');
  for (const item of ['WABA not in sandbox', 'Number not on Meta Cloud API', 'Business Manager verified']) {
    expect(result.reason).toContain(item);
  }
});

test('a Brazilian number must match the live profile form exactly (extra 9)', async () => {
  const { handle } = await start({ liveProfileNumber: '+553198765432' }, { number: '+5531998765432' });
  const result = await handle.result();
  expect(result.outcome).toBe('failed');
  expect(result.reason).toMatch(/live profile shows \+553198765432/);
});

test.each([
  ['MoB wait', { mobAccepted: false } as ScenarioPatch, PortInStep.AWAITING_MOB_ACCEPTANCE],
  ['2FA wait', { twoFaEnabled: true } as ScenarioPatch, PortInStep.AWAITING_2FA_DISABLED],
  ['PIN wait', {} as ScenarioPatch, PortInStep.AWAITING_PIN],
])('cancel during the %s ends with outcome cancelled at that step', async (_name, scenario, step) => {
  const { handle } = await start(scenario);
  await atStep(handle, step);
  await handle.cancel();
  expect(await handle.result()).toMatchObject({ outcome: 'cancelled', step });
});

test('cancel during the setup wait', async () => {
  const { input, handle } = await start({ setupMs: 'manual' });
  await atStep(handle, PortInStep.AWAITING_PIN);
  await handle.executeUpdate(submitPinUpdate, {
    args: [{ pin: sealedPin((await sim.inbox(input.phone.e164)).at(-1)?.code ?? '') }],
  });
  await atStep(handle, PortInStep.AWAITING_SETUP);
  await handle.cancel();
  expect(await handle.result()).toMatchObject({ outcome: 'cancelled', step: PortInStep.AWAITING_SETUP });
  expect((await sim.counters()).apiKeysMintedByNumber[input.phone.e164] ?? 0).toBe(0);
});

test('hard deadlines: escalation ticket first, then a stalled outcome', async () => {
  const { input, handle } = await start(
    { setupMs: 'manual' },
    { timings: { ...FAST, setupEscalateAfter: '1s', setupDeadline: '3s' } },
  );
  await atStep(handle, PortInStep.AWAITING_PIN);
  await handle.executeUpdate(submitPinUpdate, {
    args: [{ pin: sealedPin((await sim.inbox(input.phone.e164)).at(-1)?.code ?? '') }],
  });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'stalled', step: PortInStep.AWAITING_SETUP });
  expect(result.tickets).toHaveLength(1);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
});

test('one migration per number: a second start is refused or returns the running one', async () => {
  const { input, handle } = await start({ mobAccepted: false });
  const again = () =>
    stack.client.workflow.start(portInWorkflow, {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: `port-in:${input.phone.e164}`,
      args: [input],
    });
  await expect(again()).rejects.toThrow(WorkflowExecutionAlreadyStartedError);
  const existing = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  expect(existing.firstExecutionRunId).toBe(handle.firstExecutionRunId);
  await handle.cancel();
});
