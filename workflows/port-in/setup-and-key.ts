/**
 * Steps 8-10 (docs/domain.md#port-in): wait for the number's setup (channel `running`), escalating
 * after 1 hour and keeping waiting up to the hard deadline; then generate the API key exactly once.
 * A refusal of the key ("channel not running") goes back to the setup wait, same deadline.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { PortInStep } from '../../contracts/port-in';
import type { SealedChannelApiKey } from '../../contracts/port-in';
import { acts, pollers } from '../kit/activities';
import type { Poller } from '../kit/await-fact';
import { idempotencyBase } from '../kit/escalation';
import type { PortInContext } from './context';
import { awaitStepFact, isFinal } from './waits';

export async function awaitSetupAndGenerateKey(ctx: PortInContext): Promise<void> {
  const { tracker, timings: t, facts } = ctx;
  const channelId = ctx.channelId;
  if (!channelId) ctx.finish('failed', 'no 360dialog channel is known for the number');
  const keyRequest = { channelId, idempotencyKey: `${idempotencyBase()}:api-key` };

  // After a refusal, only 360dialog's own key generation tells (a poller with backoff, same key).
  let refused = false;
  for (;;) {
    tracker.enter(
      PortInStep.AWAITING_SETUP,
      refused ? '360dialog refused the API key: channel not running yet' : undefined,
    );
    let minted: SealedChannelApiKey | undefined;
    let failure: unknown;
    const mint = async () => {
      try {
        minted = await pollers(t.setupDeadline, t.pollEvery).generateApiKeyWhenRunning(keyRequest);
      } catch (err) {
        // A refusal that waiting does not fix ends the wait (and fails below); the rest stops the poller.
        if (!isFinal(err)) throw err;
        failure = err;
      }
    };
    const poll: Poller = refused
      ? mint
      : () => pollers(t.setupDeadline, t.pollEvery).awaitChannelRunning({ channelId });
    // The same absolute deadline and one escalation across rounds (clocked from the first wait).
    const setup = await awaitStepFact(ctx, {
      waitingFor: 'the number setup on 360dialog (channel running)',
      signalled: () => facts.channelRunning,
      poll,
      escalateAfter: t.setupEscalateAfter,
      deadline: t.setupDeadline,
      escalation: {
        topic: 'Number setup delayed',
        subject: `Setup of ${ctx.input.phone.e164} not finished after ${t.setupEscalateAfter}`,
        body: `Channel ${channelId} is not running yet.`,
      },
    });
    if (failure) throw failure;
    if (setup === 'deadline') ctx.finish('stalled', 'setup did not finish before the deadline');

    tracker.enter(PortInStep.GENERATING_API_KEY);
    try {
      ctx.apiKey = minted ?? (await acts.generateApiKey(keyRequest));
      break;
    } catch (err) {
      // A "running" webhook is a hint (whatsapp-apis.md); 360dialog's refusal is the authority.
      if (!isChannelNotRunning(err)) throw err;
      facts.channelRunning = false;
      refused = true;
    }
  }
  tracker.enter(PortInStep.DONE, `API key ${ctx.apiKey.id} ready`);
  ctx.finish('completed');
}

function isChannelNotRunning(err: unknown): boolean {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return false;
  const detail = err.cause.details?.[0] as { reason?: string } | undefined;
  return detail?.reason === 'CHANNEL_NOT_RUNNING';
}
