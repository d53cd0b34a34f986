/**
 * Release N+2, step 2 of the procedure: no run of release N is left, so the old branch goes and
 * `deprecatePatch()` keeps histories that carry the marker replaying. Step 3 (a later release)
 * deletes the call.
 */
import { deprecatePatch, setHandler } from '@temporalio/workflow';
import { ANNOUNCE_WAIT } from './new-release';
import { announceWait, releaseSignal, waitForRelease, type WaitReport } from './old-release';

export async function escalatingWaitWorkflow(): Promise<WaitReport> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  deprecatePatch(ANNOUNCE_WAIT);
  await announceWait();
  return { result: await waitForRelease(() => released), announced: true };
}
