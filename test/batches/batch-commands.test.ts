/**
 * Batch commands and input on the real dev server: a batch with invalid items starts nothing (or,
 * with skipInvalid, only the valid ones); pause stops new starts, resume goes on; refusals name
 * their reason; a batch that continues as new many times keeps its book.
 */
import { InvalidMigrationInputError, UpdateRejectedError } from '../../client';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { recordFixture } from '../harness/replay-fixtures';
import { callbackSink, eventually, FAST_PORT_OUT } from '../harness/waba-fixtures';
import {
  batchClient,
  batchStatusUntil,
  freshBatchId,
  leavingWaba,
  portOutItems,
  startBatchWorkflow,
} from './batch-fixtures';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const exists = (workflowId: string) =>
  stack.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      () => true,
      () => false,
    );

test('invalid items: every one named by index and field, nothing starts; skipInvalid starts the rest', async () => {
  const client = batchClient(stack);
  const waba = await leavingWaba(sim, 3);
  const [a, b, c] = portOutItems(waba);
  const batchId = freshBatchId('invalid');
  const items = [
    a,
    { ...b, phoneNumber: '+12' },
    { ...c, wabaId: 'not a waba!' },
    { ...a },
    { kind: 'port-out', phoneNumber: c!.phoneNumber },
  ];
  const refused = await client.startBatch({ batchId, items: items as never }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(InvalidMigrationInputError);
  const fields = (refused as InvalidMigrationInputError).issues.map((i) => i.field);
  expect(fields).toEqual(['items[1].phoneNumber', 'items[2].wabaId', 'items[3].phoneNumber', 'items[4].wabaId']);
  expect((refused as InvalidMigrationInputError).issues[2]?.message).toBe('the same number as items[0]');
  expect(await exists(`batch:${batchId}`)).toBe(false);
  expect(await exists(`port-out:${a!.phoneNumber}`)).toBe(false);

  const started = await client.startBatch({ batchId, items: items as never, skipInvalid: true });
  expect(started.accepted).toBe(1);
  expect(started.skipped.map((s) => s.index)).toEqual([1, 2, 3, 4]);
  const status = await batchStatusUntil(client, batchId, (s) => s.waitingOnHuman === 1);
  expect(status.total).toBe(1);
  expect(await exists(`port-out:${c!.phoneNumber}`)).toBe(false);
  await client.cancelBatch(batchId, { by: 'test', reason: 'test over' });
});

test('a batch starts only items with a known kind, at most 5,000, with defaults merged in', async () => {
  const client = batchClient(stack);
  const waba = await leavingWaba(sim, 2);
  const bad = await client.startBatch({ items: [{ kind: 'partner-change' }] as never }).catch((e: unknown) => e);
  expect((bad as InvalidMigrationInputError).issues).toEqual([
    { field: 'items[0].kind', message: 'expected kind port-in or port-out' },
  ]);
  const tooMany = await client
    .startBatch({ items: Array.from({ length: 5_001 }, () => ({ kind: 'port-out' as const })) })
    .catch((e: unknown) => e);
  expect((tooMany as InvalidMigrationInputError).issues).toEqual([
    { field: 'items', message: 'a batch holds at most 5000 items' },
  ]);
  // The WABA and timings once, in defaults; each item names its number.
  const batchId = freshBatchId('defaults');
  const started = await client.startBatch({
    batchId,
    defaults: { 'port-out': { wabaId: waba.wabaId, timings: FAST_PORT_OUT } },
    items: waba.channels.map((ch) => ({ kind: 'port-out' as const, phoneNumber: ch.e164 })),
  });
  expect(started.accepted).toBe(2);
  await batchStatusUntil(client, batchId, (s) => s.waitingOnHuman === 2);
  const again = await client.startBatch({
    batchId,
    defaults: { 'port-out': { wabaId: waba.wabaId, timings: FAST_PORT_OUT } },
    items: waba.channels.map((ch) => ({ kind: 'port-out' as const, phoneNumber: ch.e164 })),
  });
  expect(again).toMatchObject({ batchId, created: false, runId: started.runId });
  await client.cancelBatch(batchId, { by: 'test', reason: 'test over' });
});

test('pause stops new starts (running items go on), resume goes on; refusals say why', async () => {
  const client = batchClient(stack);
  const waba = await leavingWaba(sim, 8);
  const batchId = freshBatchId('pause');
  await client.startBatch({
    batchId,
    items: portOutItems(waba),
    concurrency: 1,
    windowStart: new Date(Date.now() + 3_000).toISOString(),
  });
  const scheduled = await client.getBatch(batchId);
  expect(scheduled).toMatchObject({ state: 'scheduled', byState: { pending: 8 } });
  const paused = await client.pauseBatch(batchId, { by: 'ops@example.com' });
  expect(paused.state).toBe('paused');
  await new Promise((r) => setTimeout(r, 4_000)); // past the window: still nothing starts
  expect((await client.getBatch(batchId)).byState.pending).toBe(8);
  expect((await client.resumeBatch(batchId, { by: 'ops' })).state).toBe('running');
  const notPaused = await client.resumeBatch(batchId, { by: 'ops' }).catch((e: unknown) => e);
  expect(notPaused).toBeInstanceOf(UpdateRejectedError);
  expect((notPaused as UpdateRejectedError).type).toBe('NotPaused');
  const nothing = await client.retryBatch(batchId, { by: 'ops' }).catch((e: unknown) => e);
  expect((nothing as UpdateRejectedError).type).toBe('NothingToRetry');

  const all = await batchStatusUntil(client, batchId, (s) => s.waitingOnHuman === 8, 60_000);
  expect(all.peakActive).toBe(1);
  expect(all.commands.map((c) => [c.by, c.what])).toEqual([
    ['ops@example.com', 'paused'],
    ['ops', 'resumed'],
  ]);
  // All eight wait for the subscription decision, past their point of no return: left to finish.
  const report = await client.cancelBatch(batchId, { by: 'ops', reason: 'test over' });
  expect(report).toEqual({ notStarted: [], cancelRequested: [], leftToFinish: expect.any(Array) });
  expect(report.leftToFinish).toHaveLength(8);
  await Promise.all(
    report.leftToFinish.map((id) => client.declineSubscriptionCancellation(id, { declinedBy: 'owner' })),
  );
  const drained = await batchStatusUntil(client, batchId, (s) => s.state === 'drained');
  expect(drained.byOutcome).toEqual({ completed: 8 });
  const pauseDrained = await client.pauseBatch(batchId, { by: 'ops' }).catch((e: unknown) => e);
  expect((pauseDrained as UpdateRejectedError).type).toBe('BatchDrained');
  await client.cancelBatch(batchId, { by: 'ops', reason: 'close' });
  const batch = stack.client.workflow.getHandle(`batch:${batchId}`);
  expect(await batch.result()).toEqual({ batchId, total: 8, byOutcome: { completed: 8 }, notStarted: 0 });
  await recordFixture(batch, 'batch-paused-resumed-cancelled');
  await recordFixture(stack.client.workflow.getHandle(report.leftToFinish[0] ?? ''), 'port-out-batch-member');
});

test('continue-as-new every few hundred events keeps the book: 60 items over several runs', async () => {
  const waba = await sim.createWaba({ count: 1 });
  const elsewhere = await sim.createWaba({ count: 50 });
  const more = await sim.createWaba({ count: 10 });
  const batchId = freshBatchId('can');
  const numbers = [...elsewhere.channels, ...more.channels].map((c) => c.e164);
  const handle = await startBatchWorkflow(stack, batchId, numbers, waba.wabaId, { continueAfterEvents: 150 });
  const client = batchClient(stack);
  const drained = await batchStatusUntil(client, batchId, (s) => s.state === 'drained', 120_000);
  expect(drained.byOutcome).toEqual({ failed: 60 });
  expect(drained.run).toBeGreaterThan(2);
  const page = await client.listBatchItems(batchId, { limit: 100 });
  expect(page.items.map((i) => i.migrationId)).toEqual(numbers.map((n) => `port-out:${n}`));
  await client.cancelBatch(batchId, { by: 'test', reason: 'close' });
  expect(await handle.result()).toMatchObject({ total: 60, byOutcome: { failed: 60 } });
  await recordFixture(handle, 'batch-continued-as-new');
});

test('callback events: batch.started, one batch.item_ended per item (with its outcome), batch.completed once', async () => {
  const client = batchClient(stack);
  const waba = await sim.createWaba({ count: 1 });
  const elsewhere = await sim.createWaba({ count: 3 });
  const callbacks = callbackSink(sim);
  const batchId = freshBatchId('events');
  await client.startBatch({
    batchId,
    callbackUrl: callbacks.url,
    items: portOutItems(elsewhere, waba.wabaId), // each fails in its first step
  });
  const events = await eventually(callbacks.events, (es) => es.some((e) => e.type === 'batch.completed'), 30_000);
  const ids = elsewhere.channels.map((c) => `port-out:${c.e164}`).sort();
  expect(events[0]).toMatchObject({ type: 'batch.started', data: { batchId, items: 3 } });
  const ended = events.filter((e) => e.type === 'batch.item_ended') as unknown as {
    migrationId: string;
    data: Record<string, unknown>;
  }[];
  expect(ended.map((e) => e.migrationId).sort()).toEqual(ids);
  for (const e of ended) expect(e.data).toMatchObject({ batchId, outcome: 'failed', step: 'PREPARING' });
  const completed = events.filter((e) => e.type === 'batch.completed');
  expect(completed).toHaveLength(1);
  expect(completed[0]?.data).toMatchObject({ batchId, byOutcome: { failed: 3 }, byState: { ended: 3 } });
  // Nothing but these: the items' own callbacks go to their own callbackUrl (none here).
  expect(events.map((e) => e.type).sort()).toEqual([
    'batch.completed',
    'batch.item_ended',
    'batch.item_ended',
    'batch.item_ended',
    'batch.started',
  ]);
  await client.cancelBatch(batchId, { by: 'test', reason: 'close' });
});

test('an item terminated by an operator after the batch continued as new is found by the sweep and counted', async () => {
  const waba = await leavingWaba(sim, 3);
  const batchId = freshBatchId('sweep');
  const numbers = waba.channels.map((c) => c.e164);
  await startBatchWorkflow(stack, batchId, numbers, waba.wabaId, { continueAfterEvents: 20, sweepEvery: '2s' });
  const client = batchClient(stack);
  // Continued as new with the three waiting: no run holds their results any more, only reports come.
  await batchStatusUntil(client, batchId, (s) => s.waitingOnHuman === 3 && s.run > 1, 60_000);
  const victim = `port-out:${numbers[1]}`;
  await stack.client.workflow.getHandle(victim).terminate('operator: wrong number');
  const seen = await batchStatusUntil(client, batchId, (s) => s.byState.ended === 1, 60_000);
  expect(seen.byOutcome).toEqual({ failed: 1 });
  const page = await client.listBatchItems(batchId, { state: 'ended' });
  expect(page.items).toEqual([
    expect.objectContaining({
      migrationId: victim,
      outcome: 'failed',
      reason: 'closed without an outcome (terminated)',
    }),
  ]);
  await client.cancelBatch(batchId, { by: 'test', reason: 'test over' });
});
