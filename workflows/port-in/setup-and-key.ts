/**
 * Steps 6-7 of the seed: wait for the number's setup (channel `running`), escalating after 1 hour
 * and keeping waiting up to the hard deadline; then generate the API key exactly once.
 */
import type { MigrationResult } from '../../contracts/migration';
import { PortInStep } from '../../contracts/port-in';
import { acts, pollers } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { idempotencyBase } from '../kit/escalation';
import type { PortInContext } from './context';

export async function awaitSetupAndGenerateKey(ctx: PortInContext): Promise<MigrationResult> {
  const { tracker, timings: t } = ctx;
  const channelId = ctx.channelId;
  if (!channelId) return ctx.finish('failed', 'no 360dialog channel is known for the number');

  tracker.enter(PortInStep.AWAITING_SETUP);
  const setup = await awaitFact({
    tracker,
    notifier: ctx.notifier,
    waitingFor: 'the number setup on 360dialog (channel running)',
    signalled: () => ctx.facts.channelRunning,
    poll: () => pollers(t.setupDeadline, t.pollEvery).awaitChannelRunning({ channelId }),
    escalateAfter: t.setupEscalateAfter,
    deadline: t.setupDeadline,
    escalation: {
      topic: 'Number setup delayed',
      subject: `Setup of ${ctx.input.phone.e164} not finished after ${t.setupEscalateAfter}`,
      body: `Channel ${channelId} is not running yet.`,
    },
  });
  if (setup === 'deadline') return ctx.finish('stalled', 'setup did not finish before the deadline');

  tracker.enter(PortInStep.GENERATING_API_KEY);
  ctx.apiKey = await acts.generateApiKey({ channelId, idempotencyKey: `${idempotencyBase()}:api-key` });
  tracker.enter(PortInStep.DONE, `API key ${ctx.apiKey.id} ready`);
  return ctx.finish('completed');
}
