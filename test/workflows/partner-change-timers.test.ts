/**
 * Partner change at its REAL default durations on the time-skipping test server: a request the
 * destination partner leaves pending escalates exactly once at 72 hours and still completes when
 * approved; an unconfirmed list of numbers stalls at the 14-day deadline.
 */
import { PartnerChangeStep } from '../../contracts/partner-change';
import {
  confirmNumbersUpdate,
  getPartnerChangeQuery,
  selectNumbersForPermissionsUpdate,
} from '../../contracts/messages';
import { simulatorControl } from '../harness/env';
import { atStep, ticketsFor, waitForStatus } from '../harness/port-in-fixtures';
import { timeSkippingStack } from '../harness/time-skipping';
import { freshPartnerId, partnerChangeInput, seedWaba, startPartnerChange } from '../harness/waba-fixtures';

const sim = simulatorControl();
const ts = timeSkippingStack();

test('manual approval pending for 3 days: exactly one escalation ticket at 72 h, completes once approved', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { autoApprove: false });
  const handle = await startPartnerChange(ts.stack, partnerChangeInput(waba, dest, { timings: undefined }));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION, 60_000);
  await handle.executeUpdate(confirmNumbersUpdate, { args: [{ channelIds: waba.channels.map((c) => c.id) }] });
  const waiting = await atStep(handle, PartnerChangeStep.AWAITING_PARTNER_APPROVAL, 30_000);
  expect(Date.parse(waiting.escalatesAt ?? '') - Date.parse(waiting.waitingSince ?? '')).toBe(72 * 3_600_000);

  await ts.env.sleep('71 hours');
  expect((await waitForStatus(handle, () => true)).escalated).toBe(false);
  await ts.env.sleep('2 hours');
  const escalated = await waitForStatus(handle, (s) => s.escalated, 60_000);
  expect(escalated.tickets.map((t) => t.step)).toEqual([PartnerChangeStep.AWAITING_PARTNER_APPROVAL]);

  await sim.approvePcr((await handle.query(getPartnerChangeQuery)).pcrId ?? '');
  await ts.env.sleep('11 minutes'); // the next PCR poll (backed off to at most 10 min) sees it completed
  await atStep(handle, PartnerChangeStep.AWAITING_PERMISSION_SELECTION, 30_000);
  await handle.executeUpdate(selectNumbersForPermissionsUpdate, {
    args: [{ phoneNumbers: [waba.channels[0]?.e164 ?? ''] }],
  });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'completed', step: PartnerChangeStep.DONE });
  expect(result.tickets).toHaveLength(1);
  expect(ticketsFor(await sim.counters(), handle.workflowId)).toBe(1);
}, 180_000);

test('numbers never confirmed: escalation at 72 h, stalled at the 14-day deadline, nothing submitted', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const handle = await startPartnerChange(ts.stack, partnerChangeInput(waba, freshPartnerId(), { timings: undefined }));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION, 60_000);
  await ts.env.sleep('15 days');
  const result = await handle.result();
  expect(result).toMatchObject({
    outcome: 'stalled',
    step: PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION,
    movedChannelIds: [],
  });
  expect(result.tickets).toHaveLength(1);
  expect((await sim.counters()).pcrsCreatedByWaba[waba.wabaId]).toBeUndefined();
}, 120_000);
