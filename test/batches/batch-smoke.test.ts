import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { batchClient, batchStatusUntil, freshBatchId, leavingWaba, portOutItems } from './batch-fixtures';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

test('smoke: a small batch of port-outs ends with every item accounted for', async () => {
  const client = batchClient(stack);
  const waba = await leavingWaba(sim, 4);
  const other = await sim.createWaba({ count: 1 });
  const batchId = freshBatchId('smoke');
  const started = await client.startBatch({
    batchId,
    items: [...portOutItems(waba), { kind: 'port-out', phoneNumber: other.channels[0]!.e164, wabaId: waba.wabaId }],
    concurrency: 2,
  });
  expect(started).toMatchObject({ batchId, created: true, accepted: 5, skipped: [] });
  const waiting = await batchStatusUntil(client, batchId, (s) => s.waitingOnHuman === 4 && s.byState.ended === 1);
  console.log(JSON.stringify(waiting, null, 1));
  for (const c of waba.channels) {
    await client.confirmSubscriptionCancellation(`port-out:${c.e164}`, {
      confirm: true,
      confirmedBy: 'ops@example.com',
    });
  }
  const drained = await batchStatusUntil(client, batchId, (s) => s.state === 'drained');
  console.log(JSON.stringify(drained, null, 1));
  const page = await client.listBatchItems(batchId, { limit: 10 });
  console.log(JSON.stringify(page, null, 1));
}, 120_000);
