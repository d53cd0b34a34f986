/**
 * Scripted Cloud-API port-ins on the time-skipping stack, at the real default timings: the
 * programmatic way's happy path and worst case, and the Embedded Signup way's happy path, next to
 * the On-Premise flows of flows.ts.
 */
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInInput } from '../../contracts/port-in';
import type { CloudPortInOptions } from '../../contracts/port-in-cloud';
import { reportEmbeddedSignupUpdate, resendCodeUpdate, twoFactorDisabledSignal } from '../../contracts/messages';
import { sealerFor } from '../../secrets';
import { DEFAULT_BUSINESS_ID } from '../../simulator';
import { portInInput, startPortIn, submitPin, wrongPin, type PortInHandle } from './drivers';
import { advanceUntil, atStep, DAY, expectOutcome, finishPin, HOUR } from './flows';
import type { TimeSkippingStack } from './time-skipping';

const templates = (n: number, failing: number) => [
  ...Array.from({ length: n - failing }, (_, i) => ({ name: `template_${i}` })),
  ...Array.from({ length: failing }, (_, i) => ({ name: `rejected_${i}`, failReason: 'Incorrect category' })),
];

type Control = TimeSkippingStack['sim']['control'];

interface CloudCase {
  way: CloudPortInOptions['way'];
  source: Parameters<Control['setCloudSource']>[1];
  scenario?: Parameters<Control['setScenario']>[1];
}

async function start(ts: TimeSkippingStack, c: CloudCase): Promise<{ handle: PortInHandle; input: PortInInput }> {
  const base = portInInput(ts.sim, {
    realTimings: true,
    timings: { pollEvery: DEFAULT_PORT_IN_TIMINGS.pollEvery, resendCooldown: DEFAULT_PORT_IN_TIMINGS.resendCooldown },
  });
  const e164 = base.phone.e164;
  const [sourceWabaId, wabaId] = [`src-${e164.slice(1)}`, `dest-${e164.slice(1)}`];
  await ts.sim.control.setCloudSource(e164, { sourceWabaId, businessId: DEFAULT_BUSINESS_ID, ...c.source });
  if (c.scenario) await ts.sim.control.setScenario(e164, c.scenario);
  // A verified portfolio's template limit: the worst case copies 495.
  await ts.sim.control.setCloudWaba(wabaId, { businessId: DEFAULT_BUSINESS_ID, templateLimit: 1000 });
  const input: PortInInput = {
    ...base,
    wabaId,
    path: 'cloud-api',
    cloud: { way: c.way, sourceWabaId, creditLine: { id: 'cl-bench', currency: 'EUR' } },
  };
  return { handle: await startPortIn(ts.client, ts.config.TEMPORAL_TASK_QUEUE, input), input };
}

/**
 * The port-in's 24 h template watch is an abandoned child; on the time-skipping test server, such a
 * child completing after its parent closed leaves time skipping locked (every later env.sleep hangs).
 * Its cost is one timer and one read (workflows/port-in/cloud/template-watch.ts): end it here.
 */
async function endTemplateWatch(ts: TimeSkippingStack, handle: PortInHandle): Promise<void> {
  const { runId } = await handle.describe();
  const watch = ts.client.workflow.getHandle(`${handle.workflowId}:templates:${runId}`);
  // A watch that ended while the port-in still ran (the worst case's long waits) is harmless.
  if ((await watch.describe()).status.name === 'RUNNING')
    await watch.terminate('bench: the watch is not part of the port-in budget');
}

/** Programmatic: the number moved, the owner's code at once, 10 templates (1 refused), register, key. */
export async function cloudHappy(ts: TimeSkippingStack): Promise<PortInHandle> {
  const { handle, input } = await start(ts, { way: 'programmatic', source: { templates: templates(10, 1) } });
  await atStep(handle, PortInStep.AWAITING_PIN);
  await finishPin(ts, handle, input.phone.e164);
  await expectOutcome(handle, 'completed');
  await endTemplateWatch(ts, handle);
  return handle;
}

/** Embedded Signup: the owner's popup at once, the session reported, then the BSP's part. */
export async function signupHappy(ts: TimeSkippingStack): Promise<PortInHandle> {
  const { handle, input } = await start(ts, { way: 'embedded-signup', source: { templates: templates(10, 1) } });
  await atStep(handle, PortInStep.AWAITING_EMBEDDED_SIGNUP);
  const session = await ts.sim.control.embeddedSignup({ e164: input.phone.e164, wabaId: input.wabaId });
  await handle.executeUpdate(reportEmbeddedSignupUpdate, {
    args: [
      {
        wabaId: session.wabaId,
        phoneNumberId: session.phoneNumberId,
        code: sealerFor(ts.config).seal('signup-code', session.code),
      },
    ],
  });
  await expectOutcome(handle, 'completed');
  await endTemplateWatch(ts, handle);
  return handle;
}

/**
 * Programmatic, everything at once: display name in review until just before its 14-day deadline
 * (polled, escalated, daily reminders), then 2FA on until just before its 14 days, the code
 * escalated with 4 resends and 4 wrong codes, 500 templates (25 refused, two pages and a retry),
 * register refused for the source's storage region (set, registered again), the channel set up just
 * before 72 h.
 */
export async function cloudWorst(ts: TimeSkippingStack): Promise<PortInHandle> {
  const { handle, input } = await start(ts, {
    way: 'programmatic',
    source: {
      nameStatus: 'PENDING_REVIEW',
      twoFactorEnabled: true,
      dataLocalizationRegion: 'IN',
      templates: templates(520, 25),
    },
    scenario: { setupMs: 'manual', maxWrongCodes: 100 },
  });
  const e164 = input.phone.e164;
  await atStep(handle, PortInStep.AWAITING_NAME_APPROVAL);
  await ts.env.sleep(14 * DAY - HOUR);
  await ts.sim.control.setCloudSource(e164, { nameStatus: 'APPROVED' });
  await advanceUntil(ts, handle, (s) => s.step === PortInStep.AWAITING_2FA_DISABLED, 10 * 60_000);
  await ts.env.sleep(14 * DAY - HOUR);
  await ts.sim.control.disableTwoFa(e164);
  await handle.signal(twoFactorDisabledSignal, { source: 'webhook', eventId: `2fa-${e164}` });
  await atStep(handle, PortInStep.AWAITING_PIN);
  await ts.env.sleep(2 * HOUR);
  for (let i = 0; i < 4; i++) {
    await ts.env.sleep(61_000);
    await handle.executeUpdate(resendCodeUpdate, { args: [{ method: i % 2 ? 'SMS' : 'VOICE' }] });
  }
  const code = ts.sim.latestCode(e164) ?? '';
  for (let i = 0; i < 4; i++) {
    const r = await submitPin(handle, wrongPin(code));
    if (r.status !== 'wrong') throw new Error(`expected a wrong code, got ${JSON.stringify(r)}`);
  }
  await finishPin(ts, handle, e164);
  await atStep(handle, PortInStep.AWAITING_SETUP);
  await ts.env.sleep(72 * HOUR - 2 * HOUR);
  await ts.sim.control.completeSetup(e164);
  await advanceUntil(ts, handle, (s) => s.outcome !== undefined, 30 * 60_000);
  await expectOutcome(handle, 'completed');
  await endTemplateWatch(ts, handle);
  return handle;
}
