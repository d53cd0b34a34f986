/**
 * The Cloud-API port-in's Embedded Signup way over real HTTP, on the dev server and the simulator:
 * the port-in waits for the owner's finished popup; reports for another WABA or number, with a code
 * Meta refuses, or malformed, get a specific 4xx and change nothing; the right report moves the run
 * on (credit line, app subscription, the templates Meta missed, register with a new PIN, API key).
 * On Meta's new account model the number is onboarded as it is: no move, no register call, no PIN.
 */
import { numberEntityId } from '../../contracts/entities';
import { getEntityQuery } from '../../contracts/messages';
import { freshNumber } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { call, expectProblem, path, sim, startApi, waitFor, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

const BUSINESS = '777000222';
let seq = 0;

/** A number on the Cloud API at another BSP, our destination WABA, and the request that ports it in. */
async function signupCase(templates: { name: string; failReason?: string }[] = []) {
  const phoneNumber = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}-${++seq}`;
  const sourceWabaId = `src-${tag}`;
  const wabaId = `dest-${tag}`;
  await sim.setCloudSource(phoneNumber, { sourceWabaId, businessId: BUSINESS, templates });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  const body = {
    phoneNumber,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: { pollEvery: '200ms' },
    path: 'cloud-api',
    cloud: { way: 'embedded-signup', sourceWabaId, creditLine: { id: 'cl-360', currency: 'USD' } },
  };
  const started = await call(api, 'POST', '/v1/port-ins', body);
  expect(started.statusCode).toBe(201);
  const migrationId: string = started.json().migrationId;
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_EMBEDDED_SIGNUP');
  return { ...body, sourceWabaId, migrationId };
}

test('the default since 1.2.0: a port-in that names no path takes the Cloud API by Embedded Signup', async () => {
  const phoneNumber = freshNumber('+4917');
  const wabaId = `dest-default-${process.pid}-${++seq}`;
  await sim.setCloudSource(phoneNumber, { sourceWabaId: `src-default-${seq}`, businessId: BUSINESS });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  const started = await call(api, 'POST', '/v1/port-ins', {
    phoneNumber,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
  });
  expect(started.statusCode).toBe(201);
  const { migrationId } = started.json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_EMBEDDED_SIGNUP');
  const described = await api.stack.client.workflow.getHandle(migrationId).describe();
  expect(described.searchAttributes.MigrationPath).toEqual(['cloud-api']);
  await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'cleanup' });
});

const report = (migrationId: string, body: unknown) => call(api, 'POST', path(migrationId, '/embedded-signup'), body);

test('classic model: wrong reports change nothing; the right one moves the port-in to completion', async () => {
  const c = await signupCase([{ name: 'order_update' }, { name: 'bad_promo', failReason: 'Incorrect category' }]);
  const e164 = c.phoneNumber;
  // The owner finishes the popup: Meta moves the number, verified by the code typed there.
  const session = await sim.embeddedSignup({ e164, wabaId: c.wabaId });
  const other = await sim.embeddedSignup({ e164: await otherCloudNumber(), wabaId: c.wabaId });

  const refusals = [
    [{ ...session, wabaId: 'dest-someone-else' }, 422, 'SignupForAnotherWaba'],
    [{ ...session, phoneNumberId: other.phoneNumberId, code: other.code }, 422, 'SignupForAnotherNumber'],
    [{ ...session, code: `AQ${'x'.repeat(30)}` }, 422, 'SignupCodeRejected'],
  ] as const;
  for (const [body, status, code] of refusals) {
    const res = await report(c.migrationId, {
      wabaId: body.wabaId,
      phoneNumberId: body.phoneNumberId,
      code: body.code,
    });
    expect(expectProblem(res, status, 'update-rejected')).toMatchObject({ code });
    expect(res.body).not.toContain(body.code);
  }
  const malformed = await report(c.migrationId, { ...pick(session), code: 'no spaces allowed' });
  expect(expectProblem(malformed, 422, 'validation-error').detail).toMatch(/^invalid body: code: expected the code/);
  expect(malformed.body).not.toContain('no spaces allowed');
  expect((await call(api, 'GET', path(c.migrationId))).json()).toMatchObject({ step: 'AWAITING_EMBEDDED_SIGNUP' });

  const accepted = await report(c.migrationId, pick(session));
  expect({ status: accepted.statusCode, body: accepted.json() }).toEqual({
    status: 200,
    body: { status: 'accepted', phoneNumberId: session.phoneNumberId, accountModel: 'classic' },
  });
  const again = await report(c.migrationId, pick(session));
  expect(expectProblem(again, 409, 'conflict')).toMatchObject({ code: 'WrongStep' });

  const done = await waitFor(api, c.migrationId, (m) => m.outcome !== undefined, 60_000);
  expect(done).toMatchObject({ outcome: 'completed', step: 'DONE' });
  const counters = await sim.counters();
  expect({
    moved: counters.numbersMigratedByNumber[e164],
    codesWeSent: counters.codesSentByNumber[e164] ?? 0,
    registered: counters.registrationsByNumber[e164],
    keys: counters.apiKeysMintedByNumber[e164],
    subscribed: counters.appSubscriptionsByWaba[c.wabaId],
    creditLines: counters.creditLinesSharedByWaba[c.wabaId],
    templateCopies: counters.templatesMigratedByWaba[c.wabaId],
  }).toEqual({ moved: 1, codesWeSent: 0, registered: 1, keys: 1, subscribed: 1, creditLines: 1, templateCopies: 1 });
  const key = await call(api, 'GET', path(c.migrationId, '/api-key'));
  expect(key.json().twoFactorPin).toMatch(/^\d{6}$/);
  const ledger = await api.stack.client.workflow.getHandle(numberEntityId(e164)).query(getEntityQuery);
  expect(ledger.registerCalls).toEqual([expect.objectContaining({ call: 'register', by: c.migrationId })]);

  const handle = api.stack.client.workflow.getHandle(c.migrationId);
  const history = JSON.stringify(await handle.fetchHistory());
  for (const secret of [session.code, other.code, key.json().twoFactorPin]) expect(history).not.toContain(secret);
  await recordFixture(handle, 'port-in-cloud-embedded-signup');
});

test('new account model: onboarded as it is, no move, no register call, no new PIN', async () => {
  const c = await signupCase();
  const e164 = c.phoneNumber;
  const session = await sim.embeddedSignup({ e164, wabaId: c.wabaId, accountModel: 'new' });
  expect(session.waacId).toEqual(expect.any(String));
  const accepted = await report(c.migrationId, { ...pick(session), waacId: session.waacId });
  expect(accepted.json()).toEqual({ status: 'accepted', phoneNumberId: session.phoneNumberId, accountModel: 'new' });

  const done = await waitFor(api, c.migrationId, (m) => m.outcome !== undefined, 60_000);
  expect(done).toMatchObject({ outcome: 'completed', step: 'DONE' });
  const timeline: { note?: string }[] = done.timeline;
  expect(timeline.map((t) => t.note ?? '').join('\n')).toMatch(/new account model/);
  const counters = await sim.counters();
  expect({
    moved: counters.numbersMigratedByNumber[e164] ?? 0,
    registered: counters.registrationsByNumber[e164] ?? 0,
    keys: counters.apiKeysMintedByNumber[e164],
  }).toEqual({ moved: 0, registered: 0, keys: 1 });
  expect((await call(api, 'GET', path(c.migrationId, '/api-key'))).json().twoFactorPin).toBeUndefined();
});

test('a report while the port-in does not wait for a signup (programmatic way) is a 409 and changes nothing', async () => {
  const phoneNumber = freshNumber('+4917');
  await sim.setCloudSource(phoneNumber, {
    sourceWabaId: `src-x-${++seq}`,
    businessId: BUSINESS,
    twoFactorEnabled: true,
  });
  const wabaId = `dest-x-${seq}`;
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  const started = await call(api, 'POST', '/v1/port-ins', {
    phoneNumber,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    path: 'cloud-api',
    cloud: { way: 'programmatic', sourceWabaId: `src-x-${seq}`, creditLine: { id: 'cl-360', currency: 'USD' } },
  });
  const { migrationId } = started.json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_2FA_DISABLED');
  const res = await report(migrationId, { wabaId, phoneNumberId: '123456', code: `AQ${'y'.repeat(20)}` });
  expect(expectProblem(res, 409, 'conflict')).toMatchObject({ code: 'WrongStep' });
  expect((await call(api, 'GET', path(migrationId))).json()).toMatchObject({ step: 'AWAITING_2FA_DISABLED' });
  await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'test done' });
});

test('the programmatic way without its source WABA is refused before anything starts', async () => {
  const phoneNumber = freshNumber('+4917');
  const res = await call(api, 'POST', '/v1/port-ins', {
    phoneNumber,
    wabaId: 'dest-y',
    metaBusinessId: BUSINESS,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    path: 'cloud-api',
    cloud: { way: 'programmatic' },
  });
  expect(expectProblem(res, 422, 'validation-error').errors).toEqual([
    { field: 'cloud.sourceWabaId', message: 'the programmatic way needs the WABA the number is in now' },
  ]);
  expect((await call(api, 'GET', path(`port-in:${phoneNumber}`))).statusCode).toBe(404);
});

const pick = (s: { wabaId: string; phoneNumberId: string; code: string }) => ({
  wabaId: s.wabaId,
  phoneNumberId: s.phoneNumberId,
  code: s.code,
});

/** Another cloud number of the same business (signed up into the same WABA, its ID is not ours). */
async function otherCloudNumber(): Promise<string> {
  const e164 = freshNumber('+4917');
  await sim.setCloudSource(e164, { sourceWabaId: `src-other-${++seq}`, businessId: BUSINESS });
  return e164;
}
