/** Stops what the cluster phase's global setup started: no service, PostgreSQL or simulator outlives the run. */
import type { Server } from 'node:http';
import type { ClusterHandle } from '../../scripts/cluster/cluster';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as {
    __CLUSTER__?: ClusterHandle;
    __SIMULATOR__?: { close(): Promise<void> };
    __CLUSTER_CONTROL__?: Server;
  };
  g.__CLUSTER_CONTROL__?.close();
  await Promise.all([g.__CLUSTER__?.stop(), g.__SIMULATOR__?.close()]);
}
