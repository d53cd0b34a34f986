/**
 * Awaits a long external state with server-side activity retries: the activity checks ONCE and,
 * if the state is not there yet, fails with a retryable, benign "not yet"; the server retries it
 * every `pollEvery` (the workflow's retry policy) until the wait's deadline.
 *
 * Why not a heartbeating loop: retries add no history events (constant cost per wait), hold no
 * worker activity slot between checks (a thousand parked migrations poll without starving the
 * worker), survive worker restarts, and let the time-skipping test server skip between checks.
 */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';

export const NOT_YET = 'FactNotYetObserved';

export async function pollUntil<T>(opts: {
  check: () => Promise<T | undefined>;
  describe: string;
  everyMs?: number;
}): Promise<T> {
  const result = await opts.check();
  if (result !== undefined) return result;
  throw ApplicationFailure.create({
    type: NOT_YET,
    message: `${opts.describe}: not yet`,
    category: ApplicationFailureCategory.BENIGN,
  });
}
