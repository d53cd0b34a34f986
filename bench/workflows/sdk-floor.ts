/**
 * The SDK's own floor for the PIN round trip (bench/pin-latency.ts): a parked workflow on a bare
 * worker (bench/sdk-floor-worker.ts: no interceptors, no codec, no sinks, none of our code) whose
 * updates answer at once or after one no-op local activity.
 */
import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

const { floorNoop } = proxyLocalActivities<{ floorNoop(): Promise<void> }>({ startToCloseTimeout: '30s' });

export const floorReleaseSignal = defineSignal('release');
export const floorPingUpdate = defineUpdate<number, [number]>('floorPing');
export const floorPingLocalUpdate = defineUpdate<number, [number]>('floorPingLocal');

export async function sdkFloorWorkflow(): Promise<void> {
  let released = false;
  setHandler(floorReleaseSignal, () => void (released = true));
  setHandler(floorPingUpdate, (n) => n);
  setHandler(floorPingLocalUpdate, async (n) => {
    await floorNoop();
    return n;
  });
  await condition(() => released);
}
