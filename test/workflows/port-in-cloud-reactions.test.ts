/**
 * The Cloud-API port-in's reactions to Meta's refusals of request_code and register
 * (../shared/docs/cloud-migration.md §8), on the real dev server and the simulator over HTTP:
 * 136024 "already verified" goes on without a code; 133005 on register waits for the owner to
 * re-confirm two-step verification is off, then tries exactly once more.
 */
import { numberEntityId } from '../../contracts/entities';
import { getEntityQuery, getStatusQuery, submitPinUpdate, twoFactorDisabledSignal } from '../../contracts/messages';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { portInWorkflow } from '../../workflows';
import { simulatorControl, simulatorUrl, startStack, type TestStack } from '../harness/env';
import { atStep, freshNumber, portInInput } from '../harness/port-in-fixtures';
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

const BUSINESS = '777000555';
let seq = 0;

async function cloudCase(): Promise<PortInInput> {
  const number = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}-${++seq}`;
  const [sourceWabaId, wabaId] = [`src-${tag}`, `dest-${tag}`];
  await sim.setCloudSource(number, { sourceWabaId, businessId: BUSINESS });
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

const start = (input: PortInInput) =>
  stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });

async function typeTheCode(handle: Awaited<ReturnType<typeof start>>, e164: string) {
  await atStep(handle, PortInStep.AWAITING_PIN);
  const code = (await sim.inbox(e164)).at(-1)?.code ?? '';
  expect(await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(code) }] })).toEqual({
    status: 'verified',
  });
}

test('136024 "already verified": a port-in after one that verified the number asks for no code and registers', async () => {
  const input = await cloudCase();
  const e164 = input.phone.e164;
  // A first run moves the number and verifies it, then is cancelled before register succeeds.
  const first = await start(input);
  await atStep(first, PortInStep.AWAITING_PIN);
  const { phoneNumberId } = await sim.cloudNumber(e164);
  await sim.scriptError({ op: 'meta.register', preset: 'meta.133005', match: phoneNumberId });
  await typeTheCode(first, e164);
  await atStep(first, PortInStep.AWAITING_2FA_DISABLED);
  await first.cancel();
  await first.result();
  const codesBefore = (await sim.counters()).codesSentByNumber[e164];

  // The second finds the number in the destination already (2388012) and verified (136024).
  const second = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${e164}`,
    args: [input],
  });
  expect((await second.result()).outcome).toBe('completed');
  const { timeline } = await second.query(getStatusQuery);
  expect(timeline.map((t) => t.step)).not.toContain(PortInStep.AWAITING_PIN);
  expect(timeline.map((t) => t.note ?? '').join('\n')).toMatch(/verified already: no code needed/);
  await recordFixture(second, 'port-in-cloud-already-verified');
  const c = await sim.counters();
  expect({ codes: c.codesSentByNumber[e164], moved: c.numbersMigratedByNumber[e164] }).toEqual({
    codes: codesBefore,
    moved: 1,
  });
});

test('133005 on register: the owner re-confirms 2FA is off, then one more register call, and no third', async () => {
  const input = await cloudCase();
  const e164 = input.phone.e164;
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const { phoneNumberId } = await sim.cloudNumber(e164);
  await sim.scriptError({ op: 'meta.register', preset: 'meta.133005', match: phoneNumberId });
  await typeTheCode(handle, e164);

  const waiting = await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  expect(waiting.waitingFor).toMatch(/two-step verification/);
  expect(waiting.timeline.map((t) => t.note ?? '').join('\n')).toMatch(/confirm that two-step verification is off/);
  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  expect((await handle.result()).outcome).toBe('completed');
  const ledger = await stack.client.workflow.getHandle(numberEntityId(e164)).query(getEntityQuery);
  expect(ledger.registerCalls.map((r) => r.call)).toEqual(['register', 'register']);
  await recordFixture(handle, 'port-in-cloud-register-reconfirm-2fa');
});

test("133005 twice: the second refusal fails the migration with Meta's words, after exactly two register calls", async () => {
  const input = await cloudCase();
  const e164 = input.phone.e164;
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const { phoneNumberId } = await sim.cloudNumber(e164);
  await sim.scriptError({ op: 'meta.register', preset: 'meta.133005', match: phoneNumberId, times: 2 });
  await typeTheCode(handle, e164);
  await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.REGISTERING });
  expect(result.reason).toMatch(/Meta refused to register the number: .*PIN Mismatch/i);
  const ledger = await stack.client.workflow.getHandle(numberEntityId(e164)).query(getEntityQuery);
  expect(ledger.registerCalls).toHaveLength(2);
});

test.each([
  [133008, 'Too many two step verification PIN guesses for this phone number'],
  [133009, 'Two step verification PIN was entered too quickly'],
])('%s on register: the run sleeps for the time Meta named, then registers on one more call', async (code, text) => {
  const input = await cloudCase();
  const e164 = input.phone.e164;
  const handle = await start(input);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const { phoneNumberId } = await sim.cloudNumber(e164);
  const error = { message: text, type: 'OAuthException', code, error_data: { details: 'Try again after 3 seconds.' } };
  await sim.scriptError({ op: 'meta.register', status: 400, body: { error }, match: phoneNumberId });
  await typeTheCode(handle, e164);
  const refusedAt = Date.now();
  const result = await handle.result();
  expect(result.outcome).toBe('completed');
  expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(2_500);
  const { timeline } = await handle.query(getStatusQuery);
  const notes = timeline.map((t) => t.note ?? '').join('\n');
  expect(notes).toContain(`(#${code}) ${text}`);
  expect(notes).toContain('waiting 3 s as Meta asks, then one more register call');
  const ledger = await stack.client.workflow.getHandle(numberEntityId(e164)).query(getEntityQuery);
  expect(ledger.registerCalls.map((r) => r.call)).toEqual(['register', 'register']);
  if (code === 133008) await recordFixture(handle, 'port-in-cloud-register-pin-guess-wait');
});
