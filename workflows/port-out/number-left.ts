/**
 * With 2FA off, the new BSP migrates the number away. We wait until 360dialog shows the channel
 * `migrated_away` (poll) or someone reports it (signal `numberLeft`), with reminders, an
 * escalation and a hard deadline; the subscription is not touched here.
 */
import { PortOutStep, type PortOutResult } from '../../contracts/port-out';
import { pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import type { PortOutContext } from './context';

export async function awaitNumberLeft(ctx: PortOutContext, channelId: string): Promise<PortOutResult | undefined> {
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
    signalled: () => ctx.facts.numberLeft,
    poll: () => pollers(t.numberLeftDeadline, t.pollEvery).awaitNumberLeft({ channelId }),
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
    return ctx.finish(
      'stalled',
      'the number did not leave 360dialog before the deadline; the subscription is unchanged',
    );
  tracker.note('the number has left 360dialog');
  return undefined;
}
