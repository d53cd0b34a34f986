/** Stops what global-setup started: no Temporal server or simulator outlives the Jest run. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as {
    __TEMPORAL_ENV__?: TestWorkflowEnvironment;
    __SIMULATOR__?: { close(): Promise<void> };
    __CODEC_SERVER__?: { close(): void };
  };
  g.__CODEC_SERVER__?.close();
  await Promise.all([g.__TEMPORAL_ENV__?.teardown(), g.__SIMULATOR__?.close()]);
}
