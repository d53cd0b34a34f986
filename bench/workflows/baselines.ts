/**
 * The engine's own baselines, bundled and run next to the migrations so every figure has a control
 * measured on the same server, worker and run (see bench/README.md):
 * - `noopWorkflow` returns at once;
 * - `noopActivityWorkflow` runs one no-op activity;
 * - `parkedWorkflow` waits on one signal (or a deadline) and answers updates while parked.
 */
import {
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { BaselineActivities } from '../harness/baseline-activities';

const { noopActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30s' });
const local = proxyLocalActivities<BaselineActivities & Pick<Activities, 'verifyPin'>>({
  startToCloseTimeout: '30s',
});

export const releaseSignal = defineSignal('release');
/** Answers at once: the floor of an update round trip through one workflow task. */
export const pingUpdate = defineUpdate<{ n: number }, [{ n: number }]>('ping');
/** Runs one no-op activity before answering, like submitPin runs verifyPin. */
export const pingActivityUpdate = defineUpdate<{ n: number }, [{ n: number }]>('pingActivity');
/** Runs one no-op local activity before answering: what submitPin would cost with a local verifyPin. */
export const pingLocalActivityUpdate = defineUpdate<{ n: number }, [{ n: number }]>('pingLocalActivity');

/** Carries a sealed PIN and answers at once: what the PIN's payload (sealing, codec) adds to an update. */
export const pingSealedUpdate = defineUpdate<{ n: number }, [{ n: number; pin: unknown }]>('pingSealed');
/**
 * Runs the production `verifyPin` as a local activity (unsealing, Meta's verify_code over HTTP) and
 * answers: submitPin's work without the port-in workflow around it.
 */
export const pingVerifyUpdate = defineUpdate<{ status: string }, [{ phoneNumberId: string; pin: unknown }]>(
  'pingVerify',
);

export async function noopWorkflow(): Promise<void> {
  return;
}

export async function noopActivityWorkflow(): Promise<void> {
  await noopActivity();
}

/** Parks on one signal; no timer unless a deadline is given (the leanest possible open workflow). */
export async function parkedWorkflow(input: { deadline?: string } = {}): Promise<{ updates: number }> {
  let released = false;
  let updates = 0;
  setHandler(releaseSignal, () => void (released = true));
  setHandler(pingUpdate, ({ n }) => {
    updates++;
    return { n };
  });
  setHandler(pingActivityUpdate, async ({ n }) => {
    updates++;
    await noopActivity();
    return { n };
  });
  setHandler(pingLocalActivityUpdate, async ({ n }) => {
    updates++;
    await local.noopActivity();
    return { n };
  });
  setHandler(pingSealedUpdate, ({ n }) => {
    updates++;
    return { n };
  });
  setHandler(pingVerifyUpdate, async ({ phoneNumberId, pin }) => {
    updates++;
    const { status } = await local.verifyPin({ phoneNumberId, pin: pin as string });
    return { status };
  });
  if (input.deadline) await condition(() => released, input.deadline);
  else await condition(() => released);
  return { updates };
}
