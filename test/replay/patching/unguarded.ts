/** What not to ship: release N+1's change without `patched()`. Runs of release N must not replay it. */
import { setHandler } from '@temporalio/workflow';
import { announceWait, releaseSignal, waitForRelease, type WaitReport } from './old-release';

export async function escalatingWaitWorkflow(): Promise<WaitReport> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  await announceWait();
  return { result: await waitForRelease(() => released), announced: true };
}
