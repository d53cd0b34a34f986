/**
 * The Cloud-API port-in, programmatic way, on the real dev server and the simulator over HTTP: the
 * number moves into the destination WABA, the owner types the one-time code, templates are copied,
 * the number is registered with a new PIN (in the number's register ledger first) and 360dialog's
 * channel gets its API key. Meta's refusals get their reactions; the register budget is never
 * exceeded, whatever the flow.
 */
import { numberEntityId, REGISTER_BUDGET, type EntityInput } from '../../contracts/entities';
import { getEntityQuery, submitPinUpdate, twoFactorDisabledSignal } from '../../contracts/messages';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import type { PortInResult } from '../../contracts/port-in-cloud';
import { InvalidMigrationInputError } from '../../client/errors';
import { fetchApiKey } from '../../client/fetch-api-key';
import { startPortIn } from '../../client/start-port-in';
import { portInWorkflow } from '../../workflows';
import { simulatorControl, simulatorUrl, startStack, type TestStack } from '../harness/env';
import { atStep, freshNumber, portInInput, waitForStatus } from '../harness/port-in-fixtures';
import { recordFixture } from '../harness/replay-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const sim = simulatorControl();
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const BUSINESS = '777000111';
let seq = 0;

/** A number on the Cloud API in another BSP's WABA, our destination WABA, and the port-in input. */
async function cloudCase(source: Parameters<typeof sim.setCloudSource>[1] = {}): Promise<PortInInput> {
  const number = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}-${++seq}`;
  const sourceWabaId = `src-${tag}`;
  const wabaId = `dest-${tag}`;
  await sim.setCloudSource(number, { sourceWabaId, businessId: BUSINESS, ...source });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  return portInInput({
    number,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: `${simulatorUrl()}/sites/example-shop`,
    path: 'cloud-api',
    cloud: { way: 'programmatic', sourceWabaId, creditLine: { id: 'cl-360', currency: 'USD' } },
  });
}

function start(input: PortInInput) {
  return stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
}

async function typeTheCode(handle: Awaited<ReturnType<typeof start>>, e164: string) {
  await atStep(handle, PortInStep.AWAITING_PIN);
  const code = (await sim.inbox(e164)).at(-1)?.code ?? '';
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(code) }] })).toEqual({
    status: 'verified',
  });
}

test('a number moves on the Cloud API: code, templates, register with a new PIN, API key; each effect once', async () => {
  const input = await cloudCase({
    templates: [{ name: 'order_update' }, { name: 'bad_promo', failReason: 'Incorrect category' }],
  });
  const e164 = input.phone.e164;
  const handle = await start(input);
  await typeTheCode(handle, e164);
  const result: PortInResult = await handle.result();

  expect(result).toMatchObject({ outcome: 'completed', path: 'cloud-api', step: PortInStep.DONE });
  expect(result.templates?.migrated).toBe(1);
  expect(result.templates?.failed).toEqual([{ id: expect.any(String), reason: 'Incorrect category' }]);
  const c = await sim.counters();
  expect({
    moved: c.numbersMigratedByNumber[e164],
    codes: c.codesSentByNumber[e164],
    registered: c.registrationsByNumber[e164],
    keys: c.apiKeysMintedByNumber[e164],
  }).toEqual({ moved: 1, codes: 1, registered: 1, keys: 1 });
  // The register call is in the number's ledger, made by this migration.
  const ledger = await stack.client.workflow.getHandle(numberEntityId(e164)).query(getEntityQuery);
  expect(ledger.registerCalls).toEqual([expect.objectContaining({ call: 'register', by: handle.workflowId })]);
  // The new two-step PIN reaches the requester once, with the API key, and nowhere in history.
  const key = await fetchApiKey({ client: stack.client, config: stack.config }, handle.workflowId);
  expect(key.twoFactorPin).toMatch(/^\d{6}$/);
  const history = JSON.stringify(await handle.fetchHistory());
  expect(history).not.toContain(key.twoFactorPin);
  const status = await handle.query('getStatus');
  expect(JSON.stringify(status)).not.toContain(key.twoFactorPin);
  // The 24 h template watch goes on after the port-in ended (port-in-cloud-deadlines.test.ts runs it).
  const watch = stack.client.workflow.getHandle(`${handle.workflowId}:templates:${handle.firstExecutionRunId}`);
  expect((await watch.describe()).status.name).toBe('RUNNING');
  await recordFixture(handle, 'port-in-cloud-completed');
});

test('2FA still on: the migration waits for the owner (no retry loop), then moves the number', async () => {
  const input = await cloudCase({ twoFactorEnabled: true });
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  const before = (await sim.counters()).numbersMigratedByNumber[input.phone.e164] ?? 0;
  await new Promise((r) => setTimeout(r, 1_500)); // several poll intervals: Meta is not asked again
  expect((await handle.query('getStatus')) as { step: string }).toMatchObject({ step: 'AWAITING_2FA_DISABLED' });

  await sim.disableTwoFa(input.phone.e164);
  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  await atStep(handle, PortInStep.AWAITING_PIN);
  expect((await sim.counters()).numbersMigratedByNumber[input.phone.e164]).toBe(before + 1);
  await handle.cancel();
  await handle.result();
  await recordFixture(handle, 'port-in-cloud-2fa-wait-cancelled');
});

test('a number Meta does not see in migration ends add-as-new-number, with nothing moved', async () => {
  const input = await cloudCase();
  const unknown = freshNumber('+4917'); // not scripted as a cloud source
  const handle = await start({ ...input, phone: { ...input.phone, e164: unknown, national: unknown.slice(3) } });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'add-as-new-number', step: PortInStep.MIGRATING_NUMBER });
  expect(result.reason).toMatch(/new number/);
  await recordFixture(handle, 'port-in-cloud-not-in-migration');
});

test('webhooks missing on the destination: subscribed again and moved on the second try', async () => {
  const input = await cloudCase();
  await sim.scriptError({ op: 'meta.migratePhoneNumber', preset: 'meta.2388103-webhooks', match: input.wabaId });
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const c = await sim.counters();
  expect(c.appSubscriptionsByWaba[input.wabaId]).toBe(2);
  expect(c.numbersMigratedByNumber[input.phone.e164]).toBe(1);
  await handle.cancel();
});

test('source and destination in different businesses: the migration fails with the reason, nothing moved or registered', async () => {
  const input = await cloudCase({ businessId: '777000999' });
  const handle = await start(input);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.MIGRATING_NUMBER });
  expect(result.reason).toMatch(/Meta refused to move the number: .*business/i);
  const c = await sim.counters();
  expect(c.numbersMigratedByNumber[input.phone.e164] ?? 0).toBe(0);
  expect(c.codesSentByNumber[input.phone.e164] ?? 0).toBe(0);
  const ledger = await stack.client.workflow.getHandle(numberEntityId(input.phone.e164)).query(getEntityQuery);
  expect(ledger.registerCalls).toEqual([]);
  await recordFixture(handle, 'port-in-cloud-business-mismatch');
});

test('no payment method on the destination: our credit line is shared again and the move goes through', async () => {
  const input = await cloudCase();
  await sim.scriptError({ op: 'meta.migratePhoneNumber', preset: 'meta.2388103-payment', match: input.wabaId });
  const handle = await start(input);
  const waiting = await atStep(handle, PortInStep.AWAITING_PIN);
  expect(waiting.timeline.map((t) => t.note ?? '').join('\n')).toMatch(/sharing our credit line again/);
  const c = await sim.counters();
  expect(c.numbersMigratedByNumber[input.phone.e164]).toBe(1);
  expect(c.creditLinesSharedByWaba[input.wabaId]).toBe(2);
  await handle.cancel();
});

test('the source stored data in a region: set on the destination, then registered (two calls, both in the ledger)', async () => {
  const input = await cloudCase({ dataLocalizationRegion: 'IN' });
  const handle = await start(input);
  await typeTheCode(handle, input.phone.e164);
  expect((await handle.result()).outcome).toBe('completed');
  const ledger = await stack.client.workflow.getHandle(numberEntityId(input.phone.e164)).query(getEntityQuery);
  expect(ledger.registerCalls.map((r) => r.call)).toEqual(['register', 'register']);
  expect((await sim.counters()).registrationsByNumber[input.phone.e164]).toBe(2);
  await recordFixture(handle, 'port-in-cloud-data-localization');
});

test('a spent register budget: the 11th call is never made; the migration waits for the window, escalated', async () => {
  const input = await cloudCase();
  const e164 = input.phone.e164;
  // Ten calls in the last hour, from earlier migrations of this number (carried by its entity).
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
    workflowId: numberEntityId(e164),
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [{ kind: 'number', key: e164, carried }],
  });
  const handle = await start(input);
  await typeTheCode(handle, e164);
  const waiting = await waitForStatus(handle, (s) => s.step === PortInStep.AWAITING_REGISTER_BUDGET && s.escalated);
  expect(waiting.waitingFor).toMatch(/register budget/);
  expect(Date.parse(waiting.deadlineAt ?? '')).toBe(Date.parse(at) + REGISTER_BUDGET.windowMs);
  expect((await sim.counters()).registrationsByNumber[e164]).toBeUndefined();
  await handle.cancel();
  await handle.result();
  await recordFixture(handle, 'port-in-cloud-register-budget-wait');
});

test('bad input: programmatic without its source WABA, cloud options on the on-premise path, an unknown way: nothing starts', async () => {
  const deps = { client: stack.client, config: stack.config };
  const phoneNumber = freshNumber('+4917');
  const base = {
    phoneNumber,
    wabaId: 'dest-bad-input',
    metaBusinessId: BUSINESS,
    businessWebsite: `${simulatorUrl()}/sites/example-shop`,
    attestations: { adminAccess: true as const, phoneAccess: true as const },
  };
  const cloud = { sourceWabaId: 'src-bad-input' };
  await expect(startPortIn(deps, { ...base, cloud: { way: 'programmatic' } })).rejects.toThrow(
    /cloud.sourceWabaId: the programmatic way needs the WABA the number is in now/,
  );
  await expect(startPortIn(deps, { ...base, path: 'on-premise', cloud })).rejects.toThrow(
    /cloud options belong to path cloud-api/,
  );
  const unknownWay = startPortIn(deps, {
    ...base,
    path: 'cloud-api',
    cloud: { ...cloud, way: 'carrier-pigeon' },
  } as never);
  await expect(unknownWay).rejects.toBeInstanceOf(InvalidMigrationInputError);
  await expect(stack.client.workflow.getHandle(`port-in:${phoneNumber}`).describe()).rejects.toThrow(/not found/i);
});
