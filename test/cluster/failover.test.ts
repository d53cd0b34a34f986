/**
 * The project on the production-shaped cluster, configuration only (issue 17): two worker
 * processes share one task queue while migrations of every kind run (On-Premise and Cloud-API
 * port-ins, port-outs, partner changes); one worker is killed -9 and comes back, the history
 * service restarts, then PostgreSQL restarts, each with migrations in flight. Every migration ends
 * as its plan says, the surviving worker carried the work while the other was down, and the
 * simulator counted no outside effect twice.
 */
import type { MigrationResult } from '../../contracts/migration';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { duplicateEffects, effectsCounted } from '../harness/side-effects';
import { reportStuck } from '../harness/stuck-report';
import { PORT_INS, type Launched, type PlanContext } from '../reliability/crash-plans';
import { CLOUD_PORT_INS } from '../reliability/crash-plans-cloud';
import { PARTNER_CHANGES, PORT_OUTS } from '../reliability/crash-plans-waba';
import { effectProblems } from '../reliability/effects-check';
import { WorkerProcess } from '../reliability/worker-process';
import { clusterControl } from './control';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let simulator: RunningSimulator;
let sim: SimulatorControl;
let client: TestStack;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // A simulator of its own: this test slows every outside call down so that some are in flight.
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await client?.close();
  await simulator?.close();
});

test('every kind of migration completes across a worker kill -9, a history restart and a PostgreSQL restart', async () => {
  const config = testConfig({
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
  });
  // The test's own client; its in-process worker polls another queue (the two processes do the work).
  client = await startStack({ config: { ...config, TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}-unused` } });
  const [a, b] = [29471, 29472].map((port) => WorkerProcess.forConfig(config, port)) as [WorkerProcess, WorkerProcess];
  workers.push(a, b);
  await Promise.all([a.start(), b.start()]);
  await sim.faults({ latencyMs: 200 }); // outside calls take a while: the disruptions land inside some

  const ctx: PlanContext = {
    sim,
    client: client.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    hit: () => true, // nothing waits for a kill to land in a step
    pollEvery: '500ms',
  };
  // Each kind, and the port-in's two paths; the plans of the crash test, people included.
  const plans = [...PORT_INS.slice(0, 3), ...CLOUD_PORT_INS, ...PORT_OUTS.slice(0, 2), ...PARTNER_CHANGES.slice(0, 2)];
  const began = Date.now();
  const launched: Launched[] = [];
  for (const plan of plans) {
    launched.push(await plan(ctx));
    await sleep(300);
  }
  const running = async () =>
    (
      await Promise.all(
        launched.map((l) =>
          l.handle.describe().then(
            (d) => d.status.name,
            () => 'UNKNOWN',
          ),
        ),
      )
    ).filter((s) => s === 'RUNNING').length;
  const diagnose = setTimeout(
    () =>
      void reportStuck(
        'cluster failover',
        launched.map((l) => l.handle),
      ),
    200_000,
  );

  // 1. One worker dies without a word; the other carries on; the dead one comes back.
  const inFlightAtKill = await running();
  await a.kill();
  await sleep(5000);
  await a.start();
  // 2. The history service restarts (its shards move away and back).
  const inFlightAtHistory = await running();
  const historyMs = await clusterControl.restartService('history', { downMs: 2000 });
  // 3. PostgreSQL restarts under every service.
  const inFlightAtPostgres = await running();
  const postgresMs = await clusterControl.restartPostgres({ downMs: 2000 });
  await sim.clearFaults();

  const results = await Promise.all(launched.map((l) => l.done));
  clearTimeout(diagnose);
  const seconds = Math.round((Date.now() - began) / 1000);
  const histories = await Promise.all(launched.map((l) => l.handle.fetchHistory()));
  const counters = await sim.counters();
  const duplicates = duplicateEffects(counters);
  const problems = launched.flatMap((l, i) =>
    effectProblems(l, results[i] as MigrationResult, counters, histories[i] ?? {}),
  );
  const byKind = (k: string) =>
    `${results.filter((r) => r.kind === k && r.outcome === 'completed').length}/${launched.filter((l) => l.kind === k).length}`;
  process.stdout.write(
    `cluster failover: in flight at the worker kill ${inFlightAtKill}, at the history restart ${inFlightAtHistory} ` +
      `(back in ${(historyMs / 1000).toFixed(1)} s), at the PostgreSQL restart ${inFlightAtPostgres} (back in ${(postgresMs / 1000).toFixed(1)} s); ` +
      `completed: port-in ${byKind('port-in')}, port-out ${byKind('port-out')}, partner-change ${byKind('partner-change')} in ${seconds} s; ` +
      `duplicates ${duplicates.length + problems.length} (${effectsCounted(counters)} costly effects counted)\n`,
  );

  // The disruptions met migrations in flight.
  expect(Math.min(inFlightAtKill, inFlightAtHistory, inFlightAtPostgres)).toBeGreaterThan(0);
  // Right outcomes, each effect once.
  expect(results.map((r) => `${r.migrationId} ${r.outcome}`)).toEqual(
    launched.map((l) => `${l.handle.workflowId} ${l.outcome}`),
  );
  expect(duplicates).toEqual([]);
  expect(problems).toEqual([]);
  // Neither worker died on its own.
  expect([a.exitedOnItsOwn, b.exitedOnItsOwn]).toEqual([false, false]);
}, 300_000);
