/**
 * Port-in waits that review found unproven: a "running" webhook is only a hint (key refused ->
 * back to the setup wait, same deadline); the Business-ID correction wait escalates once and
 * stalls; cancellation in the Business-ID wait and in the slow retries; mutual exclusion with a
 * partner change of the WABA, in the client and in the workflow. Real dev server, shared simulator.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { runningBlockersQuery } from '../../contracts/visibility';
import { MigrationConflictError } from '../../client/errors';
import { startPortIn } from '../../client/start-port-in';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { portInWorkflow } from '../../workflows';
import {
  channelStatusSignal,
  correctBusinessIdUpdate,
  getStatusQuery,
  submitPinUpdate,
} from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { FAST, atStep, portInInput, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { eventually, freshPartnerId, partnerChangeInput, seedWaba, startPartnerChange } from '../harness/waba-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

function start(input: PortInInput): Promise<WorkflowHandle<typeof portInWorkflow>> {
  return stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
}

async function submitPin(handle: WorkflowHandle<typeof portInWorkflow>, e164: string) {
  await atStep(handle, PortInStep.AWAITING_PIN);
  await handle.executeUpdate(submitPinUpdate, {
    args: [{ pin: sealedPin((await sim.inbox(e164)).at(-1)?.code ?? '') }],
  });
}

test('a "running" webhook before setup finished: the key is refused, back to the setup wait (same deadline), then one key', async () => {
  const input = portInInput();
  await sim.setScenario(input.phone.e164, { setupMs: 'manual' });
  const handle = await start(input);
  await submitPin(handle, input.phone.e164);
  const first = await atStep(handle, PortInStep.AWAITING_SETUP);

  const now = new Date().toISOString();
  await handle.signal(channelStatusSignal, { eventId: `wh-${input.phone.e164}`, status: 'running', occurredAt: now });
  const again = await waitForStatus(
    handle,
    (s) =>
      s.timeline.some((e) => /refused the API key/.test(e.note ?? '')) &&
      s.step === PortInStep.AWAITING_SETUP &&
      s.deadlineAt !== undefined,
  );
  expect(again.deadlineAt).toBe(first.deadlineAt);

  await sim.completeSetup(input.phone.e164);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', step: PortInStep.DONE, tickets: [] });
  expect((await sim.counters()).apiKeysMintedByNumber[input.phone.e164]).toBe(1);
  await recordFixture(handle, 'port-in-key-refused-rewaits-setup');
});

test('Business-ID correction wait: one escalation across rounds, then the corrected ID completes', async () => {
  const input = portInInput({
    metaBusinessId: '5555555555',
    timings: { ...FAST, businessIdEscalateAfter: '1s', businessIdDeadline: '60s' },
  });
  const handle = await start(input);
  await waitForStatus(handle, (s) => s.step === PortInStep.AWAITING_BUSINESS_ID_CORRECTION && s.escalated);
  // Still the wrong business: the preflight refuses again, a second round, no second ticket.
  await handle.executeUpdate(correctBusinessIdUpdate, { args: [{ metaBusinessId: '6666666666' }] });
  await waitForStatus(
    handle,
    (s) =>
      s.step === PortInStep.AWAITING_BUSINESS_ID_CORRECTION &&
      s.timeline.some((e) => /not 6666666666/.test(e.note ?? '')),
  );
  await new Promise((r) => setTimeout(r, 1500));
  await handle.executeUpdate(correctBusinessIdUpdate, { args: [{ metaBusinessId: '1234567890' }] });
  await submitPin(handle, input.phone.e164);
  const result = await handle.result();
  expect(result.outcome).toBe('completed');
  expect(result.tickets.map((t) => t.step)).toEqual([PortInStep.AWAITING_BUSINESS_ID_CORRECTION]);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
});

test('Business-ID correction wait: escalates, then stalls at its deadline', async () => {
  const input = portInInput({
    metaBusinessId: '5555555555',
    timings: { ...FAST, businessIdEscalateAfter: '1s', businessIdDeadline: '3s' },
  });
  const handle = await start(input);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PortInStep.AWAITING_BUSINESS_ID_CORRECTION,
    reason: 'no corrected Meta Business ID before the deadline',
  });
  expect(result.tickets).toHaveLength(1);
  await recordFixture(handle, 'port-in-business-id-escalated-stalled');
});

test('cancel during the Business-ID wait ends cancelled at that step', async () => {
  const handle = await start(portInInput({ metaBusinessId: '5555555555' }));
  await atStep(handle, PortInStep.AWAITING_BUSINESS_ID_CORRECTION);
  await handle.cancel();
  expect(await handle.result()).toMatchObject({
    outcome: 'cancelled',
    step: PortInStep.AWAITING_BUSINESS_ID_CORRECTION,
  });
});

test('cancel during the slow "Something went wrong" retries ends cancelled, not stalled', async () => {
  const input = portInInput({ timings: { ...FAST, transientTicketAfter: '1s', transientRetryEvery: '1s' } });
  await sim.setScenario(input.phone.e164, { somethingWentWrongTimes: 1000 });
  const handle = await start(input);
  await waitForStatus(handle, (s) => s.step === PortInStep.SUBMITTING && s.escalated);
  await new Promise((r) => setTimeout(r, 1500)); // the slow retries are under way
  await handle.cancel();
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'cancelled', step: PortInStep.SUBMITTING });
  expect(result.tickets).toHaveLength(1);
  // Before the fix the cancelled retries read as "kept failing": a 'stalled' end, then 'cancelled'.
  const { timeline } = await handle.query(getStatusQuery);
  expect(timeline.filter((e) => e.note?.startsWith('outcome:')).map((e) => e.note)).toEqual([
    'outcome: cancelled (cancelled at step SUBMITTING)',
  ]);
});

test('mutual exclusion: a running partner change of the WABA blocks the port-in, in the client and in the workflow', async () => {
  const waba = await seedWaba(sim);
  const change = await startPartnerChange(stack, partnerChangeInput(waba, freshPartnerId()));
  await waitForStatus(change, (s) => s.step === 'AWAITING_NUMBER_CONFIRMATION');
  const input = portInInput({ wabaId: waba.wabaId });

  // The client refuses before starting anything (409 in the HTTP API).
  const request = {
    path: 'on-premise' as const,
    phoneNumber: input.phone.e164,
    wabaId: waba.wabaId,
    metaBusinessId: input.metaBusinessId,
    businessWebsite: input.businessWebsite,
    attestations: { adminAccess: true as const, phoneAccess: true as const },
  };
  await visible(waba.wabaId);
  const refusal = startPortIn({ client: stack.client, config: stack.config }, request);
  await expect(refusal).rejects.toThrow(MigrationConflictError);
  await expect(refusal).rejects.toThrow(`partner-change:${waba.wabaId}`);

  // A run started some other way checks for itself and ends with the reason.
  const handle = await start(input);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.PREFLIGHT });
  expect(result.reason).toBe(`WABA has migrations in progress: partner-change:${waba.wabaId} (partner-change)`);
  await recordFixture(handle, 'port-in-blocked-by-partner-change');
  await change.cancel();
});

/** Visibility lags a little behind a start: wait until a query finds the partner change, as the client's check would. */
async function visible(wabaId: string): Promise<void> {
  const query = runningBlockersQuery([{ kinds: ['partner-change'], wabaId }]);
  const found = async () => {
    for await (const wf of stack.client.workflow.list({ query })) return wf.workflowId;
    return undefined;
  };
  await eventually(found, (id) => id !== undefined);
}
