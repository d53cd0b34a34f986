/**
 * Port-in end to end on the real dev server, a real worker and the simulator over HTTP:
 * happy path, every documented outcome, PIN handling, cancellation, duplicates and deadlines.
 */
import { type WorkflowHandle } from '@temporalio/client';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import type { MigrationResult } from '../../contracts/migration';
import { portInWorkflow } from '../../workflows';
import { getApiKeyQuery, resendCodeUpdate, submitPinUpdate } from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, portInInput } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { sealedPin } from '../harness/sealed-pin';
import { sealerFor } from '../../secrets';
import { loadConfig } from '../../temporal.config';
import { isSealed } from '../../contracts/sealed';

const sim = simulatorControl();
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

async function start(input: PortInInput): Promise<WorkflowHandle<typeof portInWorkflow>> {
  return stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
}

/** Reads the newest code the phone received, as its owner would. */
async function latestPin(e164: string): Promise<string> {
  const inbox = await sim.inbox(e164);
  const last = inbox.at(-1);
  if (!last) throw new Error(`no code delivered to ${e164}`);
  return last.code;
}

async function completeWithPin(handle: WorkflowHandle<typeof portInWorkflow>, e164: string): Promise<MigrationResult> {
  await atStep(handle, PortInStep.AWAITING_PIN);
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(await latestPin(e164)) }] })).toEqual({
    status: 'verified',
  });
  return handle.result();
}

test('happy path: preflight, submit, MoB, PIN, setup, exactly one API key', async () => {
  const input = portInInput();
  const handle = await start(input);
  const result = await completeWithPin(handle, input.phone.e164);
  expect(result).toMatchObject({ outcome: 'completed', kind: 'port-in', step: PortInStep.DONE, tickets: [] });

  // The workflow holds the key sealed; only holders of the sealing keys read it.
  const key = await handle.query(getApiKeyQuery);
  expect(isSealed(key?.apiKey, 'api-key')).toBe(true);
  expect(sealerFor(loadConfig({})).unseal('api-key', key?.apiKey)).toMatch(/\S{16,}/);
  const counters = await sim.counters();
  expect(counters.apiKeysMintedByNumber[input.phone.e164]).toBe(1);
  const steps = (await handle.describe()).typedSearchAttributes;
  expect(steps.getAll().find((p) => p.key.name === 'MigrationOutcome')?.value).toBe('completed');
  await recordFixture(handle, 'port-in-happy-path-mob-accepted-at-submission');
});

test('wrong PIN is reported with attempts left, then the right PIN completes', async () => {
  const input = portInInput();
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const pin = await latestPin(input.phone.e164);
  const wrong = pin === '000000' ? '111111' : '000000';
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(wrong) }] })).toEqual({
    status: 'wrong',
    attemptsLeft: 4,
  });
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] })).toEqual({
    status: 'verified',
  });
  expect((await handle.result()).outcome).toBe('completed');
  await recordFixture(handle, 'port-in-wrong-then-right-pin');
});

test('a PIN not sealed for `pin` (plain, malformed, sealed for another purpose) is rejected by the validator, no trace in history', async () => {
  const input = portInInput();
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const sealer = sealerFor(loadConfig({}));
  const notSealedPins = ['123456', '12345', '', 'sealed:v1:pin:dev:AAAA', sealer.seal('api-key', '123456')];
  for (const pin of notSealedPins) {
    await expect(handle.executeUpdate(submitPinUpdate, { args: [{ pin }] })).rejects.toMatchObject({
      cause: { type: 'InvalidPin' },
    });
  }
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});

test('too many wrong PINs fail the migration with a clear outcome', async () => {
  const input = portInInput({ timings: { pollEvery: '200ms', maxPinAttempts: 2 } });
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const wrong = (await latestPin(input.phone.e164)) === '000000' ? '111111' : '000000';
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(wrong) }] })).toEqual({
    status: 'wrong',
    attemptsLeft: 1,
  });
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(wrong) }] })).toMatchObject({
    status: 'locked',
  });
  expect(await handle.result()).toMatchObject({ outcome: 'failed', reason: 'too many wrong PINs' });
});

test('resend by voice respects the cooldown and delivers a new code by voice', async () => {
  const input = portInInput();
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  await expect(handle.executeUpdate(resendCodeUpdate, { args: [{ method: 'VOICE' }] })).rejects.toMatchObject({
    cause: { type: 'ResendCooldown', message: expect.stringMatching(/wait \d+ s/) },
  });
  await new Promise((r) => setTimeout(r, 1100));
  const resent = await handle.executeUpdate(resendCodeUpdate, { args: [{ method: 'VOICE' }] });
  expect(resent).toMatchObject({ method: 'VOICE', sendsLeft: 3 });
  const inbox = await sim.inbox(input.phone.e164);
  expect(inbox.map((m: { method: string }) => m.method)).toEqual(['SMS', 'VOICE']);
  expect((await completeWithPin(handle, input.phone.e164)).outcome).toBe('completed');
  expect((await sim.counters()).codesSentByNumber[input.phone.e164]).toBe(2);
});
