/**
 * Durability: the worker stops in the middle of a migration (while it waits for the PIN, and
 * again while setup is polled) and a new worker process takes over: the migration completes,
 * with exactly one API key minted and no duplicated code send.
 */
import { PortInStep } from '../../contracts/port-in';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../contracts/messages';
import { simulatorControl, startStack, testConfig } from '../harness/env';
import { atStep, portInInput } from '../harness/port-in-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const sim = simulatorControl();

test('a migration survives two worker restarts and mints exactly one API key', async () => {
  const config = testConfig();
  const input = portInInput();
  await sim.setScenario(input.phone.e164, { setupMs: 'manual' });

  const first = await startStack({ config });
  const handle = await first.client.workflow.start(portInWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  await atStep(handle, PortInStep.AWAITING_PIN);
  await first.close();

  const second = await startStack({ config });
  const again = second.client.workflow.getHandle(handle.workflowId);
  const pin = (await sim.inbox(input.phone.e164)).at(-1)?.code ?? '';
  expect(await again.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] })).toEqual({
    status: 'verified',
  });
  await atStep(again, PortInStep.AWAITING_SETUP);
  await second.close();

  await sim.completeSetup(input.phone.e164);
  const third = await startStack({ config });
  try {
    const result = await third.client.workflow.getHandle(handle.workflowId).result();
    expect(result.outcome).toBe('completed');
    const counters = await sim.counters();
    expect(counters.apiKeysMintedByNumber[input.phone.e164]).toBe(1);
    expect(counters.codesSentByNumber[input.phone.e164]).toBe(1);
  } finally {
    await third.close();
  }
});
