/**
 * Closed-loop throughput (`npm run bench:throughput`): `clients` concurrent requesters each run one
 * workflow after the other, for the no-op baselines and for full happy-path port-ins against the
 * simulator (the requester reads the PIN from the phone and submits it). The figure that matters is
 * the cost per history event, port-in against the one-activity baseline.
 */
import { parseArgs } from './harness/args';
import { closedLoop, type LoopResult } from './harness/closed-loop';
import { completePortIn, portInInput, runNoop, runNoopActivity } from './harness/drivers';
import { meanHistory, type HistoryFigures } from './harness/history';
import { serverNote, snapshot, windowStats, type Snapshot, type WindowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { main, withStack, workerInfo, type BenchStack } from './harness/stack';
import { round, summarize } from './harness/stats';
import { cdf, lineChart } from './harness/svg';

const args = parseArgs({ clients: 50, warmup: 30, duration: 120, flows: 'noop,noop-act,port-in' });

interface FlowRun {
  flow: string;
  loop: LoopResult;
  window: WindowStats;
  history: HistoryFigures;
  eventsPerS: number;
  usPerEvent: number;
  serverCpuMsPerEvent: number;
  workerCpuMsPerEvent: number;
}

function iteration(stack: BenchStack, flow: string): (lane: number) => Promise<string> {
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  let k = 0;
  return async (lane) => {
    const id = `${flow}-${lane}-${++k}`;
    if (flow === 'noop') await runNoop(stack.client, tq, id);
    else if (flow === 'noop-act') await runNoopActivity(stack.client, tq, id);
    else return (await completePortIn(stack.client, tq, stack.sim, portInInput(stack.sim))).workflowId;
    return id;
  };
}

async function runFlow(stack: BenchStack, flow: string): Promise<FlowRun> {
  process.stderr.write(
    `[bench] ${flow}: ${args.clients} clients, ${args.warmup} s warm-up, ${args.duration} s window\n`,
  );
  let a: Snapshot | undefined;
  let b: Snapshot | undefined;
  const loop = await closedLoop({
    clients: args.clients,
    warmupS: args.warmup,
    durationS: args.duration,
    iteration: iteration(stack, flow),
    onWindowStart: async () => void (a = await snapshot(stack)),
    onWindowEnd: async () => void (b = await snapshot(stack)),
  });
  const window = windowStats(a as Snapshot, b as Snapshot);
  const history = await meanHistory(stack.client, loop.ids);
  const events = loop.completed * history.events;
  return {
    flow,
    loop,
    window,
    history,
    eventsPerS: events / loop.windowS,
    usPerEvent: (loop.windowS * 1e6) / events,
    serverCpuMsPerEvent: (window.cpuSeconds.server * 1000) / events,
    workerCpuMsPerEvent: (window.cpuSeconds.worker * 1000) / events,
  };
}

function figures(runs: FlowRun[]): Figure[] {
  const base = runs.find((r) => r.flow === 'noop-act');
  const out: Figure[] = [];
  for (const r of runs) {
    const vs = (
      v: number,
      pick: (x: FlowRun) => number,
      unit: string,
      metric: string,
      target?: string,
      max?: number,
    ) => {
      const b = base && r !== base ? { name: 'noop-act', value: pick(base) } : undefined;
      const f = fig(`${r.flow}: ${metric}`, v, unit, { baseline: b, target });
      if (max !== undefined && f.ratio !== undefined) f.met = f.ratio <= max;
      out.push(f);
    };
    const lat = summarize(r.loop.latencies);
    vs(r.loop.perSecond, (x) => x.loop.perSecond, 'wf/s', 'completed workflows');
    vs(r.history.events, (x) => x.history.events, 'events', 'history events per workflow');
    vs(r.eventsPerS, (x) => x.eventsPerS, 'events/s', 'history events per second');
    const isPortIn = r.flow === 'port-in';
    vs(
      r.usPerEvent,
      (x) => x.usPerEvent,
      'µs',
      'wall time per event (cost)',
      isPortIn ? '<= 1.5x noop-act' : undefined,
      isPortIn ? 1.5 : undefined,
    );
    vs(r.serverCpuMsPerEvent, (x) => x.serverCpuMsPerEvent, 'ms', 'server CPU per event');
    vs(r.workerCpuMsPerEvent, (x) => x.workerCpuMsPerEvent, 'ms', 'worker CPU per event');
    vs(
      r.history.stateTransitions * r.loop.perSecond,
      (x) => x.history.stateTransitions * x.loop.perSecond,
      '/s',
      'state transitions',
    );
    out.push(fig(`${r.flow}: latency p50 / p99`, lat.p50, `ms / ${round(lat.p99, 0)} ms`));
    out.push(
      fig(`${r.flow}: errors`, r.loop.errors + r.window.wftFailures, '', {
        target: '0',
        met: r.loop.errors + r.window.wftFailures === 0,
      }),
    );
  }
  return out;
}

function notes(runs: FlowRun[], nproc: number): string[] {
  return runs.map((r) => {
    const c = r.window.cores;
    const total = c.server + c.worker + c.bench;
    const top = Object.entries(c).sort((x, y) => y[1] - x[1])[0] ?? ['?', 0];
    return (
      `${r.flow}: CPU ${round(total, 2)} of ${nproc} cores busy (server ${round(c.server, 2)}, worker ${round(c.worker, 2)}, ` +
      `driver+simulator ${round(c.bench, 2)}); largest consumer: ${top[0]}. Workflow-task schedule-to-start p50/p95 ` +
      `${r.window.wftScheduleToStartP50Ms}/${r.window.wftScheduleToStartP95Ms} ms, activity schedule-to-start p95 ` +
      `${r.window.activityScheduleToStartP95Ms} ms, sticky hits ${r.window.stickyHits}, misses ${r.window.stickyMisses}` +
      `. ${serverNote(r.window)}` +
      (r.loop.firstErrors.length ? `; first errors: ${r.loop.firstErrors.join(' | ')}` : '')
    );
  });
}

main(async () => {
  const report: BenchReport = {
    name: 'throughput',
    title: 'Closed-loop throughput: full port-ins against the one-activity baseline',
    command: `npm run bench:throughput -- --clients=${args.clients} --warmup=${args.warmup} --duration=${args.duration} --flows=${args.flows}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const runs: FlowRun[] = [];
  await withStack({}, async (stack) => {
    report.server = stack.server.info;
    report.worker = await workerInfo(stack);
    for (const flow of args.flows.split(',')) runs.push(await runFlow(stack, flow.trim()));
  });
  report.figures = figures(runs);
  report.notes = notes(runs, report.machine.nproc);
  report.data = {
    runs: runs.map(({ loop, ...r }) => ({
      ...r,
      latency: summarize(loop.latencies),
      completed: loop.completed,
      errors: loop.errors,
    })),
  };
  const svg = lineChart({
    title: `Iteration latency, ${args.clients} closed-loop clients`,
    xLabel: 'latency (ms, log scale)',
    yLabel: 'fraction of iterations',
    logX: true,
    series: runs.map((r) => cdf(r.flow, r.loop.latencies)),
  });
  writeReport(report, { latency: svg }, Object.fromEntries(runs.map((r) => [r.flow, r.loop.latencies])));
});
