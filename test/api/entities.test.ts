/**
 * GET /v1/numbers/{e164} and GET /v1/wabas/{wabaId} over real HTTP on the real stack: a port-out's
 * leases as ops see them (its number alone, its WABA shared), the register budget from the
 * number's ledger, both leases given back and kept in the past once it is cancelled; both
 * Brazilian spellings name one number; never-touched entities are `known: false`; a bad path is a 400.
 */
import { numberEntitySchema, wabaEntitySchema } from '../../api/schemas-entities';
import { numberEntityId, REGISTER_BUDGET } from '../../contracts/entities';
import { getEntityQuery, recordRegisterCallUpdate } from '../../contracts/messages';
import { freshNumber } from '../harness/port-in-fixtures';
import { eventually, seedWaba } from '../harness/waba-fixtures';
import { call, expectProblem, path, request, sim, startApi, waitFor, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const FAST = { pollEvery: '200ms', remindEvery: '1h' };
const numberUrl = (e164: string) => `/v1/numbers/${encodeURIComponent(e164)}`;
const wabaUrl = (wabaId: string) => `/v1/wabas/${encodeURIComponent(wabaId)}`;
const getJson = async (url: string) => {
  const res = await call(api, 'GET', url);
  expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
  return res.json();
};

test('a port-out holds its number alone and its WABA shared; cancelled, it gives both back', async () => {
  // A Brazilian mobile, so both spellings can be asked for: with the extra 9 and without it.
  const tail = freshNumber().slice(-7);
  const withNine = `+551198${tail}`;
  const withoutNine = `+55118${tail}`;
  const waba = await seedWaba(sim, { numbers: [withNine] });
  const started = await call(api, 'POST', '/v1/port-outs', {
    phoneNumber: withNine,
    wabaId: waba.wabaId,
    timings: FAST,
  });
  expect(started.statusCode).toBe(201);
  const { migrationId, runId } = started.json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_2FA_DISABLED');

  const number = await getJson(numberUrl(withNine));
  expect(number).toEqual({
    known: true,
    id: `number:${withNine}`,
    key: withNine,
    holders: [{ workflowId: migrationId, runId, kind: 'port-out', mode: 'exclusive', since: expect.any(String) }],
    past: [],
    registerBudget: { limit: 10, windowHours: 72, used: 0, remaining: 10 },
    grants: 1,
    generation: 1,
  });
  expect(await getJson(numberUrl(withoutNine))).toEqual(number);
  // The documented schema says exactly this (parsing drops keys it does not know).
  expect(numberEntitySchema.parse(number)).toEqual(number);
  expect(await getJson(wabaUrl(waba.wabaId))).toMatchObject({
    known: true,
    id: `waba:${waba.wabaId}`,
    holders: [{ workflowId: migrationId, runId, kind: 'port-out', mode: 'shared' }],
  });

  // The budget is the ledger's calls inside the moving 72 h window; with none left, when the next fits.
  const entity = api.stack.client.workflow.getHandle(numberEntityId(withNine));
  const record = () =>
    entity.executeUpdate(recordRegisterCallUpdate, { args: [{ workflowId: migrationId, call: 'register' }] });
  await record();
  await record();
  expect((await getJson(numberUrl(withoutNine))).registerBudget).toEqual({
    limit: 10,
    windowHours: 72,
    used: 2,
    remaining: 8,
  });
  for (let i = 2; i < REGISTER_BUDGET.calls; i++) await record();
  const first = (await entity.query(getEntityQuery)).registerCalls[0]?.at ?? '';
  expect((await getJson(numberUrl(withNine))).registerBudget).toEqual({
    limit: 10,
    windowHours: 72,
    used: 10,
    remaining: 0,
    nextFreeAt: new Date(Date.parse(first) + REGISTER_BUDGET.windowMs).toISOString(),
  });

  expect((await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'entities test' })).statusCode).toBe(202);
  await waitFor(api, migrationId, (m) => m.outcome === 'cancelled');
  const released = await eventually(
    () => getJson(numberUrl(withNine)),
    (n) => n.holders.length === 0,
  );
  expect(released.past).toEqual([
    expect.objectContaining({ workflowId: migrationId, kind: 'port-out', mode: 'exclusive', how: 'cancelled' }),
  ]);
  expect(numberEntitySchema.parse(released)).toEqual(released);
  const wabaAfter = await eventually(
    () => getJson(wabaUrl(waba.wabaId)),
    (w) => w.holders.length === 0,
  );
  expect(wabaAfter.past).toEqual([expect.objectContaining({ workflowId: migrationId, mode: 'shared' })]);
  expect(wabaEntitySchema.parse(wabaAfter)).toEqual(wabaAfter);
}, 90_000);

test('a number or WABA no migration ever touched is known: false (never migrated), not an error', async () => {
  const never = freshNumber('+4930');
  expect(await getJson(numberUrl(never))).toEqual({ known: false, id: `number:${never}` });
  // Spelled as people write it: spaces and brackets are read as the API reads them everywhere.
  const spaced = `${never.slice(0, 3)} (${never.slice(3, 5)}) ${never.slice(5)}`;
  expect(await getJson(numberUrl(spaced))).toEqual({ known: false, id: `number:${never}` });
  const wabaId = `waba-never-${never.slice(1)}`;
  expect(await getJson(wabaUrl(wabaId))).toEqual({ known: false, id: `waba:${wabaId}` });
});

test('a path that is not a number or WABA ID is a 400 naming it; without a token a 401', async () => {
  const bad = expectProblem(await call(api, 'GET', numberUrl('0151 2345678')), 400, 'malformed-request');
  expect(bad.errors).toEqual([{ field: 'e164', message: expect.stringContaining('must start with +') }]);
  const trunk = expectProblem(await call(api, 'GET', numberUrl('+49 0151 2345678')), 400, 'malformed-request');
  expect(trunk.detail).toContain('trunk prefix 0');
  const waba = expectProblem(await call(api, 'GET', wabaUrl('no such waba')), 400, 'malformed-request');
  expect(waba.errors).toEqual([{ field: 'wabaId', message: expect.any(String) }]);
  expectProblem(await request(api, { method: 'GET', url: numberUrl(freshNumber()) }), 401, 'unauthorized');
  expectProblem(await request(api, { method: 'GET', url: wabaUrl('waba-1') }), 401, 'unauthorized');
});
