/**
 * Scripted port-outs and partner changes on the time-skipping stack, at the real default timings
 * (contracts/port-out.ts, contracts/partner-change.ts): the happy path, and the worst case where
 * every human wait runs to just before its deadline (escalation, daily reminders, polls backing off).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { MigrationStatus } from '../../contracts/migration';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { PortOutStep } from '../../contracts/port-out';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import type { WabaView } from '../../simulator/control-client';
import { partnerChangeWorkflow, portOutWorkflow } from '../../workflows';
import {
  companyInfoCompletedSignal,
  confirmNumbersUpdate,
  confirmSubscriptionCancellationUpdate,
  getPartnerChangeQuery,
  getStatusQuery,
  numberLeftSignal,
  paymentMethodAddedSignal,
  partnerChangeDecisionSignal,
  selectNumbersForPermissionsUpdate,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import { DAY, HOUR } from './flows';
import { sleep } from './stats';
import type { TimeSkippingStack } from './time-skipping';

let seq = 0;
const unique = () => `${Date.now() % 1e8}${++seq}`;

async function status(handle: WorkflowHandle): Promise<MigrationStatus> {
  return handle.query(getStatusQuery);
}

/** Real time (activities run, virtual time stands still) until the run reaches `step`. */
async function atStep(handle: WorkflowHandle, step: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await status(handle)).step !== step) {
    if (Date.now() > deadline)
      throw new Error(`${handle.workflowId} did not reach ${step}: ${JSON.stringify(await status(handle))}`);
    await sleep(50);
  }
}

async function expectCompleted(handle: WorkflowHandle): Promise<void> {
  const result = (await handle.result()) as { outcome: string; reason?: string };
  if (result.outcome !== 'completed')
    throw new Error(`${handle.workflowId} ended ${result.outcome} (${result.reason ?? ''})`);
}

function startPortOut(
  client: Client,
  ts: TimeSkippingStack,
  waba: WabaView,
): Promise<WorkflowHandle<typeof portOutWorkflow>> {
  const { e164, cc, national } = normalisePhoneNumber(waba.channels[0]?.e164 ?? '');
  return client.workflow.start(portOutWorkflow, {
    taskQueue: ts.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-out:${e164}`,
    args: [{ phone: { e164, cc, national }, wabaId: waba.wabaId, callbackUrl: `${ts.sim.url}/callbacks/bench` }],
  });
}

/** Owned WABA, 2FA already off: the number leaves after an hour, the requester confirms at once. */
export async function portOutHappy(ts: TimeSkippingStack): Promise<WorkflowHandle> {
  const waba = await ts.sim.control.createWaba({ count: 1, twoFaEnabled: false, wabaId: `waba-bench-${unique()}` });
  const handle = await startPortOut(ts.client, ts, waba);
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await ts.env.sleep(HOUR);
  await ts.sim.control.markNumberLeft(waba.channels[0]?.e164 ?? '');
  await handle.signal(numberLeftSignal, { source: 'webhook', eventId: `left-${waba.wabaId}` });
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await handle.executeUpdate(confirmSubscriptionCancellationUpdate, {
    args: [{ confirm: true, confirmedBy: 'bench@example.com' }],
  });
  await expectCompleted(handle);
  return handle;
}

/**
 * Shared WABA: the 2FA-disable ticket breaches its 72 h SLA and is solved just before the 14-day
 * deadline; the number leaves just before 30 days, the confirmation comes just before 30 days.
 */
export async function portOutWorst(ts: TimeSkippingStack): Promise<WorkflowHandle> {
  const waba = await ts.sim.control.createWaba({ count: 1, ownership: 'shared', wabaId: `waba-bench-${unique()}` });
  const e164 = waba.channels[0]?.e164 ?? '';
  const handle = await startPortOut(ts.client, ts, waba);
  await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  await ts.env.sleep(14 * DAY - HOUR);
  await ts.sim.control.disableTwoFa(e164);
  await handle.signal(twoFactorDisabledSignal, { source: 'operator', eventId: `2fa-${e164}` });
  await atStep(handle, PortOutStep.AWAITING_NUMBER_LEFT);
  await ts.env.sleep(30 * DAY - HOUR);
  await ts.sim.control.markNumberLeft(e164);
  await handle.signal(numberLeftSignal, { source: 'webhook', eventId: `left-${e164}` });
  await atStep(handle, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
  await ts.env.sleep(30 * DAY - HOUR);
  await handle.executeUpdate(confirmSubscriptionCancellationUpdate, {
    args: [{ confirm: true, confirmedBy: 'bench@example.com' }],
  });
  await expectCompleted(handle);
  return handle;
}

async function startPartnerChange(
  ts: TimeSkippingStack,
  seed: Parameters<TimeSkippingStack['sim']['control']['createWaba']>[0],
  autoApprove: boolean,
) {
  const waba = await ts.sim.control.createWaba({ count: 3, wabaId: `waba-bench-${unique()}`, ...seed });
  const partner = `BENCH${unique()}PA`;
  await ts.sim.control.setPartner(partner, { autoApprove, requiresPaymentMethod: true });
  const handle = await ts.client.workflow.start(partnerChangeWorkflow, {
    taskQueue: ts.config.TEMPORAL_TASK_QUEUE,
    workflowId: `partner-change:${waba.wabaId}`,
    args: [{ wabaId: waba.wabaId, destinationPartnerId: partner, callbackUrl: `${ts.sim.url}/callbacks/bench` }],
  });
  return { waba, handle };
}

const channelIds = (waba: WabaView) => waba.channels.map((c) => c.id);

/** Three numbers, company info and payment method in place, the partner auto-approves. */
export async function partnerChangeHappy(ts: TimeSkippingStack): Promise<WorkflowHandle> {
  const { waba, handle } = await startPartnerChange(ts, { companyInfoComplete: true, hasPaymentMethod: true }, true);
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, { args: [{ channelIds: channelIds(waba) }] });
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, { args: [{ channelIds: channelIds(waba) }] });
  await expectCompleted(handle);
  return handle;
}

/** Every one of the five human waits (numbers, company info, payment, approval, permissions) runs to just before its 14-day deadline. */
export async function partnerChangeWorst(ts: TimeSkippingStack): Promise<WorkflowHandle> {
  const { waba, handle } = await startPartnerChange(ts, { companyInfoComplete: false, hasPaymentMethod: false }, false);
  const nearDeadline = 14 * DAY - HOUR;
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await ts.env.sleep(nearDeadline);
  await handle.executeUpdate(confirmNumbersUpdate, { args: [{ channelIds: channelIds(waba) }] });
  await atStep(handle, PartnerChangeStep.AWAITING_COMPANY_INFO);
  await ts.env.sleep(nearDeadline);
  await ts.sim.control.completeCompanyInfo(waba.wabaId);
  await handle.signal(companyInfoCompletedSignal, { source: 'operator', eventId: `ci-${waba.wabaId}` });
  await atStep(handle, PartnerChangeStep.AWAITING_PAYMENT_METHOD);
  await ts.env.sleep(nearDeadline);
  await ts.sim.control.addPaymentMethod(waba.wabaId);
  await handle.signal(paymentMethodAddedSignal, { source: 'operator', eventId: `pm-${waba.wabaId}` });
  await atStep(handle, PartnerChangeStep.AWAITING_PARTNER_APPROVAL);
  await ts.env.sleep(nearDeadline);
  await ts.sim.control.approvePcr((await handle.query(getPartnerChangeQuery)).pcrId ?? '');
  await handle.signal(partnerChangeDecisionSignal, {
    status: 'completed',
    source: 'webhook',
    eventId: `pcr-${waba.wabaId}`,
  });
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
  await ts.env.sleep(nearDeadline);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, { args: [{ channelIds: channelIds(waba) }] });
  await expectCompleted(handle);
  return handle;
}
