/**
 * The destination partner's decision as reported by a webhook, an operator or the API (signal
 * `partnerChangeDecision`). A rejection or failure ends the wait as reported. A completion is only
 * a hint: the numbers' permissions follow it, so one read of 360dialog's PCR status confirms it
 * first; while 360dialog still shows the request open, the approval wait goes on (same timers).
 */
import { ActivityFailure, condition } from '@temporalio/workflow';
import type { PartnerChangeDecisionEvent } from '../../contracts/partner-change';
import { acts } from '../kit/activities';
import type { PartnerChangeContext } from './context';

/** Signal handler: only a submitted request can be decided; the first decision wins (webhooks repeat). */
export function recordPartnerDecision(ctx: PartnerChangeContext, event: PartnerChangeDecisionEvent): void {
  const { facts } = ctx;
  if (!ctx.pcrId || facts.decision) return;
  if (event.status === 'completed') {
    facts.completionReported = true;
    ctx.tracker.note(`partner decision by ${event.source}: completed (to be confirmed with 360dialog)`);
    return;
  }
  facts.decision = { status: event.status, reason: event.reason };
  ctx.tracker.note(`partner decision by ${event.source}: ${event.status}`);
}

/**
 * One of the approval wait's pollers: on each reported completion, reads the PCR once. Resolves
 * (ending the wait) when 360dialog shows the request decided; otherwise notes the disagreement
 * and waits for the next report, while the regular PCR poll goes on.
 */
export async function confirmReportedCompletions(ctx: PartnerChangeContext, pcrId: string): Promise<void> {
  const { facts, tracker } = ctx;
  for (;;) {
    await condition(() => facts.completionReported === true);
    facts.completionReported = false;
    let pcr;
    try {
      pcr = await acts.getPartnerChangeStatus({ pcrId });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      tracker.note(
        `could not confirm the reported completion of request ${pcrId}: ${err.cause?.message ?? err.message}`,
      );
      continue;
    }
    ctx.pcrStatus = pcr.status;
    if (pcr.status === 'completed' || pcr.status === 'failed' || pcr.status === 'rejected') {
      facts.decision ??= { status: pcr.status, reason: pcr.failureReason };
      return;
    }
    tracker.note(`reported completion not confirmed: 360dialog shows request ${pcrId} ${pcr.status}; still waiting`);
  }
}
