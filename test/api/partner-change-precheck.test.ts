/**
 * Starts that cannot succeed are refused before anything starts: a partner change of a WABA
 * 360dialog does not know or to the partner the WABA already has (409 naming why). When
 * the lookup is not possible (a client without a WABA directory, or 360dialog not answering), the
 * start goes ahead and its answer says which checks the first step still makes.
 */
import { createMigrationsClient } from '../../client';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';
import { call, expectProblem, sim, startApi, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const FAST = { pollEvery: '200ms', remindEvery: '1h' };

async function started(wabaId: string): Promise<boolean> {
  const handle = api.stack.client.workflow.getHandle(`partner-change:${wabaId}`);
  return handle.describe().then(
    () => true,
    () => false,
  );
}

test('to the partner the WABA already has: 409, nothing started', async () => {
  const current = freshPartnerId();
  const waba = await seedWaba(sim, { count: 1, partnerId: current });
  const before = (await sim.counters()).pcrsCreatedByWaba[waba.wabaId] ?? 0;
  const res = await call(api, 'POST', '/v1/partner-changes', {
    wabaId: waba.wabaId,
    destinationPartnerId: current,
    timings: FAST,
  });
  expect(expectProblem(res, 409, 'conflict').detail).toBe(
    `migration partner-change:${waba.wabaId}: WABA ${waba.wabaId} is already with partner ${current}: nothing to change`,
  );
  expect(await started(waba.wabaId)).toBe(false);
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId] ?? 0).toBe(before);
});

test('of a WABA 360dialog does not know: 409 naming the WABA, nothing started', async () => {
  const wabaId = `waba-unknown-${Date.now()}`;
  const res = await call(api, 'POST', '/v1/partner-changes', {
    wabaId,
    destinationPartnerId: freshPartnerId(),
    timings: FAST,
  });
  expect(expectProblem(res, 409, 'conflict').detail).toBe(
    `migration partner-change:${wabaId}: 360dialog does not know WABA ${wabaId} (wabaId): nothing to move`,
  );
  expect(await started(wabaId)).toBe(false);
});

test('a possible change starts with no checks pending; a client without the lookup says they are to come', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const res = await call(api, 'POST', '/v1/partner-changes', {
    wabaId: waba.wabaId,
    destinationPartnerId: freshPartnerId(),
    timings: FAST,
  });
  expect(res.statusCode).toBe(201);
  expect(res.json().pendingChecks).toBeUndefined();
  await api.stack.client.workflow.getHandle(res.json().migrationId).cancel();

  const bare = createMigrationsClient({ client: api.stack.client, config: api.stack.config });
  const other = await seedWaba(sim, { count: 1 });
  const result = await bare.startPartnerChange({
    wabaId: other.wabaId,
    destinationPartnerId: freshPartnerId(),
    timings: FAST,
  });
  expect(result).toMatchObject({
    created: true,
    pendingChecks: ['waba-known-to-360dialog', 'destination-differs-from-current-partner'],
  });
  await api.stack.client.workflow.getHandle(result.migrationId).cancel();
});
