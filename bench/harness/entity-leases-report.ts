/**
 * The rest of bench/entity-leases.ts's report besides its figures: the notes, the data kept in the
 * JSON, the latency chart, and which source was measured.
 */
import { execFileSync } from 'node:child_process';
import type { CyclePhase } from './entity-leases-history-bound';
import { KINDS, type Kind, type LatencyPhase } from './entity-leases-start-overhead';
import { serverNote } from './probe';
import { round, summarize } from './stats';
import { cdf, lineChart } from './svg';

const LABEL: Record<Kind, string> = {
  visibility: 'visibility check (findConflictingMigrations)',
  fresh: 'lease, fresh number entity (Update-with-Start)',
  existing: 'lease, existing number entity',
  pair: "port-in's two leases (WABA shared + fresh number)",
};

export function entityLeasesNotes(l: LatencyPhase, c: CyclePhase): string[] {
  const notes = [
    `History bound: ${c.cycles} cycles on ${c.entity} in ${round(c.wallMs / 1000, 1)} s; ${c.runs.length} runs in visibility, events per run ${c.runs.map((r) => r.historyLength).join(', ')}.`,
    `History bound: ${serverNote(c.window)}; worker CPU ${round(c.window.cores.worker, 2)} cores, server ${round(c.window.cores.server, 2)}, bench ${round(c.window.cores.bench, 2)}.`,
    'History bound: the cycles take shared leases so that the cycles in flight never refuse one another; an exclusive lease costs the same events (the mode is one field of the update). In flight, several updates and signals land in one workflow task, so events per cycle are lower than one cycle at a time (the baseline, measured on the start-overhead entity), which is what a real number sees.',
    `Start overhead: ${serverNote(l.window)}; worker CPU ${round(l.window.cores.worker, 2)} cores, server ${round(l.window.cores.server, 2)}.`,
    "Start overhead: both sides are the activity bodies a migration runs (acquireLease, findConflictingMigrations) with the worker's client; the activity round trip around either (schedule, poll, complete: the same for both) is not included. A port-in or port-out takes two leases (its WABA shared, its number alone) where it made one visibility check; a partner change one WABA lease.",
    'Start overhead: the visibility baseline runs on a nearly empty SQLite visibility store (a few hundred workflows); its cost grows with the store, a lease does not (one workflow per entity).',
  ];
  if (c.errors.length)
    notes.push(`History bound errors (first ${c.errors.length}): ${c.errors.slice(0, 5).join(' | ')}`);
  if (l.errors.length) notes.push(`Start overhead errors: ${l.errors.slice(0, 5).join(' | ')}`);
  return notes;
}

/** What the JSON keeps of each phase: the counts and summaries (the raw samples go in its raw data). */
export function entityLeasesData(l: LatencyPhase, c: CyclePhase): Record<string, unknown> {
  return {
    history: {
      entity: c.entity,
      limit: c.limit,
      cycles: c.cycles,
      wallMs: c.wallMs,
      granted: c.granted,
      refused: c.refused,
      retried: c.retried,
      lost: c.lost,
      grants: c.state.grants,
      generation: c.state.generation,
      holdersLeft: c.state.holders.length,
      runs: c.runs,
      acquire: summarize(c.acquireMs),
      window: c.window,
      errors: c.errors.slice(0, 5),
    },
    startOverhead: {
      ...Object.fromEntries(KINDS.map((k) => [k, summarize(l.samples[k])])),
      isolatedEventsPerCycle: l.isolatedEventsPerCycle,
      refused: l.refused,
      window: l.window,
      errors: l.errors.slice(0, 5),
    },
  };
}

export const startOverheadChart = (l: LatencyPhase): string =>
  lineChart({
    title: 'Start overhead: a lease against the visibility check (CDF)',
    xLabel: 'latency (ms, log scale)',
    yLabel: 'fraction of requests',
    logX: true,
    series: KINDS.map((k) => cdf(LABEL[k], l.samples[k])),
  });

/** The commit measured, and whether the working tree differed from it (another change in progress). */
export function sourceRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'workflows', 'contracts', 'activities'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} + uncommitted changes in ${dirty.split('\n').length} file(s)` : head;
  } catch {
    return 'unknown';
  }
}
