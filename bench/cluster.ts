/**
 * Dev server and cluster side by side in one run (`npm run bench:cluster`, issue 17): the same
 * harness (simulator, bench worker process, client) first against its own dev server (SQLite, one
 * process), then against a fresh cluster of scripts/cluster (PostgreSQL, four service processes)
 * on its own ports and data folder. Per server: closed-loop port-ins per second (one worker; on the
 * cluster also two worker processes), the wrong-PIN round trip against a bare update on a parked
 * baseline, history events and bytes per port-in, billable actions per port-in, server CPU seconds
 * (all server processes: the dev server; the cluster's four services + PostgreSQL) and database
 * growth per completed port-in. Every cluster figure has the dev server's as its baseline.
 * This file is the run's outline; the parts are in harness/: cluster-server.ts (the cluster as a
 * bench server), cluster-measures.ts (load and PIN round trip), cluster-report.ts (figures, notes).
 */
import path from 'node:path';
import { parseArgs } from './harness/args';
import { assertClusterPrerequisites, withBenchCluster } from './harness/cluster-server';
import { measureLoad, measurePinRoundTrip, type ServerProbe, type ServerRun } from './harness/cluster-measures';
import { clusterFigures, clusterNotes, slimRun } from './harness/cluster-report';
import { machineInfo, treeCpu } from './harness/proc';
import { writeReport, type BenchReport } from './harness/report';
import { main, withStack } from './harness/stack';
import { now, round } from './harness/stats';
import { startBenchWorker } from './harness/worker';

const args = parseArgs({
  clients: 40,
  warmup: 20,
  duration: 60,
  samples: 100,
  pinWarmup: 10,
  targets: 3,
  gapMs: 20,
  histories: 5,
  frontendPort: 17333,
  postgresPort: 15544,
  shards: 4,
});

const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const loadOptions = {
  clients: args.clients,
  warmupS: args.warmup,
  durationS: args.duration,
  histories: args.histories,
};
const pinOptions = { targets: args.targets, warmup: args.pinWarmup, samples: args.samples, gapMs: args.gapMs };

async function onDevServer(): Promise<ServerRun> {
  const t = now();
  return withStack({}, async (stack) => {
    const startMs = now() - t;
    const srv = stack.server;
    const probe: ServerProbe = { ...treeCpu(() => [srv.pid ?? -1]), dbBytes: () => srv.dbBytes() };
    say(`dev server processes: ${probe.pids().join(', ')}`);
    const loads = [await measureLoad(stack, probe, 'dev server, 1 worker', [stack.worker], loadOptions)];
    const pin = await measurePinRoundTrip(stack, pinOptions);
    return { name: 'dev', version: srv.info.serverVersion, loads, pin, logErrors: srv.errorSummary(), startMs };
  });
}

async function onCluster(): Promise<ServerRun> {
  const cluster = { frontendPort: args.frontendPort, postgresPort: args.postgresPort, shards: args.shards };
  return withBenchCluster(cluster, ({ handle, server, startMs }) =>
    withStack({ existingServer: server }, async (stack) => {
      const probe: ServerProbe = { ...treeCpu(() => [], handle.dir), dbBytes: () => server.dbBytes() };
      say(`cluster processes: ${probe.pids().length} (4 services, PostgreSQL and its backends)`);
      const loads = [await measureLoad(stack, probe, 'cluster, 1 worker', [stack.worker], loadOptions)];
      const pin = await measurePinRoundTrip(stack, pinOptions);
      const second = await startBenchWorker(stack.config, {
        bundlePath: stack.bundlePath,
        logFile: path.join(server.dir, 'worker-second.log'),
      });
      try {
        loads.push(await measureLoad(stack, probe, 'cluster, 2 workers', [stack.worker, second], loadOptions));
      } finally {
        await second.stop();
      }
      return {
        name: 'cluster',
        version: server.info.serverVersion,
        loads,
        pin,
        logErrors: server.errorSummary(),
        startMs,
      };
    }),
  );
}

main(async () => {
  assertClusterPrerequisites();
  const report: BenchReport = {
    name: 'cluster',
    title: 'Dev server and cluster side by side: throughput, PIN round trip, cost per port-in',
    command: `npm run bench:cluster -- --clients=${args.clients} --warmup=${args.warmup} --duration=${args.duration} --samples=${args.samples}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const t0 = now();
  const dev = await onDevServer();
  const cluster = await onCluster();
  report.worker = {
    process: 'bench/worker-process.ts (production createWorker, SDK defaults for slots and pollers), one per worker',
  };
  report.figures = clusterFigures(dev, cluster);
  report.notes = [
    ...clusterNotes(dev, cluster, { nproc: report.machine.nproc, histories: args.histories, shards: args.shards }),
    `Whole run: ${round((now() - t0) / 60_000, 1)} min.`,
  ];
  report.data = { dev: slimRun(dev), cluster: slimRun(cluster) };
  writeReport(
    report,
    {},
    {
      dev: dev.loads.map((r) => r.loop.latencies),
      cluster: cluster.loads.map((r) => r.loop.latencies),
    },
  );
});
