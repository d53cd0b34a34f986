/**
 * A batch of 200 on the real dev server and simulator, with the mix a real one has: numbers whose
 * owners confirm (or decline) at once, numbers that fail (not on the WABA named), numbers whose owner
 * never turns 2FA off, and a Cloud-API port-in whose number has spent Meta's register budget. Every
 * item is accounted for; a cancel splits the open ones by their point of no return; a retry starts
 * the failed and cancelled ones again.
 */
import { numberEntityId, REGISTER_BUDGET, type EntityInput } from '../../contracts/entities';
import type { BatchItemView } from '../../contracts/batch';
import { PortInStep } from '../../contracts/port-in';
import { PortOutStep } from '../../contracts/port-out';
import { simulatorControl, simulatorUrl, startStack, type TestStack } from '../harness/env';
import { FAST, freshNumber } from '../harness/port-in-fixtures';
import { batchClient, batchStatusUntil, freshBatchId, leavingWaba, portOutItems } from './batch-fixtures';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const BUSINESS = '777000222';

/** A number on the Cloud API elsewhere whose entity already records ten register calls in the last hour. */
async function portInWithSpentBudget() {
  const number = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}`;
  await sim.setCloudSource(number, { sourceWabaId: `src-${tag}`, businessId: BUSINESS });
  await sim.setCloudWaba(`dest-${tag}`, { businessId: BUSINESS });
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const carried: EntityInput['carried'] = {
    holders: [],
    past: [],
    registerCalls: Array.from({ length: REGISTER_BUDGET.calls }, () => ({
      at,
      call: 'register',
      by: 'port-in:earlier',
    })),
    grants: 0,
    generation: 0,
  };
  await stack.client.workflow.start('numberEntityWorkflow', {
    workflowId: numberEntityId(number),
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [{ kind: 'number', key: number, carried }],
  });
  return {
    kind: 'port-in' as const,
    phoneNumber: number,
    wabaId: `dest-${tag}`,
    metaBusinessId: BUSINESS,
    businessWebsite: `${simulatorUrl()}/sites/example-shop`,
    attestations: { adminAccess: true as const, phoneAccess: true as const },
    timings: FAST,
    path: 'cloud-api' as const,
    cloud: { way: 'programmatic' as const, sourceWabaId: `src-${tag}`, creditLine: { id: 'cl-360', currency: 'USD' } },
  };
}

const ids = (items: BatchItemView[]) => items.map((i) => i.migrationId).sort();

test('200 items: every one accounted for; cancel by point of no return; retry of the failed', async () => {
  const client = batchClient(stack);
  const leaving = await Promise.all([35, 35, 35, 35].map((n) => leavingWaba(sim, n)));
  const elsewhere = await sim.createWaba({ count: 30 });
  const behind2fa = await sim.createWaba({ count: 29, twoFaEnabled: true, ownership: 'owned' });
  const portIn = await portInWithSpentBudget();
  const items = [
    ...leaving.flatMap((w) => portOutItems(w)),
    ...portOutItems(elsewhere, leaving[0]!.wabaId), // not numbers of that WABA: each fails in its first step
    ...portOutItems(behind2fa),
    portIn,
  ];
  expect(items).toHaveLength(200);
  const batchId = freshBatchId('b200');
  expect(await client.startBatch({ batchId, items, concurrency: 20 })).toMatchObject({ accepted: 200, created: true });

  // The owners of 140 confirm (20 decline) as soon as they are asked; the Cloud port-in's owner types the code.
  const answered = new Set<string>();
  let declines = 0;
  const portInId = `port-in:${portIn.phoneNumber}`;
  const settled = await batchStatusUntil(
    client,
    batchId,
    (s) => s.byState.ended === 170 && s.byStep[PortInStep.AWAITING_REGISTER_BUDGET] === 1 && s.escalated === 1,
    300_000,
    async () => {
      const page = await client.listBatchItems(batchId, { waitingOnHuman: true, limit: 200 });
      await Promise.all(
        page.items
          .filter((i) => !answered.has(i.migrationId))
          .map(async (i) => {
            if (i.step === PortOutStep.AWAITING_2FA_DISABLED) return; // these owners never act
            answered.add(i.migrationId);
            if (i.migrationId === portInId) {
              const code = (await sim.inbox(portIn.phoneNumber)).at(-1)?.code ?? '';
              return void (await client.submitPin(portInId, { pin: code }));
            }
            if (declines < 20) {
              declines++;
              return void (await client.declineSubscriptionCancellation(i.migrationId, { declinedBy: 'owner' }));
            }
            await client.confirmSubscriptionCancellation(i.migrationId, { confirm: true, confirmedBy: 'owner' });
          }),
      );
    },
  );
  expect(settled.byOutcome).toEqual({ completed: 140, failed: 30 });
  expect(settled.byState).toMatchObject({ waiting: 30, ended: 170, pending: 0, working: 0 });
  expect(settled.byStep).toEqual({
    [PortOutStep.AWAITING_2FA_DISABLED]: 29,
    [PortInStep.AWAITING_REGISTER_BUDGET]: 1,
  });
  expect(settled.waitingOnHuman).toBe(29);
  expect(settled.peakActive).toBeLessThanOrEqual(20);
  expect(settled.retryable).toBe(30);
  const failed = await client.listBatchItems(batchId, { outcome: 'failed', limit: 100 });
  expect(failed.total).toBe(30);
  expect(failed.items[0]?.reason).toMatch(/is not a 360dialog number of WABA/);
  const escalatedOpen = await client.listBatchItems(batchId, { escalated: true, state: 'waiting' });
  expect(ids(escalatedOpen.items)).toContain(portInId);

  // Cancel: the 29 before their point of no return are cancelled; the registered-to-be port-in finishes.
  const report = await client.cancelBatch(batchId, { by: 'ops@example.com', reason: 'window closed' });
  expect(report.notStarted).toEqual([]);
  expect(report.cancelRequested.sort()).toEqual(behind2fa.channels.map((c) => `port-out:${c.e164}`).sort());
  expect(report.leftToFinish).toEqual([portInId]);
  await batchStatusUntil(client, batchId, (s) => s.byOutcome.cancelled === 29, 60_000);
  await stack.client.workflow.getHandle(portInId).cancel(); // ops end it themselves
  const drained = await batchStatusUntil(client, batchId, (s) => s.state === 'drained', 60_000);
  expect(drained.byOutcome).toEqual({ completed: 140, failed: 30, cancelled: 30 });
  const all = await client.listBatchItems(batchId, { limit: 200 });
  expect(all.items.every((i) => i.state === 'ended' && i.outcome)).toBe(true);

  // Retry: the 30 failed and 30 cancelled start again (a second run of each); the failed fail again.
  const retried = await client.retryBatch(batchId, { by: 'ops@example.com' });
  expect(retried.retried).toHaveLength(60);
  await batchStatusUntil(client, batchId, (s) => s.byOutcome.failed === 30 && s.byState.ended >= 170, 120_000);
  const again = await client.listBatchItems(batchId, { outcome: 'failed', limit: 100 });
  expect(again.items.every((i) => i.starts === 2)).toBe(true);
  const end = await client.cancelBatch(batchId, { by: 'ops@example.com', reason: 'test over' });
  // Only retried items are still open (a retried one may already have ended again).
  const open = [...end.notStarted, ...end.cancelRequested, ...end.leftToFinish];
  expect(open.length).toBeGreaterThan(0);
  expect(open.filter((id) => !retried.retried.includes(id))).toEqual([]);
  if (end.leftToFinish.includes(portInId)) await stack.client.workflow.getHandle(portInId).cancel();
  await batchStatusUntil(client, batchId, (s) => s.state === 'drained', 60_000);
  await client.cancelBatch(batchId, { by: 'ops@example.com', reason: 'close it' });
  const result = await stack.client.workflow.getHandle(`batch:${batchId}`).result();
  expect(result).toMatchObject({ batchId, total: 200 });
}, 600_000);
