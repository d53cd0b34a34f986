/**
 * Phase 1 of bench/entity-leases.ts: a lease taken the way a migration takes it, on a fresh number
 * entity, on an existing one and as a port-in's pair, interleaved one at a time with the visibility
 * check it replaces; and the history events one lease cycle adds to the existing entity.
 */
import { numberEntityId, wabaEntityId } from '../../contracts/entities';
import { benchNumber } from './drivers';
import { entityState, leaseInput, release, runsOf, settled, type ActivityBodies } from './entity-leases-calls';
import { snapshot, windowStats, type WindowStats } from './probe';
import type { BenchStack } from './stack';
import { now, sleep } from './stats';

export const KINDS = ['visibility', 'fresh', 'existing', 'pair'] as const;
export type Kind = (typeof KINDS)[number];

export interface LatencyPhase {
  samples: Record<Kind, number[]>;
  refused: number;
  errors: string[];
  /** Events per cycle on the existing entity, one cycle at a time (acquire, release). */
  isolatedEventsPerCycle: number;
  existingEntity: string;
  window: WindowStats;
}

export interface StartOverheadOptions {
  warmup: number;
  samples: number;
  gapMs: number;
}

export async function startOverhead(
  stack: BenchStack,
  acts: ActivityBodies,
  o: StartOverheadOptions,
): Promise<LatencyPhase> {
  const { client } = stack;
  process.stderr.write(
    `[bench] start overhead: ${o.warmup} warm-up and ${o.samples} measured samples of each kind, one at a time\n`,
  );
  const phase: LatencyPhase = {
    samples: { visibility: [], fresh: [], existing: [], pair: [] },
    refused: 0,
    errors: [],
    isolatedEventsPerCycle: NaN,
    existingEntity: '',
    window: undefined as unknown as WindowStats,
  };
  const existingKey = benchNumber();
  const existingId = numberEntityId(existingKey);
  phase.existingEntity = existingId;
  const wabaId = `waba-bench-${existingKey.slice(1)}`;
  let seq = 0;
  const granted = (answer: { granted: boolean }) => {
    if (!answer.granted) phase.refused++;
  };
  // Each kind: the measured part, then (unmeasured) the releases, so the next sample finds the entities free.
  const run: Record<Kind, () => Promise<() => Promise<void>>> = {
    visibility: async () => {
      const e164 = benchNumber();
      const { conflicts, unchecked } = await acts.conflicts(e164, `waba-${e164.slice(1)}`);
      if (unchecked || conflicts.length) throw new Error(`visibility check: ${unchecked ?? JSON.stringify(conflicts)}`);
      return async () => undefined;
    },
    fresh: async () => {
      const key = benchNumber();
      const wf = `port-in:bench-fresh-${++seq}`;
      granted(await acts.acquire(leaseInput('number', key, wf, 'exclusive')));
      return () => release(client, numberEntityId(key), wf);
    },
    existing: async () => {
      const wf = `port-in:bench-existing-${++seq}`;
      granted(await acts.acquire(leaseInput('number', existingKey, wf, 'exclusive')));
      return async () => {
        await release(client, existingId, wf);
        await settled(client, existingId, (s) => s.holders.length === 0);
      };
    },
    pair: async () => {
      // Leases.take: the WABA (shared) before the number (alone).
      const key = benchNumber();
      const wf = `port-in:bench-pair-${++seq}`;
      granted(await acts.acquire(leaseInput('waba', wabaId, wf, 'shared')));
      granted(await acts.acquire(leaseInput('number', key, wf, 'exclusive')));
      return async () => {
        await release(client, wabaEntityId(wabaId), wf);
        await release(client, numberEntityId(key), wf);
      };
    },
  };
  // The existing entity is created before the first sample; its history is counted from here.
  const first = `port-in:bench-existing-0`;
  await acts.acquire(leaseInput('number', existingKey, first, 'exclusive'));
  await release(client, existingId, first);
  await settled(client, existingId, (s) => s.holders.length === 0);
  let before = await snapshot(stack);
  let eventsBefore = 0;
  let cyclesOnExisting = 0;
  for (let i = -o.warmup; i < o.samples; i++) {
    if (i === 0) {
      before = await snapshot(stack);
      eventsBefore = (await client.workflow.getHandle(existingId).describe()).historyLength;
    }
    for (const kind of KINDS) {
      try {
        const t = now();
        const cleanUp = await run[kind]();
        const ms = now() - t;
        if (i >= 0) phase.samples[kind].push(ms);
        if (kind === 'existing' && i >= 0) cyclesOnExisting++;
        await cleanUp();
      } catch (err) {
        phase.errors.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(o.gapMs);
    }
  }
  phase.window = windowStats(before, await snapshot(stack));
  // Over every run of the entity (a continue-as-new may fall among the samples, and is part of the cost).
  const { generation } = await entityState(client, existingId);
  const runs = await runsOf(client, existingId, generation);
  const events = runs.reduce((a, r) => a + r.historyLength, 0);
  if (cyclesOnExisting) phase.isolatedEventsPerCycle = (events - eventsBefore) / cyclesOnExisting;
  return phase;
}
