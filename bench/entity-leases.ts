/**
 * Entity leases (`npm run bench:entities`): what the number and WABA entities (workflows/entities/)
 * cost, against the visibility check they replace (activities/exclusion.ts), on one server and worker.
 *
 * 1. Start overhead: a lease taken the way a migration takes it (the `acquireLease` activity body,
 *    activities/leases.ts: Update-with-Start, USE_EXISTING) on a fresh number entity, on an existing
 *    one, and a port-in's pair (its WABA shared, then its number alone, in lock order), interleaved
 *    one at a time with today's check (the `findConflictingMigrations` activity body: a visibility
 *    list of the port-in's blockers). Both activity bodies run as they do on the worker (same
 *    client, same code) inside a mocked activity context; the activity round trip the workflow pays
 *    around either is the same and left out.
 * 2. History bound: `cycles` lease cycles on one number entity at the default history limit
 *    (acquire with a distinct holder, then the release signal), `concurrency` cycles in flight
 *    (shared leases, so in-flight cycles never refuse each other): continue-as-new count, the
 *    largest history of any run, events per cycle, and that the entity counted every grant.
 *
 * This file is the run's outline; the parts are in harness/: entity-leases-calls.ts (the activity
 * bodies, release, entity state, runs), entity-leases-start-overhead.ts and
 * entity-leases-history-bound.ts (the two phases), entity-leases-figures.ts and
 * entity-leases-report.ts (figures, notes, data, chart).
 */
import { DEFAULT_ENTITY_MAX_HISTORY } from '../contracts/entities';
import { parseArgs } from './harness/args';
import { activityBodies } from './harness/entity-leases-calls';
import { entityLeasesFigures } from './harness/entity-leases-figures';
import { historyBound, type CyclePhase } from './harness/entity-leases-history-bound';
import {
  entityLeasesData,
  entityLeasesNotes,
  sourceRevision,
  startOverheadChart,
} from './harness/entity-leases-report';
import { startOverhead, type LatencyPhase } from './harness/entity-leases-start-overhead';
import { machineInfo } from './harness/proc';
import { writeReport, type BenchReport } from './harness/report';
import { main, withStack, workerInfo } from './harness/stack';

const args = parseArgs({
  cycles: 10_000,
  concurrency: 8,
  /** 0: the entity's default (DEFAULT_ENTITY_MAX_HISTORY), as in production. */
  maxHistory: 0,
  samples: 200,
  warmup: 20,
  gapMs: 20,
  /** Attempts per acquire before a cycle counts as lost (a failed activity is retried by Temporal). */
  attempts: 5,
});

main(async () => {
  const report: BenchReport = {
    name: 'entity-leases',
    title: 'Entity leases: history bound of a number entity, and the start overhead against the visibility check',
    command: `npm run bench:entities -- --cycles=${args.cycles} --concurrency=${args.concurrency} --samples=${args.samples} --warmup=${args.warmup}${args.maxHistory ? ` --max-history=${args.maxHistory}` : ''}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args, historyLimit: args.maxHistory || DEFAULT_ENTITY_MAX_HISTORY, source: sourceRevision() },
    figures: [],
    notes: [],
  };
  let latency: LatencyPhase | undefined;
  let cycles: CyclePhase | undefined;
  await withStack({}, async (stack) => {
    report.server = stack.server.info;
    report.worker = await workerInfo(stack);
    const acts = activityBodies(stack);
    latency = await startOverhead(stack, acts, args);
    cycles = await historyBound(stack, acts, args);
    const errors = stack.server.errorSummary();
    report.notes.push(
      `Server log errors: ${errors.length ? errors.join('; ') : 'none'}; worker warnings/errors: ${JSON.stringify((await stack.worker.health()).logged)}`,
    );
  });
  if (!latency || !cycles) throw new Error('a phase did not run');
  const [l, c] = [latency, cycles];
  report.figures = entityLeasesFigures(l, c);
  report.notes.push(...entityLeasesNotes(l, c));
  report.data = entityLeasesData(l, c);
  writeReport(report, { latency: startOverheadChart(l) }, { startOverhead: l.samples, acquireUnderLoad: c.acquireMs });
});
