/**
 * With 2FA off, the new BSP migrates the number away. We wait until 360dialog shows the channel
 * `migrated_away` (poll), with reminders, an escalation and a hard deadline; the subscription is not
 * touched here. A report that the number left (signal `numberLeft`: webhook, new BSP, operator) is a
 * hint like every other "done" hint: one read of 360dialog confirms it before the flow moves on.
 */
import { ActivityFailure, condition } from '@temporalio/workflow';
import { PortOutStep } from '../../contracts/port-out';
import { acts, pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import type { PortOutContext } from './context';

export async function awaitNumberLeft(ctx: PortOutContext, channelId: string): Promise<void> {
  const { tracker, timings: t, input } = ctx;
  tracker.enter(PortOutStep.AWAITING_NUMBER_LEFT);
  ctx.notifier.emit('migration.action_required', {
    action: 'start_migration_at_new_bsp',
    message: 'Two-step verification is off: the new BSP can now migrate the number.',
  });
  const result = await awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: 'the new BSP to migrate the number away from 360dialog',
    signalled: () => false,
    poll: [
      () => pollers(t.numberLeftDeadline, t.pollEvery).awaitNumberLeft({ channelId }),
      () => confirmReportedDepartures(ctx, channelId),
    ],
    escalateAfter: t.numberLeftEscalateAfter,
    deadline: t.numberLeftDeadline,
    escalation: {
      topic: 'Port-out not completed',
      subject: `${input.phone.e164} still on 360dialog ${t.numberLeftEscalateAfter} after 2FA was disabled`,
      body: `Channel ${channelId} (WABA ${input.wabaId}) has not been migrated away by the new BSP.`,
    },
    remindEvery: t.remindEvery,
    reminderEvent: 'migration.reminder',
  });
  if (result === 'deadline')
    ctx.finish('stalled', 'the number did not leave 360dialog before the deadline; the subscription is unchanged');
  tracker.note('the number has left 360dialog');
}

/**
 * One of the wait's pollers: on each report that the number left, reads the channel once. Resolves
 * (ending the wait) when 360dialog confirms; otherwise notes the disagreement and waits for the
 * next report, while the regular poll goes on.
 */
async function confirmReportedDepartures(ctx: PortOutContext, channelId: string): Promise<void> {
  const { facts, tracker } = ctx;
  for (;;) {
    await condition(() => facts.numberLeftReported);
    facts.numberLeftReported = false;
    try {
      const { left, status } = await acts.checkNumberLeft({ channelId });
      if (left) return;
      tracker.note(`reported as left, but 360dialog shows channel ${channelId} ${status}; still waiting`);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      tracker.note(`could not confirm that the number left: ${err.cause?.message ?? err.message}`);
    }
  }
}
