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
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createExclusionActivities, type ExclusionResult } from '../activities/exclusion';
import { createLeaseActivities, type AcquireLeaseInput } from '../activities/leases';
import {
  DEFAULT_ENTITY_MAX_HISTORY,
  numberEntityId,
  wabaEntityId,
  type EntityKind,
  type EntityState,
  type LeaseAnswer,
  type LeaseMode,
} from '../contracts/entities';
import { getEntityQuery, releaseLeaseSignal } from '../contracts/messages';
import { portInBlockers } from '../contracts/visibility';
import { parseArgs } from './harness/args';
import { benchNumber } from './harness/drivers';
import { serverNote, snapshot, windowStats, type WindowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { main, withStack, workerInfo, type BenchStack } from './harness/stack';
import { now, pool, round, sleep, summarize, type Summary } from './harness/stats';
import { cdf, lineChart } from './harness/svg';

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

const KINDS = ['visibility', 'fresh', 'existing', 'pair'] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = {
  visibility: 'visibility check (findConflictingMigrations)',
  fresh: 'lease, fresh number entity (Update-with-Start)',
  existing: 'lease, existing number entity',
  pair: "port-in's two leases (WABA shared + fresh number)",
};

/** The activity bodies as the worker runs them, in a mocked activity context on the bench task queue. */
function activities(stack: BenchStack) {
  const temporal = { client: stack.client };
  const logger = new DefaultLogger('ERROR'); // a failed attempt is counted, not logged
  // A context per call, as each activity attempt on the worker has its own (and its own cancellation signal).
  const env = () =>
    new MockActivityEnvironment({ taskQueue: stack.config.TEMPORAL_TASK_QUEUE }, { client: stack.client, logger });
  const leases = createLeaseActivities(temporal);
  const exclusion = createExclusionActivities(temporal);
  return {
    acquire: (input: AcquireLeaseInput): Promise<LeaseAnswer> => env().run(() => leases.acquireLease(input)),
    conflicts: (e164: string, wabaId: string): Promise<ExclusionResult> =>
      env().run(() =>
        exclusion.findConflictingMigrations({
          selfWorkflowId: `port-in:${e164}`,
          blockers: portInBlockers(wabaId, e164),
        }),
      ),
  };
}
type Acts = ReturnType<typeof activities>;

const holder = (workflowId: string) => ({ workflowId, runId: randomUUID(), kind: 'port-in' as const });

function leaseInput(entity: EntityKind, key: string, workflowId: string, mode: LeaseMode): AcquireLeaseInput {
  return { entity, key, request: { holder: holder(workflowId), mode } };
}

const release = (client: Client, entity: string, workflowId: string) =>
  client.workflow.getHandle(entity).signal(releaseLeaseSignal, { workflowId, how: 'completed' });

const entityState = (client: Client, id: string): Promise<EntityState> =>
  client.workflow.getHandle(id).query(getEntityQuery);

/** Queries the entity until `done` holds (the releases are signals: they land a moment later). */
async function settled(client: Client, id: string, done: (s: EntityState) => boolean): Promise<EntityState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await entityState(client, id);
    if (done(s) || Date.now() > deadline) return s;
    await sleep(20);
  }
}

interface RunInfo {
  runId: string;
  status: string;
  historyLength: number;
  historyBytes: number;
}

/** Every run of a workflow ID (closed ones from visibility, the open one described, which is exact). */
async function runsOf(client: Client, workflowId: string, expected: number): Promise<RunInfo[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const runs: RunInfo[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push({
        runId: wf.runId,
        status: wf.status.name,
        historyLength: wf.historyLength,
        historyBytes: wf.historySize ?? NaN,
      });
    }
    const open = await client.workflow.getHandle(workflowId).describe();
    const current = runs.find((r) => r.runId === open.runId);
    if (current) Object.assign(current, { historyLength: open.historyLength, historyBytes: open.historySize ?? NaN });
    // Visibility is eventually consistent: a closed run's history length is written when it closes.
    const complete = runs.length >= expected && runs.every((r) => r.historyLength > 0);
    if (complete || Date.now() > deadline) return runs;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Start overhead

interface LatencyPhase {
  samples: Record<Kind, number[]>;
  refused: number;
  errors: string[];
  /** Events per cycle on the existing entity, one cycle at a time (acquire, release). */
  isolatedEventsPerCycle: number;
  existingEntity: string;
  window: WindowStats;
}

async function startOverhead(stack: BenchStack, acts: Acts): Promise<LatencyPhase> {
  const { client } = stack;
  process.stderr.write(
    `[bench] start overhead: ${args.warmup} warm-up and ${args.samples} measured samples of each kind, one at a time\n`,
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
  for (let i = -args.warmup; i < args.samples; i++) {
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
      await sleep(args.gapMs);
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

// ---------------------------------------------------------------------------------------------
// 2. History bound

interface CyclePhase {
  entity: string;
  limit: number;
  cycles: number;
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

async function historyBound(stack: BenchStack, acts: Acts): Promise<CyclePhase> {
  const { client } = stack;
  const key = benchNumber();
  const id = numberEntityId(key);
  const limit = args.maxHistory || DEFAULT_ENTITY_MAX_HISTORY;
  process.stderr.write(
    `[bench] history bound: ${args.cycles} lease cycles on ${id}, ${args.concurrency} in flight, history limit ${limit}\n`,
  );
  const phase: CyclePhase = {
    entity: id,
    limit,
    cycles: args.cycles,
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
  if (args.maxHistory) {
    // A lower limit is only an input of the entity: start it with one (the activity starts it without).
    await client.workflow.start('numberEntityWorkflow', {
      workflowId: id,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ kind: 'number', key, maxHistoryEvents: args.maxHistory }],
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
        if (attempt >= args.attempts) {
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
  const { errors } = await pool(args.cycles, args.concurrency, cycle);
  phase.wallMs = now() - t;
  phase.window = windowStats(before, await snapshot(stack));
  phase.errors.push(...errors.map((e) => `release: ${e instanceof Error ? e.message : String(e)}`));
  phase.state = await settled(client, id, (s) => s.holders.length === 0 && s.grants >= phase.granted);
  phase.runs = await runsOf(client, id, phase.state.generation);
  return phase;
}

// ---------------------------------------------------------------------------------------------

function latencyFigures(p: LatencyPhase): Figure[] {
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

function historyFigures(c: CyclePhase, isolated: number): Figure[] {
  const maxEvents = Math.max(...c.runs.map((r) => r.historyLength));
  const maxBytes = Math.max(...c.runs.map((r) => r.historyBytes).filter(Number.isFinite));
  const totalEvents = c.runs.reduce((a, r) => a + r.historyLength, 0);
  const perCycle = totalEvents / c.cycles;
  const acq = summarize(c.acquireMs);
  const bounded = maxEvents <= c.limit * 1.05;
  return [
    fig(`history bound: lease cycles (${args.concurrency} in flight)`, c.cycles, 'cycles'),
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
    const acts = activities(stack);
    latency = await startOverhead(stack, acts);
    cycles = await historyBound(stack, acts);
    const errors = stack.server.errorSummary();
    report.notes.push(
      `Server log errors: ${errors.length ? errors.join('; ') : 'none'}; worker warnings/errors: ${JSON.stringify((await stack.worker.health()).logged)}`,
    );
  });
  if (!latency || !cycles) throw new Error('a phase did not run');
  const [l, c] = [latency, cycles];
  report.figures = [...historyFigures(c, l.isolatedEventsPerCycle), ...latencyFigures(l)];
  report.notes.push(
    `History bound: ${c.cycles} cycles on ${c.entity} in ${round(c.wallMs / 1000, 1)} s; ${c.runs.length} runs in visibility, events per run ${c.runs.map((r) => r.historyLength).join(', ')}.`,
    `History bound: ${serverNote(c.window)}; worker CPU ${round(c.window.cores.worker, 2)} cores, server ${round(c.window.cores.server, 2)}, bench ${round(c.window.cores.bench, 2)}.`,
    'History bound: the cycles take shared leases so that the cycles in flight never refuse one another; an exclusive lease costs the same events (the mode is one field of the update). In flight, several updates and signals land in one workflow task, so events per cycle are lower than one cycle at a time (the baseline, measured on the start-overhead entity), which is what a real number sees.',
    `Start overhead: ${serverNote(l.window)}; worker CPU ${round(l.window.cores.worker, 2)} cores, server ${round(l.window.cores.server, 2)}.`,
    "Start overhead: both sides are the activity bodies a migration runs (acquireLease, findConflictingMigrations) with the worker's client; the activity round trip around either (schedule, poll, complete: the same for both) is not included. A port-in or port-out takes two leases (its WABA shared, its number alone) where it made one visibility check; a partner change one WABA lease.",
    'Start overhead: the visibility baseline runs on a nearly empty SQLite visibility store (a few hundred workflows); its cost grows with the store, a lease does not (one workflow per entity).',
  );
  if (c.errors.length)
    report.notes.push(`History bound errors (first ${c.errors.length}): ${c.errors.slice(0, 5).join(' | ')}`);
  if (l.errors.length) report.notes.push(`Start overhead errors: ${l.errors.slice(0, 5).join(' | ')}`);
  report.data = {
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
  const svg = lineChart({
    title: 'Start overhead: a lease against the visibility check (CDF)',
    xLabel: 'latency (ms, log scale)',
    yLabel: 'fraction of requests',
    logX: true,
    series: KINDS.map((k) => cdf(LABEL[k], l.samples[k])),
  });
  writeReport(report, { latency: svg }, { startOverhead: l.samples, acquireUnderLoad: c.acquireMs });
});

/** The commit measured, and whether the working tree differed from it (another change in progress). */
function sourceRevision(): string {
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
