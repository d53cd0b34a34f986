/**
 * The Cloud-API port-in's own waits at their REAL default durations, on the time-skipping test
 * server: the owner's Embedded Signup and Meta's display-name review each escalate once at 24 hours,
 * then end 'stalled' at their 14-day deadline with one ticket; a code request Meta refuses for an
 * hour (136024) is asked again after that hour, by the other method; the 24 h template watch
 * reports 24 h after the copy, started by the port-in itself or on its own.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInInput } from '../../contracts/port-in';
import type { CloudPortInOptions, TemplateWatchResult } from '../../contracts/port-in-cloud';
import { reportEmbeddedSignupUpdate } from '../../contracts/messages';
import { WabaIdKey } from '../../contracts/search-attributes';
import { sealerFor } from '../../secrets';
import { portInWorkflow, templateWatchWorkflow } from '../../workflows';
import { simulatorControl, simulatorUrl } from '../harness/env';
import { atStep, freshNumber, portInInput, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { timeSkippingStack } from '../harness/time-skipping';
import { eventually } from '../harness/waba-fixtures';
import { reportStuck } from '../harness/stuck-report';

const sim = simulatorControl();
const ts = timeSkippingStack();
const DAY = 24 * 3_600_000;
const BUSINESS = '777000444';
let seq = 0;

/**
 * Prints the watched runs' state, pending activities and history tail if a test is still going after
 * `ms` (one CI run of 2026-12-07 saw both template-watch tests hang to their timeout under load,
 * while they pass alone in 2-4 s): the next such hang says where it waited.
 */
const diagnoses = new Set<NodeJS.Timeout>();
function diagnoseAfter(ms: number, label: string, handles: () => WorkflowHandle[]): void {
  diagnoses.add(setTimeout(() => void reportStuck(label, handles()), ms));
}
afterEach(() => {
  for (const timer of diagnoses) clearTimeout(timer);
  diagnoses.clear();
});

async function start(
  cloud: Omit<CloudPortInOptions, 'sourceWabaId'>,
  source: Parameters<typeof sim.setCloudSource>[1] = {},
  beforeStart: (e164: string) => Promise<unknown> = async () => undefined,
  overrides: Partial<PortInInput> = {},
) {
  const number = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}-${++seq}`;
  const [sourceWabaId, wabaId] = [`src-${tag}`, `dest-${tag}`];
  await sim.setCloudSource(number, { sourceWabaId, businessId: BUSINESS, ...source });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  // Real default timings: no per-migration overrides at all.
  const input: PortInInput = portInInput({
    number,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: `${simulatorUrl()}/sites/example-shop`,
    timings: undefined,
    path: 'cloud-api',
    cloud: { ...cloud, sourceWabaId },
    ...overrides,
  });
  await beforeStart(number);
  return ts.stack.client.workflow.start(portInWorkflow, {
    taskQueue: ts.stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
}

test('the defaults are the ones proven here', () => {
  const t = DEFAULT_PORT_IN_TIMINGS;
  expect([t.signupEscalateAfter, t.signupDeadline, t.nameEscalateAfter, t.nameDeadline]).toEqual([
    '24h',
    '14d',
    '24h',
    '14d',
  ]);
});

test.each([
  {
    name: 'Embedded Signup',
    cloud: { way: 'embedded-signup' as const },
    source: {},
    step: PortInStep.AWAITING_EMBEDDED_SIGNUP,
    reason: /Embedded Signup was not completed before the deadline/,
  },
  {
    name: 'display-name review',
    cloud: { way: 'programmatic' as const, creditLine: { id: 'cl-360', currency: 'USD' } },
    source: { nameStatus: 'PENDING_REVIEW' as const },
    step: PortInStep.AWAITING_NAME_APPROVAL,
    reason: /display name was not approved before the deadline/,
  },
])(
  '$name wait: escalates once at 24 h, stalls at its 14-day default deadline',
  async ({ cloud, source, step, reason }) => {
    const handle = await start(cloud, source);
    const waiting = await atStep(handle, step, 60_000);
    const since = Date.parse(waiting.waitingSince ?? '');
    expect(Date.parse(waiting.escalatesAt ?? '') - since).toBe(DAY);
    expect(Date.parse(waiting.deadlineAt ?? '') - since).toBe(14 * DAY);

    await ts.env.sleep('25 hours');
    const escalated = await waitForStatus(handle, (s) => s.escalated, 60_000);
    expect(escalated.step).toBe(step);
    await ts.env.sleep(`${14 * 24 - 24} hours`);
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'stalled', step });
    expect(result.reason).toMatch(reason);
    expect(result.tickets.map((t) => t.step)).toEqual([step]);
    expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
  },
  240_000,
);

test('a code request Meta refuses for an hour (136024) is asked again an hour later, by VOICE', async () => {
  const handle = await start({ way: 'programmatic', creditLine: { id: 'cl-360', currency: 'USD' } }, {}, (e164) =>
    sim.scriptError({ op: 'meta.requestCode', preset: 'meta.136024-wait', match: e164 }),
  );
  const e164 = handle.workflowId.slice('port-in:'.length);
  const waiting = await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  expect(waiting.timeline.map((t) => t.note ?? '').join('\n')).toMatch(
    /refused to send the code .*asking by VOICE in 60 min/,
  );
  expect(await sim.inbox(e164)).toEqual([]);

  await ts.env.sleep('59 minutes');
  expect(await sim.inbox(e164)).toEqual([]);
  await ts.env.sleep('2 minutes');
  await waitForStatus(handle, (s) => s.timeline.some((t) => /code asked for by VOICE/.test(t.note ?? '')), 60_000);
  expect((await sim.inbox(e164)).map((m) => m.method)).toEqual(['VOICE']);
  await handle.cancel();
  await handle.result();
}, 120_000);

test('Meta in maintenance (2494100) at migrate_phone_number: asked again minutes later, the number moves once', async () => {
  const handle = await start({ way: 'programmatic', creditLine: { id: 'cl-360', currency: 'USD' } }, {}, (e164) =>
    // The call names the number as country code and national number: match the national part.
    sim.scriptError({ op: 'meta.migratePhoneNumber', preset: 'meta.2494100', match: e164.slice(3), times: 2 }),
  );
  const e164 = handle.workflowId.slice('port-in:'.length);
  await waitForStatus(handle, (s) => s.step === PortInStep.MIGRATING_NUMBER, 60_000);
  expect((await sim.counters()).numbersMigratedByNumber[e164] ?? 0).toBe(0);
  // Meta says "try again in a few minutes": two retries, 2 minutes apart.
  await ts.env.sleep('5 minutes');
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  expect((await sim.counters()).numbersMigratedByNumber[e164]).toBe(1);
  // Both maintenance answers were served (none left scripted for this number).
  const { scripted } = (await (await fetch(`${simulatorUrl()}/_sim/errors`)).json()) as {
    scripted: { match?: string }[];
  };
  expect(scripted.filter((e) => e.match === e164.slice(3))).toEqual([]);
  await handle.cancel();
  await handle.result();
}, 120_000);

test('the 24 h template watch, at its real default: one read and one event 24 h after the copy', async () => {
  const callbackUrl = sim.callbackUrl(`watch-${process.pid}-${++seq}`);
  const wabaId = `dest-watch-${process.pid}-${seq}`;
  const sourceWabaId = `src-watch-${process.pid}-${seq}`;
  const e164 = freshNumber('+4917');
  await sim.setCloudSource(e164, {
    sourceWabaId,
    businessId: BUSINESS,
    templates: [{ name: 'order_update' }, { name: 'promo', laterStatus: { status: 'REJECTED', afterMs: 1_000 } }],
  });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  // The owner's Embedded Signup copies the templates into the destination (Meta duplicates them).
  await sim.embeddedSignup({ e164, wabaId });
  // Meta re-categorises the copy a second after it was made (the shared simulator's clock is real time).
  await new Promise((r) => setTimeout(r, 1_500));
  const watch = await ts.stack.client.workflow.start(templateWatchWorkflow, {
    taskQueue: ts.stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${e164}:templates:test`,
    args: [{ migrationId: `port-in:${e164}`, wabaId, callbackUrl }],
  });
  diagnoseAfter(100_000, 'template watch', () => [watch]);
  await ts.env.sleep('23 hours');
  expect((await watch.describe()).status.name).toBe('RUNNING');
  await ts.env.sleep('2 hours');
  const settled = (await watch.result()) as TemplateWatchResult;
  expect(settled.notUsable).toEqual([{ id: expect.any(String), name: 'promo', status: 'REJECTED' }]);
  const name = callbackUrl.split('/').at(-1) ?? '';
  const events = await eventually(
    async () => (await sim.callbacks(name)).map((c) => c.body as { type: string; migrationId: string }),
    (es) => es.some((e) => e.type === 'migration.templates_settled'),
  );
  expect(events.find((e) => e.type === 'migration.templates_settled')?.migrationId).toBe(`port-in:${e164}`);
}, 120_000);

test('the port-in starts its own watch: 24 h after the copy it reports, while the port-in still waits for the channel', async () => {
  const callbackUrl = sim.callbackUrl(`own-watch-${process.pid}-${++seq}`);
  const templates = [
    { name: 'order_update' },
    { name: 'promo', laterStatus: { status: 'REJECTED' as const, afterMs: 1_000 } },
  ];
  const handle = await start(
    { way: 'embedded-signup' },
    { templates },
    (e164) => sim.setScenario(e164, { setupMs: 'manual' }),
    { callbackUrl },
  );
  const e164 = handle.workflowId.slice('port-in:'.length);
  await atStep(handle, PortInStep.AWAITING_EMBEDDED_SIGNUP, 60_000);
  const wabaId = (await handle.describe()).typedSearchAttributes.get(WabaIdKey) ?? '';
  const session = await sim.embeddedSignup({ e164, wabaId });
  await handle.executeUpdate(reportEmbeddedSignupUpdate, {
    args: [
      {
        wabaId: session.wabaId,
        phoneNumberId: session.phoneNumberId,
        code: sealerFor(ts.stack.config).seal('signup-code', session.code),
      },
    ],
  });
  // The channel is not set up yet: the port-in waits (and keeps running) while the watch's day passes.
  await atStep(handle, PortInStep.AWAITING_SETUP, 60_000);
  await new Promise((r) => setTimeout(r, 1_500));
  const watch = ts.stack.client.workflow.getHandle(`${handle.workflowId}:templates:${handle.firstExecutionRunId}`);
  diagnoseAfter(100_000, 'own template watch', () => [watch, handle]);
  await ts.env.sleep('23 hours');
  expect((await watch.describe()).status.name).toBe('RUNNING');
  await ts.env.sleep('2 hours');
  const settled = (await watch.result()) as TemplateWatchResult;
  expect(settled.notUsable).toEqual([{ id: expect.any(String), name: 'promo', status: 'REJECTED' }]);
  const events = await eventually(
    async () => (await sim.callbacks(callbackUrl.split('/').at(-1) ?? '')).map((c) => c.body as { type: string }),
    (es) => es.some((e) => e.type === 'migration.templates_settled'),
  );
  expect(events.map((e) => e.type)).toContain('migration.templates_migrated');
  // The port-in ends on its own once the channel runs. (Let the watch end first: on the time-skipping
  // test server, an abandoned child that completes after its parent closed locks the clock.)
  await sim.completeSetup(e164);
  await ts.env.sleep('30 minutes'); // the channel poller's next look, backed off after a day of waiting
  expect((await handle.result()).outcome).toBe('completed');
}, 120_000);
