/**
 * Phase 2 of bench/entity-leases.ts: many lease cycles on one number entity, several in flight, and
 * what its history does: the runs it continues as new into, their sizes, and the grants it counted.
 */
import { DEFAULT_ENTITY_MAX_HISTORY, numberEntityId, type EntityState } from '../../contracts/entities';
import { benchNumber } from './drivers';
import { leaseInput, release, runsOf, settled, type ActivityBodies, type RunInfo } from './entity-leases-calls';
import { snapshot, windowStats, type WindowStats } from './probe';
import type { BenchStack } from './stack';
import { now, pool, sleep } from './stats';

export interface CyclePhase {
  entity: string;
  limit: number;
  cycles: number;
  concurrency: number;
  wallMs: number;
  acquireMs: number[];
  granted: number;
  refused: number;
  /** Acquires that threw and were asked again (as Temporal retries a failed activity). */
  retried: number;
  lost: number;
  errors: string[];
  state: EntityState;
  runs: RunInfo[];
  window: WindowStats;
}

export interface HistoryBoundOptions {
  cycles: number;
  concurrency: number;
  /** 0: the entity's default (DEFAULT_ENTITY_MAX_HISTORY). */
  maxHistory: number;
  /** Attempts per acquire before a cycle counts as lost. */
  attempts: number;
}

export async function historyBound(
  stack: BenchStack,
  acts: ActivityBodies,
  o: HistoryBoundOptions,
): Promise<CyclePhase> {
  const { client } = stack;
  const key = benchNumber();
  const id = numberEntityId(key);
  const limit = o.maxHistory || DEFAULT_ENTITY_MAX_HISTORY;
  process.stderr.write(
    `[bench] history bound: ${o.cycles} lease cycles on ${id}, ${o.concurrency} in flight, history limit ${limit}\n`,
  );
  const phase: CyclePhase = {
    entity: id,
    limit,
    cycles: o.cycles,
    concurrency: o.concurrency,
    wallMs: NaN,
    acquireMs: [],
    granted: 0,
    refused: 0,
    retried: 0,
    lost: 0,
    errors: [],
    state: undefined as unknown as EntityState,
    runs: [],
    window: undefined as unknown as WindowStats,
  };
  if (o.maxHistory) {
    // A lower limit is only an input of the entity: start it with one (the activity starts it without).
    await client.workflow.start('numberEntityWorkflow', {
      workflowId: id,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ kind: 'number', key, maxHistoryEvents: o.maxHistory }],
    });
  }
  const cycle = async (i: number) => {
    const input = leaseInput('number', key, `port-in:bench-cycle-${i}`, 'shared');
    for (let attempt = 1; ; attempt++) {
      try {
        const t = now();
        const answer = await acts.acquire(input);
        phase.acquireMs.push(now() - t);
        if (!answer.granted) {
          phase.refused++;
          phase.lost++;
          return;
        }
        phase.granted++;
        break;
      } catch (err) {
        if (phase.errors.length < 20) phase.errors.push(err instanceof Error ? err.message : String(err));
        if (attempt >= o.attempts) {
          phase.lost++;
          return;
        }
        phase.retried++;
        await sleep(100 * attempt);
      }
    }
    await release(client, id, input.request.holder.workflowId);
    if ((i + 1) % 1000 === 0) process.stderr.write(`[bench]   ${i + 1} cycles\n`);
  };
  const before = await snapshot(stack);
  const t = now();
  const { errors } = await pool(o.cycles, o.concurrency, cycle);
  phase.wallMs = now() - t;
  phase.window = windowStats(before, await snapshot(stack));
  phase.errors.push(...errors.map((e) => `release: ${e instanceof Error ? e.message : String(e)}`));
  phase.state = await settled(client, id, (s) => s.holders.length === 0 && s.grants >= phase.granted);
  phase.runs = await runsOf(client, id, phase.state.generation);
  return phase;
}
