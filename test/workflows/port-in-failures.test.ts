/**
 * Failures of the outside world end a port-in with a typed outcome, never a raw workflow failure:
 * unknown IDs in the preflight are checklist items; a non-retryable error no step handles ends
 * 'failed' with the activity and the upstream message (callback, search attribute, no secrets);
 * the slow retries of "Something went wrong" end at their own window. Own simulator (scripted errors).
 */
import { PortInStep } from '../../contracts/port-in';
import { graphError } from '../../simulator/catalog';
import { submitPinUpdate } from '../../contracts/messages';
import { MigrationOutcomeKey } from '../../contracts/search-attributes';
import { FAST, atStep, ticketsFor } from '../harness/port-in-fixtures';
import { privateSimStack } from '../harness/port-in-private-sim';
import { recordFixture } from '../harness/replay-fixtures';
import { callbackSink, eventually } from '../harness/waba-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const ps = privateSimStack();

/** Graph's answer for an ID it does not know (code 100, subcode 33), to the next `times` calls of `op`. */
function unknownToMeta(op: string, times: number) {
  const { status, body } = graphError(400, 100, "Unsupported get request. Object with ID 'x' does not exist", {
    subcode: 33,
  });
  return ps.sim.scriptError({ op, status, body, times });
}

test('preflight: a WABA and business Meta does not know are failed checklist items, all reported together', async () => {
  // Both node lookups (WABA, business) and the WABA's number list answer "does not exist".
  await unknownToMeta('meta.getNode', 2);
  await unknownToMeta('meta.listPhoneNumbers', 1);
  const input = ps.input();
  const handle = await ps.start(input);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.PREFLIGHT });
  const labels = [
    'Meta Business ID owns the WABA',
    'Business Manager verified',
    'WABA not in sandbox',
    'Number on the source WABA',
  ];
  for (const label of labels) expect(result.reason).toContain(label);
  expect(result.reason).toMatch(/could not be read: meta: .*does not exist/);
  expect((await handle.describe()).status.name).toBe('COMPLETED');
});

test('preflight: a transient Meta error is retried, the checklist then passes', async () => {
  await ps.sim.scriptError({ op: 'meta.listPhoneNumbers', preset: 'http.503', times: 2 });
  const input = ps.input();
  const handle = await ps.start(input);
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  await handle.cancel();
  expect((await handle.result()).outcome).toBe('cancelled');
});

test('a non-retryable error no step handles ends "failed" with the activity and upstream message, no secret', async () => {
  const callbacks = callbackSink(ps.sim);
  const input = ps.input({ callbackUrl: callbacks.url });
  await ps.sim.scriptError({ op: '360.createApiKey', preset: 'd360.path-blocked', times: 1 });
  const handle = await ps.start(input);
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  await handle.executeUpdate(submitPinUpdate, {
    args: [{ pin: sealedPin((await ps.sim.inbox(input.phone.e164)).at(-1)?.code ?? '') }],
  });
  const result = await handle.result();

  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.GENERATING_API_KEY });
  expect(result.reason).toMatch(/^generateApiKey failed: .*Access to this path is blocked/);
  expect(result.reason).not.toContain(ps.stack.config.D360_PARTNER_API_KEY);
  const described = await handle.describe();
  expect(described.status.name).toBe('COMPLETED');
  expect(described.typedSearchAttributes.get(MigrationOutcomeKey)).toBe('failed');
  const events = await eventually(callbacks.events, (e) => e.some((x) => x.type === 'migration.failed'));
  expect(events.find((e) => e.type === 'migration.failed')?.data).toMatchObject({
    step: PortInStep.GENERATING_API_KEY,
    reason: result.reason,
  });
  await recordFixture(handle, 'port-in-activity-failure-typed');
});

test('a non-retryable refusal of the porting request fails at once: no "Something went wrong" ticket', async () => {
  await ps.sim.scriptError({ op: '360.submitPortIn', preset: 'd360.permission-denied', times: 1 });
  const handle = await ps.start(ps.input());
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'failed', step: PortInStep.SUBMITTING, tickets: [] });
  expect(result.reason).toMatch(/^submitPortIn failed: .*Permission denied/);
});

test('"Something went wrong" beyond the slow-retry window: one ticket, then stalled (window of its own, not the setup deadline)', async () => {
  const input = ps.input({
    timings: { ...FAST, transientTicketAfter: '1s', transientRetryEvery: '500ms', transientRetryWindow: '3s' },
  });
  await ps.sim.setScenario(input.phone.e164, { somethingWentWrongTimes: 1000 });
  const started = Date.now();
  const handle = await ps.start(input);
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PortInStep.SUBMITTING,
    reason: 'porting request kept failing with "Something went wrong"',
  });
  expect(Date.now() - started).toBeLessThan(30_000); // the 72 h setup deadline did not apply
  expect(ticketsFor(await ps.sim.counters(), handle.workflowId)).toBe(1);
});
