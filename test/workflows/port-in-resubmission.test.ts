/**
 * 360dialog's 'waiting' answers are the authority: when Meta (or a signal) says 2FA is off but the
 * porting request is still refused with "Two-factor authentication not yet disabled", the flow
 * resubmits with backoff through a poller (no history events per attempt), never in a tight loop,
 * and the wait keeps the deadline and the one escalation of its first round. A MoB refused at
 * submission is checked periodically by the same poller. Own simulator (scripted errors).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import type { MigrationResult } from '../../contracts/migration';
import { D360, d360Error } from '../../simulator/catalog';
import type { portInWorkflow } from '../../workflows';
import { getStatusQuery, submitPinUpdate, twoFactorDisabledSignal } from '../../contracts/messages';
import { FAST, atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { privateSimStack } from '../harness/port-in-private-sim';
import { recordFixture } from '../harness/replay-fixtures';
import { sealedPin } from '../harness/sealed-pin';

const ps = privateSimStack();
// Ten "not yet" answers cost about 120 history events in all, however many more there are; the
// old tight loop resubmitted at once and cost ~20 events per answer (~290 for these ten).
// The number and WABA leases (1.1.0) add about 20 events to every port-in.
const HISTORY_BOUND = 170;

/** 360dialog's real envelope for the 2FA waiting condition, answered to the next `times` submissions. */
const twoFaNotDisabled = (times: number) => {
  const { status, body } = d360Error(400, D360.twoFaEnabled);
  return ps.sim.scriptError({ op: '360.submitPortIn', status, body, times });
};

async function finishWithPin(handle: WorkflowHandle<typeof portInWorkflow>, e164: string): Promise<MigrationResult> {
  await atStep(handle, PortInStep.AWAITING_PIN, 60_000);
  const pin = (await ps.sim.inbox(e164)).at(-1)?.code ?? '';
  await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
  return handle.result();
}

async function historyLength(handle: WorkflowHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
}

test('Meta says 2FA is off, 360dialog says "not yet disabled" 10 times: resubmitted with backoff, small history, completes', async () => {
  const input = ps.input({ timings: { ...FAST, pollEvery: '100ms' } });
  const scriptedBefore = (await ps.sim.counters()).faults.scripted;
  await twoFaNotDisabled(10);
  const handle = await ps.start(input);
  const result = await finishWithPin(handle, input.phone.e164);

  expect(result).toMatchObject({ outcome: 'completed', step: PortInStep.DONE, tickets: [] });
  const counters = await ps.sim.counters();
  expect(counters.faults.scripted - scriptedBefore).toBe(10); // 360dialog was asked until it accepted
  expect(counters.portInSubmissionsByNumber[input.phone.e164]).toBe(1); // the one accepted submission
  const { timeline } = await handle.query(getStatusQuery);
  // Two rounds: the first answer waits for Meta's 2FA state (off at once), the second for the poller.
  expect(timeline.filter((e) => e.step === PortInStep.AWAITING_2FA_DISABLED && !e.note)).toHaveLength(2);
  expect(await historyLength(handle)).toBeLessThan(HISTORY_BOUND);
  await recordFixture(handle, 'port-in-2fa-answer-resubmission-poller');
});

test('360dialog never accepts: stalls at the 2FA deadline counted from the first answer, one ticket, signals do not loop', async () => {
  const input = ps.input({ timings: { ...FAST, pollEvery: '100ms', twoFaEscalateAfter: '1s', twoFaDeadline: '5s' } });
  await twoFaNotDisabled(10_000);
  const handle = await ps.start(input);
  const first = await atStep(handle, PortInStep.AWAITING_2FA_DISABLED);
  const deadlineAt = Date.parse(first.deadlineAt ?? '');

  // Operators insist 2FA is off: each new signal may lead to one resubmission, never to a loop.
  for (let i = 0; i < 3; i++) {
    await handle.signal(twoFactorDisabledSignal, { source: 'operator' });
    await new Promise((r) => setTimeout(r, 300));
  }
  const later = await waitForStatus(handle, (s) => s.step === PortInStep.AWAITING_2FA_DISABLED && s.escalated);
  expect(Date.parse(later.deadlineAt ?? '')).toBe(deadlineAt); // the same absolute deadline in every round

  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'stalled', step: PortInStep.AWAITING_2FA_DISABLED });
  expect(result.reason).toMatch(/Two-factor authentication not yet disabled \(deadline passed\)/);
  expect(result.tickets.map((t) => t.step)).toEqual([PortInStep.AWAITING_2FA_DISABLED]);
  expect(ticketsFor(await ps.sim.counters(), handle.workflowId)).toBe(1);
  expect(await historyLength(handle)).toBeLessThan(HISTORY_BOUND);
});

test('MoB refused at submission: the resubmission poller notices the acceptance without any signal', async () => {
  const input = ps.input({ timings: { ...FAST, pollEvery: '200ms' } });
  await ps.sim.setScenario(input.phone.e164, { mobAccepted: false, mobGate: 'submit' });
  const handle = await ps.start(input);
  const waiting = await atStep(handle, PortInStep.AWAITING_MOB_ACCEPTANCE);
  expect(waiting.waitingFor).toMatch(/Message-on-Behalf/);
  await new Promise((r) => setTimeout(r, 1500)); // a few checks say "not yet"

  await ps.sim.acceptMob(input.phone.e164); // in Business Manager: no webhook, no operator
  const result = await finishWithPin(handle, input.phone.e164);
  expect(result).toMatchObject({ outcome: 'completed', tickets: [] });
  expect((await ps.sim.counters()).portInSubmissionsByNumber[input.phone.e164]).toBeGreaterThanOrEqual(2);
  expect(await historyLength(handle)).toBeLessThan(HISTORY_BOUND);
  await recordFixture(handle, 'port-in-mob-refused-resubmission-poller');
});
