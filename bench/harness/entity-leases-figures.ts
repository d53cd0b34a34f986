/**
 * The figures of bench/entity-leases.ts: the history bound first (what the entity costs over many
 * cycles), then the start overhead of each kind of lease against the visibility check.
 */
import type { CyclePhase } from './entity-leases-history-bound';
import { KINDS, type Kind, type LatencyPhase } from './entity-leases-start-overhead';
import { fig, type Figure } from './report';
import { round, summarize, type Summary } from './stats';

export const entityLeasesFigures = (l: LatencyPhase, c: CyclePhase): Figure[] => [
  ...historyBoundFigures(c, l.isolatedEventsPerCycle),
  ...startOverheadFigures(l),
];

/** `isolated`: events per cycle one cycle at a time (the start-overhead entity), the baseline. */
function historyBoundFigures(c: CyclePhase, isolated: number): Figure[] {
  const maxEvents = Math.max(...c.runs.map((r) => r.historyLength));
  const maxBytes = Math.max(...c.runs.map((r) => r.historyBytes).filter(Number.isFinite));
  const totalEvents = c.runs.reduce((a, r) => a + r.historyLength, 0);
  const perCycle = totalEvents / c.cycles;
  const acq = summarize(c.acquireMs);
  const bounded = maxEvents <= c.limit * 1.05;
  return [
    fig(`history bound: lease cycles (${c.concurrency} in flight)`, c.cycles, 'cycles'),
    fig('history bound: grants counted by the entity', c.state.grants, 'grants', {
      target: `= ${c.cycles}`,
      met: c.state.grants === c.cycles,
    }),
    fig('history bound: acquires lost (refused or failed after retries)', c.lost, '', {
      target: '0',
      met: c.lost === 0,
    }),
    fig('history bound: acquires asked again after an error', c.retried, ''),
    fig(
      'history bound: runs (generation) / continue-as-new',
      c.state.generation,
      `runs / ${c.state.generation - 1} CaN`,
    ),
    fig('history bound: max history events of any run', maxEvents, 'events', {
      baseline: { name: 'limit', value: c.limit },
      target: `<= limit + 5%`,
      met: bounded,
    }),
    fig('history bound: max history size of any run', maxBytes / 1024, 'KiB'),
    fig('history bound: history events per lease cycle', perCycle, 'events', {
      baseline: { name: 'one cycle at a time', value: isolated },
    }),
    fig('history bound: wall time', c.wallMs / 1000, 's'),
    fig('history bound: lease cycles per second', c.cycles / (c.wallMs / 1000), 'cycles/s'),
    fig('history bound: acquire under load p50 / p95', acq.p50, `ms / ${round(acq.p95, 1)} ms`),
  ];
}

function startOverheadFigures(p: LatencyPhase): Figure[] {
  const s = Object.fromEntries(KINDS.map((k) => [k, summarize(p.samples[k])])) as Record<Kind, Summary>;
  const vis = s.visibility;
  const out: Figure[] = [];
  for (const k of ['fresh', 'existing', 'pair'] as const) {
    const label =
      k === 'pair' ? "port-in's two leases" : `lease on ${k === 'fresh' ? 'a fresh' : 'an existing'} number`;
    out.push(
      fig(`start overhead: ${label} p50`, s[k].p50, 'ms', { baseline: { name: 'visibility check', value: vis.p50 } }),
      fig(`start overhead: ${label} p95`, s[k].p95, 'ms', { baseline: { name: 'visibility check', value: vis.p95 } }),
    );
  }
  out.push(
    fig('start overhead: visibility check (baseline) p50 / p95', vis.p50, `ms / ${round(vis.p95, 1)} ms`),
    fig('start overhead: refused leases + errors', p.refused + p.errors.length, '', {
      target: '0',
      met: p.refused + p.errors.length === 0,
    }),
  );
  return out;
}
