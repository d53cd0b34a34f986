/**
 * Meta's register budget on the number entity at its REAL window (10 calls per moving 72 h), on the
 * time-skipping server: the 11th call is refused with the moment it becomes possible, one minute
 * before that moment it is still refused, at it it is recorded. Only the lease holder may record,
 * and only on a number. An idle entity continues-as-new after 30 days with holder and ledger intact.
 */
import { numberEntityId, wabaEntityId, REGISTER_BUDGET, type EntityInput } from '../../contracts/entities';
import { acquireLeaseUpdate, getEntityQuery, recordRegisterCallUpdate } from '../../contracts/messages';
import { timeSkippingStack } from '../harness/time-skipping';
import { rejectionOf } from '../harness/waba-fixtures';

const ts = timeSkippingStack();
const holder = { workflowId: 'port-in:+4930555000111', runId: 'run-1', kind: 'port-in' as const };

async function startEntity(input: EntityInput) {
  const workflowId = input.kind === 'number' ? numberEntityId(input.key) : wabaEntityId(input.key);
  await ts.stack.client.workflow.start(input.kind === 'number' ? 'numberEntityWorkflow' : 'wabaEntityWorkflow', {
    workflowId,
    taskQueue: ts.stack.config.TEMPORAL_TASK_QUEUE,
    args: [input],
  });
  return ts.stack.client.workflow.getHandle(workflowId);
}

test('the 11th register call in 72 h is refused until the first leaves the window', async () => {
  const number = await startEntity({ kind: 'number', key: '+4930555000111' });
  await number.executeUpdate(acquireLeaseUpdate, { args: [{ holder, mode: 'exclusive' }] });
  const record = () =>
    number.executeUpdate(recordRegisterCallUpdate, { args: [{ workflowId: holder.workflowId, call: 'register' }] });

  const first = await record();
  expect(first).toEqual({ recorded: true, callsInWindow: 1, remaining: 9 });
  const firstAt = Date.parse((await number.query(getEntityQuery)).registerCalls[0]?.at ?? '');
  await ts.env.sleep('1 hour');
  for (let i = 2; i <= REGISTER_BUDGET.calls; i++) {
    expect(await record()).toEqual({ recorded: true, callsInWindow: i, remaining: REGISTER_BUDGET.calls - i });
  }

  const refused = await record();
  expect(refused).toEqual({ recorded: false, callsInWindow: 10, notBefore: expect.any(String) });
  if (refused.recorded) throw new Error('unreachable');
  expect(Date.parse(refused.notBefore) - firstAt).toBe(72 * 3_600_000);

  // 71 h 59 min after the first call: still ten in the window.
  await ts.env.sleep('4259 minutes');
  expect(await record()).toMatchObject({ recorded: false, notBefore: refused.notBefore });
  await ts.env.sleep('1 minute');
  expect(await record()).toEqual({ recorded: true, callsInWindow: 10, remaining: 0 });

  const state = await number.query(getEntityQuery);
  expect(state.registerCalls).toHaveLength(10); // the first call left the ledger with the window
  await number.terminate('test over');
}, 120_000);

test('only the number lease holder may record, and only on a number', async () => {
  const number = await startEntity({ kind: 'number', key: '+4930555000222' });
  const stranger = rejectionOf(
    number.executeUpdate(recordRegisterCallUpdate, {
      args: [{ workflowId: 'port-in:someone-else', call: 'register' }],
    }),
  );
  expect(await stranger).toMatchObject({ type: 'NotLeaseHolder' });
  const bogus = rejectionOf(
    number.executeUpdate(recordRegisterCallUpdate, {
      args: [{ workflowId: holder.workflowId, call: 'unregister' as 'register' }],
    }),
  );
  expect(await bogus).toMatchObject({ type: 'InvalidRegisterCall' });

  const waba = await startEntity({ kind: 'waba', key: '555000333' });
  await waba.executeUpdate(acquireLeaseUpdate, { args: [{ holder, mode: 'shared' }] });
  const onWaba = rejectionOf(
    waba.executeUpdate(recordRegisterCallUpdate, { args: [{ workflowId: holder.workflowId, call: 'register' }] }),
  );
  expect(await onWaba).toMatchObject({ type: 'NotANumber' });
  // A rejected update leaves nothing in history and nothing in the ledger.
  expect((await number.query(getEntityQuery)).registerCalls).toEqual([]);
  await number.terminate('test over');
  await waba.terminate('test over');
}, 60_000);

test('an idle entity starts a new run after 30 days, keeping its holder and ledger', async () => {
  const number = await startEntity({ kind: 'number', key: '+4930555000444' });
  await number.executeUpdate(acquireLeaseUpdate, { args: [{ holder, mode: 'exclusive' }] });
  await number.executeUpdate(recordRegisterCallUpdate, {
    args: [{ workflowId: holder.workflowId, call: 'deregister' }],
  });
  const before = await number.describe();

  await ts.env.sleep('721 hours');
  const after = await number.query(getEntityQuery);
  expect(after.generation).toBe(2);
  expect(after.holders).toEqual([expect.objectContaining({ workflowId: holder.workflowId, mode: 'exclusive' })]);
  expect(after.grants).toBe(1);
  // The 72 h window has long passed: the call has left the ledger, the budget is whole again.
  expect(after.registerCalls).toEqual([]);
  expect((await number.describe()).runId).not.toBe(before.runId);
  await number.terminate('test over');
}, 120_000);
