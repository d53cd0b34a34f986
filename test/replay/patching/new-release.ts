/**
 * Release N+1, step 1 of the patching procedure (docs/versioning.md): the wait is announced to the
 * requester first (an activity), guarded by `patched()`. A run that began its wait under release N
 * replays without the announcement; a run that reaches this point under this code announces (and
 * records the patch marker).
 */
import { patched, setHandler } from '@temporalio/workflow';
import { announceWait, releaseSignal, waitForRelease, type WaitReport } from './old-release';

/** Patch ID (N+1): the wait is announced before it starts. */
export const ANNOUNCE_WAIT = 'escalating-wait-announced';

export async function escalatingWaitWorkflow(): Promise<WaitReport> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  const announced = patched(ANNOUNCE_WAIT);
  if (announced) await announceWait();
  return { result: await waitForRelease(() => released), announced };
}
