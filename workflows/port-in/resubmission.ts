/**
 * What a 'waiting' answer of 360dialog (MoB not accepted, 2FA not disabled) leads to. Its answer
 * is the authority, whatever a signal or poll said before: the fact is reset, and the step's wait
 * keeps its first deadline and its one escalation (a clocked wait). The first 2FA answer waits for
 * Meta's 2FA state or a new signal; otherwise only 360dialog can tell (Meta's API does not show
 * 2FA; a refused MoB leaves no porting request to poll), so a resubmission poller asks it with
 * backoff (server-side retries, no history events per attempt), racing a new signal. Never a
 * resubmission right after the last answer: no tight loop, whatever the signals and polls say.
 */
import type { SubmitOutcome, SubmitPortInInput } from '../../contracts/port-in';
import { pollers } from '../kit/activities';
import type { PortInContext } from './context';
import { awaitMobRound, awaitTwoFactorOffRound, isFinal } from './waits';

type WaitingAnswer = Extract<SubmitOutcome, { kind: 'waiting' }>;

/**
 * Returns the outcome of the poller's resubmission, undefined when a new signal ended the wait (the
 * caller resubmits), or 'deadline'. `streak` counts consecutive waiting answers, this one included.
 */
export async function awaitWaitingAnswer(
  ctx: PortInContext,
  answer: WaitingAnswer,
  streak: number,
  request: SubmitPortInInput,
): Promise<SubmitOutcome | undefined | 'deadline'> {
  const t = ctx.timings;
  const twoFa = answer.reason === 'TWO_FA_ENABLED';
  if (twoFa) ctx.facts.twoFactorDisabled = false;
  else ctx.facts.mobAccepted = false;
  ctx.tracker.note(`360dialog answered: ${answer.message}`);

  let resubmitted: SubmitOutcome | undefined;
  let failure: unknown;
  const resubmissionPoller = async () => {
    try {
      resubmitted = await pollers(twoFa ? t.twoFaDeadline : t.mobDeadline, t.pollEvery).resubmitPortInWhileWaiting({
        ...request,
        stillWaiting: answer.reason,
      });
    } catch (err) {
      // A refusal that waiting does not fix ends the wait; anything else (cancellation, retries
      // given up just before the deadline) only stops the poller, as in awaitFact.
      if (!isFinal(err)) throw err;
      failure = err;
    }
  };
  const round = { poll: twoFa && streak === 1 ? undefined : resubmissionPoller };
  const result = twoFa ? await awaitTwoFactorOffRound(ctx, round) : await awaitMobRound(ctx, round);
  if (failure) throw failure;
  return result === 'deadline' ? 'deadline' : resubmitted;
}
