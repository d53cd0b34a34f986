/**
 * Port-out's 2FA wait on the real dev server and simulator: reminders to an owned WABA's admin,
 * and the SLA-breach comment on a shared WABA's "2FA disable request" ticket posted exactly once
 * when its first answer is lost and the activity retries (Idempotency-Key honoured end to end).
 */
import { PortOutStep } from '../../contracts/port-out';
import { twoFactorDisabledSignal } from '../../contracts/messages';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, waitForStatus } from '../harness/port-in-fixtures';
import { callbackSink, eventually, portOutInput, seedWaba, startPortOut, ticketsAbout } from '../harness/waba-fixtures';

const sim = simulatorControl();
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

test('owned WABA: reminders while the admin has not disabled 2FA, no escalation before its time', async () => {
  const waba = await seedWaba(sim, { ownership: 'owned', count: 1 });
  const callbacks = callbackSink(sim);
  const input = portOutInput(waba, {
    callbackUrl: callbacks.url,
    timings: { pollEvery: '200ms', remindEvery: '400ms' },
  });
  const handle = await startPortOut(stack, input);
  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);

  const events = await eventually(
    callbacks.events,
    (es) =>
      es.filter((e) => e.type === 'migration.reminder' && e.data.step === PortOutStep.AWAITING_2FA_DISABLED).length >=
      2,
  );
  const reminder = events.find((e) => e.type === 'migration.reminder');
  expect(reminder?.data.waitingFor).toBe(
    'the business admin to disable two-step verification in Meta Business Manager',
  );
  const status = await waitForStatus(handle, () => true);
  expect(
    status.timeline.filter((e) => e.note === `reminder sent: ${String(reminder?.data.waitingFor)}`).length,
  ).toBeGreaterThanOrEqual(2);
  expect(status).toMatchObject({ step: PortOutStep.AWAITING_2FA_DISABLED, escalated: false, tickets: [] });

  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});

test('shared WABA: the SLA-breach comment is posted once although its first answer was lost', async () => {
  const waba = await seedWaba(sim, { ownership: 'shared', count: 1 });
  const input = portOutInput(waba, { timings: { pollEvery: '200ms', twoFaSla: '1s', remindEvery: '1h' } });
  const workflowId = `port-out:${input.phone.e164}`;
  // The first comment request of this migration reaches the desk, but its answer never comes back.
  await sim.scriptError({ op: 'support.addComment', hang: true, match: workflowId });
  const replaysBefore = (await sim.counters()).idempotentReplaysByOperation['support.addComment'] ?? 0;
  const handle = await startPortOut(stack, input);

  await waitForStatus(handle, (s) => s.tickets.some((t) => t.level > 0));
  const [request] = await ticketsAbout(sim, input.phone.e164);
  expect(request?.topic).toBe('2FA disable request');
  const key = `${workflowId}:${handle.firstExecutionRunId}:${PortOutStep.AWAITING_2FA_DISABLED}:comment:${request?.id}`;
  // The HTTP timeout (5 s in tests) fails the first attempt; the retry is answered from the store.
  const counters = await eventually(
    sim.counters,
    (c) => (c.idempotentReplaysByOperation['support.addComment'] ?? 0) > replaysBefore,
    30_000,
  );
  expect(counters.commentsAddedByKey[key]).toBe(1);
  const ticket = (await sim.tickets()).find((t) => t.id === request?.id);
  expect(ticket?.comments?.filter((c) => /SLA of 1s breached/.test(c))).toHaveLength(1);
  const status = await waitForStatus(handle, () => true);
  expect(status.timeline.some((e) => /could not comment/.test(e.note ?? ''))).toBe(false);

  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
}, 60_000);
