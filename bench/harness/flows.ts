/**
 * Scripted port-ins on the time-skipping stack, at the real default timings: the happy path with
 * waits of chosen lengths (to prove a wait's cost does not depend on its duration) and the worst
 * case (every wait to just before its deadline, every escalation, resends and wrong PINs to the limit).
 */
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInTimings } from '../../contracts/port-in';
import type { MigrationStatus } from '../../contracts/migration';
import { DEFAULT_BUSINESS_ID, type ScenarioPatch } from '../../simulator';
import {
  correctBusinessIdUpdate,
  getStatusQuery,
  mobAcceptedSignal,
  resendCodeUpdate,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import { portInInput, startPortIn, submitPin, wrongPin, type PortInHandle } from './drivers';
import { sleep } from './stats';
import type { TimeSkippingStack as TimingsStack } from './time-skipping';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export interface FlowOptions {
  /** Virtual time between the PIN request and the correct PIN. */
  pinAfterMs?: number;
  /** MoB not accepted at first: virtual time until the client accepts (webhook signal). */
  mobWaitMs?: number;
  pollEvery?: string;
}

const REAL: Partial<PortInTimings> = {
  pollEvery: DEFAULT_PORT_IN_TIMINGS.pollEvery,
  resendCooldown: DEFAULT_PORT_IN_TIMINGS.resendCooldown,
};

async function status(handle: PortInHandle): Promise<MigrationStatus> {
  return handle.query(getStatusQuery);
}

/** Waits in real time (activities run) until the run reaches `step`. */
export async function atStep(handle: PortInHandle, step: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await status(handle)).step !== step) {
    if (Date.now() > deadline) {
      const events = ((await handle.fetchHistory()).events ?? []).slice(-8).map((e) => `${e.eventId} ${e.eventType}`);
      throw new Error(
        `${handle.workflowId} did not reach ${step}: ${JSON.stringify(await status(handle))}; last events: ${events.join(', ')}`,
      );
    }
    await sleep(50);
  }
}

/** Advances virtual time in `stepMs` steps until `done(status)` (retries with backoff need time to pass); BENCH_TRACE=1 prints each step. */
export async function advanceUntil(
  ts: TimingsStack,
  handle: PortInHandle,
  done: (s: MigrationStatus) => boolean,
  stepMs: number,
  maxSteps = 500,
): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    await sleep(200);
    const now = await status(handle);
    if (process.env.BENCH_TRACE)
      process.stdout.write(`${handle.workflowId} step ${i}: ${JSON.stringify(now).slice(0, 300)}\n`);
    if (done(now)) return;
    await ts.env.sleep(stepMs);
  }
  throw new Error(`${handle.workflowId}: condition not reached; status ${JSON.stringify(await status(handle))}`);
}

async function start(
  ts: TimingsStack,
  scenario: ScenarioPatch,
  timings: Partial<PortInTimings>,
  metaBusinessId?: string,
) {
  const input = portInInput(ts.sim, { timings: { ...REAL, ...timings }, realTimings: true });
  if (metaBusinessId) input.metaBusinessId = metaBusinessId;
  await ts.sim.setScenario(input.phone.e164, scenario);
  return { handle: await startPortIn(ts.client, ts.config.TEMPORAL_TASK_QUEUE, input), e164: input.phone.e164 };
}

async function acceptMobAfter(ts: TimingsStack, handle: PortInHandle, e164: string, waitMs: number): Promise<void> {
  await atStep(handle, PortInStep.AWAITING_MOB_ACCEPTANCE);
  await ts.env.sleep(waitMs);
  await ts.sim.control.acceptMob(e164);
  await handle.signal(mobAcceptedSignal, { source: 'webhook', eventId: `mob-${e164}` });
}

export async function finishPin(ts: TimingsStack, handle: PortInHandle, e164: string): Promise<void> {
  const answer = await submitPin(handle, ts.sim.latestCode(e164) ?? '');
  if (answer.status !== 'verified') throw new Error(`PIN not verified: ${JSON.stringify(answer)}`);
}

/** The happy path, with an optional MoB wait and PIN delay of the given virtual lengths. */
export async function happyPath(ts: TimingsStack, o: FlowOptions = {}): Promise<PortInHandle> {
  const { handle, e164 } = await start(
    ts,
    o.mobWaitMs ? { mobAccepted: false } : {},
    o.pollEvery ? { pollEvery: o.pollEvery } : {},
  );
  if (o.mobWaitMs) await acceptMobAfter(ts, handle, e164, o.mobWaitMs);
  await atStep(handle, PortInStep.AWAITING_PIN);
  if (o.pinAfterMs) await ts.env.sleep(o.pinAfterMs);
  await finishPin(ts, handle, e164);
  await expectOutcome(handle, 'completed');
  return handle;
}

/**
 * Everything at once: wrong Meta Business ID (corrected just before its 7-day deadline), 2FA on
 * (off just before 14 days: escalation + daily reminders), "something went wrong" until the 30-min
 * ticket and the slow retries, MoB accepted just before 14 days, PIN escalation, 4 resends (limit 5
 * sends), 4 wrong PINs (limit 5), setup finished just before 72 h (escalation).
 */
export async function worstCase(ts: TimingsStack, pollEvery?: string): Promise<PortInHandle> {
  const scenario: ScenarioPatch = {
    twoFaEnabled: true,
    mobAccepted: false,
    somethingWentWrongTimes: 40,
    setupMs: 'manual',
    maxWrongCodes: 100,
  };
  const { handle, e164 } = await start(ts, scenario, pollEvery ? { pollEvery } : {}, '5555555555');
  await atStep(handle, PortInStep.AWAITING_BUSINESS_ID_CORRECTION);
  await ts.env.sleep(7 * DAY - HOUR);
  await handle.executeUpdate(correctBusinessIdUpdate, { args: [{ metaBusinessId: DEFAULT_BUSINESS_ID }] });
  await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  await ts.env.sleep(14 * DAY - HOUR);
  await ts.sim.control.disableTwoFa(e164);
  await handle.signal(twoFactorDisabledSignal, { source: 'webhook', eventId: `2fa-${e164}` });
  await advanceUntil(ts, handle, (s) => s.step === PortInStep.AWAITING_MOB_ACCEPTANCE, 10 * 60_000);
  await acceptMobAfter(ts, handle, e164, 14 * DAY - HOUR);
  await atStep(handle, PortInStep.AWAITING_PIN);
  await ts.env.sleep(2 * HOUR);
  for (let i = 0; i < 4; i++) {
    await ts.env.sleep(61_000);
    await handle.executeUpdate(resendCodeUpdate, { args: [{ method: i % 2 ? 'SMS' : 'VOICE' }] });
  }
  const code = ts.sim.latestCode(e164) ?? '';
  for (let i = 0; i < 4; i++) {
    const r = await submitPin(handle, wrongPin(code));
    if (r.status !== 'wrong') throw new Error(`expected a wrong PIN, got ${JSON.stringify(r)}`);
  }
  await finishPin(ts, handle, e164);
  await atStep(handle, PortInStep.AWAITING_SETUP);
  await ts.env.sleep(72 * HOUR - 2 * HOUR);
  await ts.sim.control.completeSetup(e164);
  await advanceUntil(ts, handle, (s) => s.outcome !== undefined, 30 * 60_000);
  await expectOutcome(handle, 'completed');
  return handle;
}

export async function expectOutcome(handle: PortInHandle, outcome: string): Promise<void> {
  const result = await handle.result();
  if (result.outcome !== outcome)
    throw new Error(`${handle.workflowId} ended ${result.outcome} (${result.reason ?? ''}), expected ${outcome}`);
}
