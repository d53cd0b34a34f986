/**
 * The external-world simulator on port 0, in the benchmark's process. The phone's inbox is read
 * from its in-memory state (no HTTP per poll, so waiting for a PIN costs the system nothing);
 * scenarios go through the documented control API.
 */
import { startSimulator, type RunningSimulator, type ScenarioPatch } from '../../simulator';

export interface BenchSimulator {
  url: string;
  /** The newest code the phone received, if any. */
  latestCode(e164: string): string | undefined;
  setScenario(e164: string, patch: ScenarioPatch): Promise<void>;
  counters(): unknown;
  close(): Promise<void>;
}

export async function startBenchSimulator(): Promise<BenchSimulator> {
  const sim: RunningSimulator = await startSimulator({ port: 0 });
  return {
    url: sim.url,
    latestCode: (e164) => sim.state.inbox(e164).at(-1)?.code,
    async setScenario(e164, patch) {
      const res = await fetch(`${sim.url}/_sim/numbers/${encodeURIComponent(e164)}/scenario`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (!res.ok) throw new Error(`simulator scenario for ${e164}: HTTP ${res.status} ${await res.text()}`);
    },
    counters: () => sim.state.counters,
    close: () => sim.close(),
  };
}
