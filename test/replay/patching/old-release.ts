/**
 * Release N of a small flow built on the workflow kit: one wait for a signal with an escalation
 * and a deadline. patching.test.ts starts runs with this code, then deploys new-release.ts under them.
 */
import { defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import { waitWithEscalation } from '../../../workflows/kit/wait';

export const releaseSignal = defineSignal('release');

/** Release N+1's new activity: tell the requester that the wait has started. */
export interface PatchingActivities {
  announceWait(): Promise<void>;
}
export const { announceWait } = proxyActivities<PatchingActivities>({ startToCloseTimeout: '10s' });

export interface WaitReport {
  result: 'done' | 'deadline';
  announced: boolean;
}

export async function escalatingWaitWorkflow(): Promise<WaitReport> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  return { result: await waitForRelease(() => released), announced: false };
}

export function waitForRelease(released: () => boolean): Promise<'done' | 'deadline'> {
  return waitWithEscalation({
    waitingFor: 'the release signal',
    until: released,
    escalateAfter: '1 day',
    deadline: '7 days',
    escalate: async () => undefined,
  });
}
