/**
 * Port-out's irreversible last step against the real dev server and simulator: the
 * `confirmSubscriptionCancellation` update when 360dialog refuses the cancellation, when two
 * decisions reach the workflow together, and when the migration is cancelled while the update
 * waits for the cancellation activity (the update must end with a clear rejection, not hang).
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { PortOutStep } from '../../contracts/port-out';
import { confirmSubscriptionCancellationUpdate, declineSubscriptionCancellationUpdate } from '../../contracts/messages';
import { simulatorControl, startStack, testConfig, type TestStack } from '../harness/env';
import { atStep, waitForStatus } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { portOutInput, rejectionOf, seedWaba, startPortOut } from '../harness/waba-fixtures';
import type { portOutWorkflow } from '../../workflows';

const sim = simulatorControl();
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const confirm = (confirmedBy: string) => ({
  args: [{ confirm: true as const, confirmedBy }] as [{ confirm: true; confirmedBy: string }],
});

/** A port-out whose number has already left: it starts at the subscription decision. */
async function atDecision(s: TestStack) {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
  const input = portOutInput(waba);
  await sim.markNumberLeft(input.phone.e164);
  const handle = await startPortOut(s, input);
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  return { waba, handle };
}

test('360dialog refuses the cancellation: the update is rejected with CancellationFailed, the port-out fails, subscription active', async () => {
  const { waba, handle } = await atDecision(stack);
  // Scoped to this client: other tests cancelling subscriptions in parallel are unaffected.
  await sim.scriptError({ op: '360.cancelSubscription', preset: 'd360.permission-denied', match: waba.clientId });

  const rejected = await rejectionOf(handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm('carol')));
  expect(rejected.type).toBe('CancellationFailed');
  expect(rejected.message).toMatch(/^cancelling the subscription failed: .*Permission denied/);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'failed',
    step: PortOutStep.CANCELLING_SUBSCRIPTION,
    subscription: 'active',
    decidedBy: 'carol',
  });
  expect((await sim.waba(waba.wabaId)).subscription).toBe('active');
  expect((await sim.counters()).subscriptionsCancelledByClient[waba.clientId]).toBeUndefined();
});

test('two decisions in one workflow task: the first wins, the second is rejected with AlreadyDecided', async () => {
  // Own task queue and worker: with the worker stopped, both updates wait at the server and reach
  // the restarted worker in the same workflow task, the only way two decisions can meet.
  const config = testConfig();
  const own = await startStack({ config });
  const { waba, handle: ownHandle } = await atDecision(own);
  await own.close();
  const handle = stack.client.workflow.getHandle<typeof portOutWorkflow>(ownHandle.workflowId);

  const confirmed = handle.executeUpdate(confirmSubscriptionCancellationUpdate, confirm('dave')).then(
    (r) => ({ ok: r }),
    (err: unknown) => ({ err }),
  );
  const declined = handle.executeUpdate(declineSubscriptionCancellationUpdate, { args: [{ declinedBy: 'erin' }] }).then(
    (r) => ({ ok: r }),
    (err: unknown) => ({ err }),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const restarted = await startStack({ config });
  try {
    const outcomes = await Promise.all([confirmed, declined]);
    const winners = outcomes.filter((o) => 'ok' in o);
    expect(winners).toHaveLength(1);
    const loser = outcomes.find((o) => 'err' in o) as { err: unknown };
    const rejection = await rejectionOf(Promise.reject(loser.err));
    expect(rejection.type).toBe('AlreadyDecided');
    const result = await handle.result();
    if (rejection.message.startsWith('dave')) {
      expect(rejection.message).toBe('dave already confirmed the cancellation');
      expect(result).toMatchObject({ outcome: 'completed', subscription: 'cancelled', decidedBy: 'dave' });
    } else {
      expect(rejection.message).toBe('erin already declined the cancellation');
      expect(result).toMatchObject({ outcome: 'completed', subscription: 'kept', decidedBy: 'erin' });
    }
    expect((await sim.waba(waba.wabaId)).subscription).toBe(
      result.subscription === 'cancelled' ? 'cancelled' : 'active',
    );
  } finally {
    await restarted.close();
  }
});

test('cancelled while the confirmed cancellation is in flight: the update ends with MigrationEnded, the run with cancelled', async () => {
  const { waba, handle } = await atDecision(stack);
  // 360dialog keeps failing (retried): the update waits for the cancellation activity.
  await sim.scriptError({ op: '360.cancelSubscription', preset: 'http.503', times: 1000, match: waba.clientId });
  const update = await handle.startUpdate(confirmSubscriptionCancellationUpdate, {
    ...confirm('frank'),
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await atStep(handle, PortOutStep.CANCELLING_SUBSCRIPTION);
  await handle.cancel();

  const rejection = await rejectionOf(update.result());
  expect(rejection.type).toBe('MigrationEnded');
  expect(rejection.message).toMatch(/the migration was cancelled before the subscription was cancelled/);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'cancelled',
    step: PortOutStep.CANCELLING_SUBSCRIPTION,
    subscription: 'active',
    decidedBy: 'frank',
  });
  // One outcome, not 'failed' then 'cancelled'; the timeline says the request may have gone out.
  const { timeline } = await waitForStatus(handle, () => true);
  expect(timeline.filter((e) => e.note?.startsWith('outcome:')).map((e) => e.note)).toEqual([
    `outcome: cancelled (cancelled at step ${PortOutStep.CANCELLING_SUBSCRIPTION})`,
  ]);
  expect(timeline.some((e) => /check the subscription with 360dialog/.test(e.note ?? ''))).toBe(true);
  const history = await handle.fetchHistory();
  expect(history.events?.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(1);
  await recordFixture(handle, 'port-out-cancelled-during-subscription-cancellation');
});
