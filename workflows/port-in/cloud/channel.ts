/**
 * Step 7: 360dialog creates a channel for a number registered in a WABA shared with the partner;
 * the API key is minted on it (../setup-and-key.ts). Polled, escalated and bounded like the setup.
 */
import { PortInStep } from '../../../contracts/port-in';
import { pollers } from '../../kit/activities';
import type { PortInContext } from '../context';
import { awaitStepFact } from '../waits';

export async function awaitNumberChannel(ctx: PortInContext): Promise<void> {
  const { wabaId, phone } = ctx.input;
  const t = ctx.timings;
  ctx.tracker.enter(PortInStep.AWAITING_SETUP, 'waiting for 360dialog to create the channel of the number');
  const found = await awaitStepFact(ctx, {
    waitingFor: 'the 360dialog channel of the number',
    signalled: () => ctx.channelId !== undefined,
    poll: async () => {
      const { channelId } = await pollers(t.setupDeadline, t.pollEvery).awaitNumberChannel({
        wabaId,
        e164: phone.e164,
      });
      ctx.channelId = channelId;
    },
    escalateAfter: t.setupEscalateAfter,
    deadline: t.setupDeadline,
    escalation: {
      topic: 'Number setup delayed',
      subject: `No 360dialog channel for ${phone.e164} after ${t.setupEscalateAfter}`,
      body: `The number is registered in WABA ${wabaId}, but 360dialog has not created its channel.`,
    },
  });
  if (found === 'deadline') ctx.finish('stalled', 'no 360dialog channel for the number before the deadline');
}
