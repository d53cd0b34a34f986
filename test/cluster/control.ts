/** What a cluster-phase test may do to the cluster (served by test/cluster/global-setup.ts). */
import type { ServiceName } from '../../scripts/cluster/cluster';

async function post(path: string): Promise<number> {
  const base = process.env.TEST_CLUSTER_CONTROL_URL;
  if (!base)
    throw new Error('TEST_CLUSTER_CONTROL_URL is not set: run with jest.cluster.config.ts (npm run test:cluster)');
  const res = await fetch(`${base}${path}`, { method: 'POST' });
  if (!res.ok) throw new Error(`cluster control ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ms: number }).ms;
}

const query = (o: { hard?: boolean; downMs?: number }) => `?hard=${o.hard ? 1 : 0}&downMs=${o.downMs ?? 0}`;

export const clusterControl = {
  /** Stops (SIGTERM, or SIGKILL with `hard`) and starts one service; resolves with the ms it took, once it serves. */
  restartService: (name: ServiceName, o: { hard?: boolean; downMs?: number } = {}) =>
    post(`/services/${name}/restart${query(o)}`),
  restartPostgres: (o: { hard?: boolean; downMs?: number } = {}) => post(`/postgres/restart${query(o)}`),
};
