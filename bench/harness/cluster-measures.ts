/**
 * What bench/cluster.ts measures on each server: closed-loop port-ins with the server's CPU and
 * database growth taken at the window's edges, and the wrong-PIN round trip against a bare update
 * on a parked baseline (bench/pin-latency.ts's idle phase reduced to its two ends).
 */
import { pingUpdate } from '../workflows/baselines';
import { closedLoop, type LoopResult } from './closed-loop';
import { completePortIn, portInInput, startParked, submitPin, waitForCount, wrongPin } from './drivers';
import { billableActions, meanHistory, type HistoryFigures } from './history';
import { parkPatientPortIn } from './pin-targets';
import { snapshot, windowStats, type Snapshot, type WindowStats } from './probe';
import type { BenchStack } from './stack';
import { now, sleep, summarize, type Summary } from './stats';
import type { BenchWorker } from './worker';

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** The server as the measurements see it, whatever its processes and database. */
export interface ServerProbe {
  /** CPU seconds (user + system) of every process of the server, children included. */
  cpu(): number;
  /** Bytes the server's database takes now. */
  dbBytes(): number;
  pids(): number[];
}

export interface LoadRun {
  label: string;
  workers: number;
  loop: LoopResult;
  window: WindowStats;
  history: HistoryFigures;
  billable: { total: number; byType: Record<string, number> };
  serverCpuS: number;
  workerCpuS: number;
  dbGrowthBytes: number;
}

export interface PinRun {
  pin: Summary;
  ping: Summary;
  errors: string[];
}

/** Everything measured on one server. */
export interface ServerRun {
  name: 'dev' | 'cluster';
  version: string;
  loads: LoadRun[];
  pin?: PinRun;
  logErrors: string[];
  startMs: number;
}

export interface LoadOptions {
  clients: number;
  warmupS: number;
  durationS: number;
  /** How many of the window's histories are read for billable actions. */
  histories: number;
}

/** Closed-loop happy-path port-ins; CPU of server and `workers` and database size at the window's edges. */
export async function measureLoad(
  stack: BenchStack,
  probe: ServerProbe,
  label: string,
  workers: BenchWorker[],
  o: LoadOptions,
): Promise<LoadRun> {
  say(`${label}: ${o.clients} clients, ${o.warmupS} s warm-up, ${o.durationS} s window`);
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const workerCpu = () => workers.reduce((s, w) => s + w.cpu(), 0);
  let a: Snapshot | undefined;
  let b: Snapshot | undefined;
  const edge = { server: [0, 0], worker: [0, 0], db: [0, 0] };
  const loop = await closedLoop({
    clients: o.clients,
    warmupS: o.warmupS,
    durationS: o.durationS,
    iteration: async () => (await completePortIn(stack.client, tq, stack.sim, portInInput(stack.sim))).workflowId,
    onWindowStart: async () => {
      a = await snapshot(stack);
      edge.server[0] = probe.cpu();
      edge.worker[0] = workerCpu();
      edge.db[0] = probe.dbBytes();
    },
    onWindowEnd: async () => {
      b = await snapshot(stack);
      edge.server[1] = probe.cpu();
      edge.worker[1] = workerCpu();
      edge.db[1] = probe.dbBytes();
    },
  });
  const history = await meanHistory(stack.client, loop.ids, 10);
  const sample = loop.ids.slice(0, o.histories);
  const bills = await Promise.all(
    sample.map(async (id) => billableActions(await stack.client.workflow.getHandle(id).fetchHistory())),
  );
  const byType: Record<string, number> = {};
  for (const bill of bills)
    for (const [k, v] of Object.entries(bill.byType)) byType[k] = (byType[k] ?? 0) + v / bills.length;
  return {
    label,
    workers: workers.length,
    loop,
    window: windowStats(a as Snapshot, b as Snapshot),
    history,
    billable: { total: bills.reduce((s, x) => s + x.total, 0) / Math.max(bills.length, 1), byType },
    serverCpuS: (edge.server[1] ?? 0) - (edge.server[0] ?? 0),
    workerCpuS: (edge.worker[1] ?? 0) - (edge.worker[0] ?? 0),
    dbGrowthBytes: (edge.db[1] ?? 0) - (edge.db[0] ?? 0),
  };
}

export interface PinOptions {
  /** Parked port-ins, and as many parked baselines. */
  targets: number;
  warmup: number;
  samples: number;
  gapMs: number;
}

/** Wrong PINs and bare updates, interleaved, one at a time; every parked workflow terminated after. */
export async function measurePinRoundTrip(stack: BenchStack, o: PinOptions): Promise<PinRun> {
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const targets = await Promise.all(Array.from({ length: o.targets }, () => parkPatientPortIn(stack)));
  const stamp = Date.now();
  const parked = await Promise.all(
    Array.from({ length: o.targets }, (_, i) =>
      startParked(stack.client, tq, `park-${stamp}-${i}`).then((h) => h.workflowId),
    ),
  );
  // Visibility on the cluster lags (SQL visibility through the task queue): waited for, not timed.
  await waitForCount(
    stack.client,
    `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN' AND ExecutionStatus = 'Running'`,
    o.targets,
    120_000,
  );
  say(`PIN round trip: ${o.warmup} warm-up and ${o.samples} measured of each, one at a time`);
  const out: PinRun = { pin: summarize([]), ping: summarize([]), errors: [] };
  const samples: { pin: number[]; ping: number[] } = { pin: [], ping: [] };
  for (let i = -o.warmup; i < o.samples; i++) {
    const target = targets[(i + o.warmup) % targets.length] as (typeof targets)[number];
    const baseline = stack.client.workflow.getHandle(parked[(i + o.warmup) % parked.length] as string);
    for (const kind of ['pin', 'ping'] as const) {
      const t = now();
      try {
        if (kind === 'ping') await baseline.executeUpdate(pingUpdate, { args: [{ n: i }] });
        else {
          const r = await submitPin(target.handle, wrongPin(target.code), 0);
          if (r.status !== 'wrong') throw new Error(`expected "wrong", got ${JSON.stringify(r)}`);
        }
        if (i >= 0) samples[kind].push(now() - t);
      } catch (err) {
        out.errors.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(o.gapMs);
    }
  }
  out.pin = summarize(samples.pin);
  out.ping = summarize(samples.ping);
  // Parked workflows would otherwise stay open in the server for the next phase.
  await Promise.all([
    ...targets.map((t) => t.handle.terminate('bench done').catch(() => undefined)),
    ...parked.map((id) =>
      stack.client.workflow
        .getHandle(id)
        .terminate('bench done')
        .catch(() => undefined),
    ),
  ]);
  return out;
}
