/**
 * A batch's clocks at their REAL values on the time-skipping test server: nothing starts before the
 * window (two days ahead), everything at it; a batch whose items all ended stays open for retries for
 * exactly 7 days (RETRY_WINDOW), then completes on its own.
 */
import { simulatorControl } from '../harness/env';
import { timeSkippingStack } from '../harness/time-skipping';
import { batchClient, batchStatusUntil, freshBatchId } from './batch-fixtures';

const sim = simulatorControl();
const ts = timeSkippingStack();
const HOUR = 3_600_000;

test('the window holds every start until it opens; a drained batch stays open 7 days, then completes', async () => {
  const client = batchClient(ts.stack);
  const waba = await sim.createWaba({ count: 1 });
  const elsewhere = await sim.createWaba({ count: 3 });
  const batchId = freshBatchId('timers');
  const windowStart = new Date(Date.now() + 48 * HOUR).toISOString();
  await client.startBatch({
    batchId,
    windowStart,
    // Not numbers of that WABA: each fails in its first step, so the batch drains at once.
    items: elsewhere.channels.map((c) => ({ kind: 'port-out' as const, phoneNumber: c.e164, wabaId: waba.wabaId })),
  });
  const scheduled = await batchStatusUntil(client, batchId, (s) => s.state === 'scheduled');
  expect(scheduled).toMatchObject({ windowStart, byState: { pending: 3 } });

  await ts.env.sleep('47 hours');
  expect((await client.getBatch(batchId)).byState.pending).toBe(3);
  const item = ts.stack.client.workflow.getHandle(`port-out:${elsewhere.channels[0]?.e164}`);
  await expect(item.describe()).rejects.toThrow(/not found/i);

  await ts.env.sleep('1 hour');
  const drained = await batchStatusUntil(client, batchId, (s) => s.state === 'drained', 60_000);
  expect(drained.byOutcome).toEqual({ failed: 3 });
  expect((await item.result()).outcome).toBe('failed');

  const batch = ts.stack.client.workflow.getHandle(`batch:${batchId}`);
  await ts.env.sleep('167 hours'); // 6 days 23 hours: still open for a retry
  expect((await batch.describe()).status.name).toBe('RUNNING');
  await ts.env.sleep('2 hours');
  expect(await batch.result()).toEqual({ batchId, total: 3, byOutcome: { failed: 3 }, notStarted: 0 });
}, 180_000);
