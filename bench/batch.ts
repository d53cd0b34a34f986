/**
 * Batch migrations (`npm run bench:batch`): ONE batch of `items` port-outs (concurrency 20, 50
 * outside calls/s) against as many port-outs started one by one through the HTTP API
 * (`POST /v1/port-outs`, 20 starts in flight), on the same server, simulator and worker build, one
 * side after the other (the batch first), the worker restarted before each side so its RSS is that
 * side's own. Every number has 2FA off and has already left (100 WABAs of 50 for 5,000): a
 * port-out reads the account (three outside calls in parallel) and waits for the owner, who
 * declines the subscription cancellation as soon as asked (20 answers in flight): it completes.
 * The simulator answers each call after `latencyMs` (100 ms, an API round trip), so calls overlap
 * as they would against 360dialog and Meta; at 0 ms the in-process simulator serves one at a time.
 *
 * Measured per side: wall time to the last item ended, peak concurrent outside calls (the
 * simulator's gauge), worker RSS peak; for the batch also its history over every run.
 * Options: --items=5000 --concurrency=20 --calls-per-second=50 --latency-ms=100 --humans=20
 * --starts=20 --timeout-min=90
 */
import { createMigrationsClient, type MigrationsClient } from '../client';
import type { BatchStatus } from '../contracts/batch';
import { PortOutStep } from '../contracts/port-out';
import { parseArgs } from './harness/args';
import { batchFigures, type BatchSide, type Side } from './harness/batch-figures';
import * as flows from './harness/flows-batch';
import { counterDelta } from './harness/metrics';
import { serverNote, snapshot, windowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { summarizeErrors } from './harness/server';
import { writeReport, type BenchReport } from './harness/report';
import { main, withStack, workerInfo, type BenchStack } from './harness/stack';
import { now, pool, round, sleep } from './harness/stats';
import { lineChart } from './harness/svg';

const args = parseArgs({
  items: 5000,
  concurrency: 20,
  callsPerSecond: 50,
  latencyMs: 100,
  humans: 20,
  starts: 20,
  timeoutMin: 90,
});
/** getPortOutAccount: the WABA's client and channels on 360dialog, the number on Meta. */
const CALLS_PER_ITEM = 3;
type Body = (numbers: flows.PortOutNumber[], t0: number, progress: [number, number][]) => Promise<Partial<Side>>;

/** Fresh numbers, a fresh worker, the gauge's peak reset; then `body` runs with the clock and samplers on. */
async function side(stack: BenchStack, name: string, body: Body): Promise<Side> {
  process.stderr.write(`[bench] ${name}: seeding ${args.items} numbers\n`);
  const numbers = await flows.leavingNumbers(stack.sim.control, args.items);
  await stack.restartWorker();
  await sleep(2000);
  await stack.sim.control.resetInFlightPeak();
  const logged = stack.server.logErrors().length;
  const before = await snapshot(stack);
  const rss = flows.sampleRss(() => stack.worker.rss());
  const progress: [number, number][] = [];
  process.stderr.write(`[bench] ${name}: ${args.items} port-outs\n`);
  const t0 = now();
  const more = await body(numbers, t0, progress);
  const wallS = (now() - t0) / 1000;
  const peakCalls = (await stack.sim.control.inFlight()).peak;
  const after = await snapshot(stack);
  const serverErrors = summarizeErrors(stack.server.logErrors().slice(logged));
  const activityFailures = counterDelta(before.metrics, after.metrics, 'temporal_activity_execution_failed');
  process.stderr.write(`[bench] ${name}: ${round(wallS, 1)} s\n`);
  return {
    ...{
      name,
      wallS,
      peakCalls,
      completed: 0,
      ended: 0,
      finished: true,
      outcomes: {},
      answersRetried: 0,
      answerErrors: [],
      rss: rss.stop(),
      progress,
      errors: [],
    },
    ...{ window: windowStats(before, after), activityFailures, serverErrors, ...more },
  };
}

async function batchSide(stack: BenchStack, client: MigrationsClient): Promise<BatchSide> {
  const batchId = `bench-${Date.now()}`;
  let status: BatchStatus | undefined;
  const [lost, unlisted] = [[] as string[], [] as string[]];
  let [sweptAt, answeredAt, queryGapMaxS] = [now(), now(), 0];
  const humans = flows.decliningOwners(client, args.humans);
  const result = await side(stack, 'batch', async (numbers, t0, progress) => {
    await client.startBatch({
      batchId,
      items: numbers.map((n) => ({ kind: 'port-out' as const, ...n })),
      defaults: { 'port-out': { timings: flows.PORT_OUT_TIMINGS } },
      concurrency: args.concurrency,
      callsPerSecond: args.callsPerSecond,
    });
    for (;;) {
      const answer = await client.getBatch(batchId).catch(() => undefined);
      if (answer) [queryGapMaxS, answeredAt] = [Math.max(queryGapMaxS, (now() - answeredAt) / 1000), now()];
      status = answer ?? status;
      if (status) progress.push([(now() - t0) / 1000, status.byState.ended]);
      if (status?.state === 'drained' || now() - t0 > args.timeoutMin * 60_000) break;
      for (let offset = 0; ; offset += 500) {
        const page = await client
          .listBatchItems(batchId, { waitingOnHuman: true, offset, limit: 500 })
          .catch(() => undefined);
        page?.items.forEach((i) => humans.offer(i.migrationId));
        if (!page || offset + 500 >= page.total) break;
      }
      if (now() - sweptAt > 10_000) {
        sweptAt = now();
        const found = await flows.answerUnlisted(client, batchId, humans);
        lost.push(...found.lost);
        unlisted.push(...found.unlisted);
      }
      await sleep(250);
    }
    const [ended, finished] = [status?.byState.ended ?? 0, status?.state === 'drained'];
    const outcomes = status?.byOutcome ?? {};
    const answers = { answerErrors: humans.errors, answersRetried: humans.retried };
    return { completed: outcomes.completed ?? 0, ended, finished, outcomes, ...answers };
  });
  // Drained: a cancel closes the batch (its workflow returns); then every run's history.
  if (result.finished) {
    await client.cancelBatch(batchId, { by: 'bench', reason: 'drained: close it' });
    await stack.client.workflow.getHandle(`batch:${batchId}`).result();
  }
  const runs = await flows.historyOfRuns(stack.client, `batch:${batchId}`, status?.run ?? 1);
  return { ...result, status: status as BatchStatus, runs, lostReports: lost, unlisted, queryGapMaxS };
}

async function separateSide(stack: BenchStack, client: MigrationsClient): Promise<Side> {
  const api = await flows.startApi(stack.config, stack.client);
  const humans = flows.decliningOwners(client, args.humans);
  try {
    return await side(stack, 'separate starts', async (numbers, t0, progress) => {
      // Only this side's port-outs started after this instant (the batch's had all ended).
      const since = `StartTime >= '${new Date(Date.now() - 1000).toISOString()}'`;
      let startsDone = false;
      const starts = pool(numbers.length, args.starts, (i) =>
        flows.postPortOut(api.url, numbers[i] as flows.PortOutNumber),
      );
      void starts.then(() => (startsDone = true));
      let [ended, finished] = [0, false];
      for (;;) {
        const q = `MigrationKind = 'port-out' AND ExecutionStatus != 'Running' AND ${since}`;
        ended = (await stack.client.workflow.count(q).catch(() => undefined))?.count ?? ended;
        progress.push([(now() - t0) / 1000, ended]);
        finished = startsDone && ended >= numbers.length - (await starts).errors.length;
        if (finished || now() - t0 > args.timeoutMin * 60_000) break;
        for (const id of await flows.waitingPortOuts(client)) humans.offer(id);
        await sleep(250);
      }
      const outcomes: Record<string, number> = {};
      for (const o of ['completed', 'failed', 'stalled', 'cancelled'])
        outcomes[o] = (await stack.client.workflow.count(`MigrationOutcome = '${o}' AND ${since}`)).count;
      const completed = outcomes.completed ?? 0;
      const startErrors = (await starts).errors.map((e) => `start: ${e instanceof Error ? e.message : String(e)}`);
      const answers = { answerErrors: humans.errors, answersRetried: humans.retried };
      return { completed, ended, finished, outcomes, errors: startErrors, ...answers };
    });
  } finally {
    await api.app.close();
  }
}

main(async () => {
  const report: BenchReport = {
    name: 'batch',
    title: `A batch of ${args.items} port-outs against ${args.items} separate starts through the API`,
    command: `npm run bench:batch -- --items=${args.items} --concurrency=${args.concurrency} --calls-per-second=${args.callsPerSecond} --latency-ms=${args.latencyMs}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const { b, s } = await withStack({}, async (stack) => {
    report.server = stack.server.info;
    const info = await workerInfo(stack);
    report.worker = { ...info, process: `${info.process}, with the batch call limits; restarted before each side` };
    await stack.sim.control.faults({ latencyMs: args.latencyMs });
    const client = createMigrationsClient({ client: stack.client, config: stack.config });
    return { b: await batchSide(stack, client), s: await separateSide(stack, client) };
  });
  report.figures = batchFigures(b, s, args.items, args.concurrency);
  report.notes.push(
    `The batch's rate limit alone takes at least ${round((CALLS_PER_ITEM * args.items) / args.callsPerSecond, 0)} s ` +
      `(${CALLS_PER_ITEM} outside calls per item at ${args.callsPerSecond}/s); the separate starts have no such floor.`,
    `Humans: the batch's owners are found by listBatchItems(waitingOnHuman) (a query on the batch), the separate ones by ` +
      `listMigrations(step ${PortOutStep.AWAITING_CANCELLATION_CONFIRMATION}) (visibility); each answer is a ` +
      `declineSubscriptionCancellation update, ${args.humans} at a time.`,
    `Batch status at drained: ${JSON.stringify({ byOutcome: b.status.byOutcome, peakActive: b.status.peakActive, run: b.status.run })}; ` +
      `runs (events / KiB / failed workflow tasks): ${b.runs.map((r) => `${r.events} / ${round(r.bytes / 1024, 0)} / ${r.failedTasks}`).join(', ')}.`,
  );
  if (b.lostReports.length)
    report.notes.push(
      `Lost reports: the batch kept ${b.lostReports.join(', ')} as 'working' while each waited on its owner ` +
        `(answered from visibility instead). A member's 'waiting' signal that reaches the batch in the same workflow ` +
        `task as its child-started event is handled first (signals before resolutions), finds the item 'pending' ` +
        `and is dropped; started() then marks it 'working' (workflows/batch/book.ts report/started).`,
    );
  if (b.unlisted.length)
    report.notes.push(
      `${b.unlisted.length} port-outs waited 15 s on their owner while the batch did not answer queries ` +
        `(longest stretch without an answer: ${round(b.queryGapMaxS, 1)} s); they were answered from visibility.`,
    );
  for (const x of [b, s]) {
    const w = x.window;
    report.notes.push(
      `${x.name}: outcomes ${JSON.stringify(x.outcomes)}; ${x.answersRetried} answers asked again after an error; worker RSS ${round(x.rss.startMiB, 0)} MiB at start; CPU server ${round(w.cores.server, 2)}, worker ` +
        `${round(w.cores.worker, 2)}, driver+simulator+API ${round(w.cores.bench, 2)} cores. ${serverNote(w)}` +
        (x.serverErrors.length ? `. Server log errors: ${x.serverErrors.join('; ')}` : '') +
        (x.answerErrors.length ? `. First answer errors: ${x.answerErrors.slice(0, 3).join(' | ')}` : '') +
        (x.errors.length ? `. ${x.errors.length} starts refused, first: ${x.errors.slice(0, 3).join(' | ')}` : ''),
    );
  }
  const strip = ({ rss, progress: _p, ...x }: Side) => ({
    ...x,
    rss: { peakMiB: rss.peakMiB, startMiB: rss.startMiB },
  });
  report.data = { batch: { ...strip(b), runs: b.runs, status: b.status }, separate: strip(s) };
  const progress = lineChart({
    title: `Port-outs ended: one batch of ${args.items} against separate starts`,
    xLabel: 'seconds since the first start',
    yLabel: 'port-outs ended',
    series: [b, s].map((x) => ({ name: x.name, points: x.progress })),
  });
  const memory = lineChart({
    title: 'Worker RSS during each side',
    xLabel: 'seconds since the side started',
    yLabel: 'worker RSS (MiB)',
    series: [b, s].map((x) => ({ name: x.name, points: x.rss.points })),
  });
  const raw = Object.fromEntries([b, s].map((x) => [x.name, { progress: x.progress, rss: x.rss.points }]));
  writeReport(report, { progress, memory }, raw);
});
