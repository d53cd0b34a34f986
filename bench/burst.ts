/**
 * Burst start (`npm run bench:burst`): `n` port-ins started at once (or open-loop at a rate), with
 * their StartWorkflow latency and the time until every one reaches its first human wait (AWAITING_PIN),
 * against a burst of no-op workflows (time until all completed) on the same server and worker.
 */
import { parseArgs } from './harness/args';
import { portInInput, startPortIn } from './harness/drivers';
import { serverNote, snapshot, windowStats, type WindowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { fig, writeReport, type BenchReport, type Figure } from './harness/report';
import { main, withStack, workerInfo, type BenchStack } from './harness/stack';
import { now, pool, round, sleep, summarize } from './harness/stats';
import { cdf, lineChart } from './harness/svg';
import { noopWorkflow } from './workflows/baselines';

const args = parseArgs({ n: 1000, concurrency: 200, rates: '0,50', timeoutS: 900 });
/** 0 = flat out (up to `concurrency` starts in flight), otherwise starts per second, open loop. */
const RATES = [...new Set(args.rates.split(',').map((r) => Number(r.trim())))].filter(
  (r) => Number.isFinite(r) && r >= 0,
);

interface Phase {
  name: string;
  kind: 'noop' | 'port-in';
  rate: number;
  startMs: number[];
  startErrors: string[];
  allStartedS: number;
  allReadyS: number;
  progress: [number, number][];
  window: WindowStats;
}

const READY: Record<Phase['kind'], string> = {
  noop: `WorkflowType = 'noopWorkflow' AND ExecutionStatus = 'Completed'`,
  'port-in': `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN'`,
};

async function burst(stack: BenchStack, kind: Phase['kind'], rate: number, seq: number): Promise<Phase> {
  const name = `${kind}, ${rate ? `${rate}/s` : 'flat out'}`;
  process.stderr.write(`[bench] burst: ${args.n} ${name}\n`);
  const tq = stack.config.TEMPORAL_TASK_QUEUE;
  const already = (await stack.client.workflow.count(READY[kind])).count;
  const phase: Phase = {
    name,
    kind,
    rate,
    startMs: [],
    startErrors: [],
    allStartedS: NaN,
    allReadyS: NaN,
    progress: [],
    window: undefined as unknown as WindowStats,
  };
  const before = await snapshot(stack);
  const t0 = now();
  const started = pool(args.n, rate ? args.n : args.concurrency, async (i) => {
    if (rate) await sleep(t0 + (i * 1000) / rate - now());
    const t = now();
    try {
      if (kind === 'noop')
        await stack.client.workflow.start(noopWorkflow, { taskQueue: tq, workflowId: `burst-${seq}-${i}` });
      else await startPortIn(stack.client, tq, portInInput(stack.sim));
      phase.startMs.push(now() - t);
    } catch (err) {
      phase.startErrors.push(err instanceof Error ? err.message : String(err));
    }
  }).then(() => (phase.allStartedS = (now() - t0) / 1000));
  const target = already + args.n;
  for (;;) {
    const { count } = await stack.client.workflow.count(READY[kind]);
    phase.progress.push([(now() - t0) / 1000, count - already]);
    if (count >= target - phase.startErrors.length && Number.isFinite(phase.allStartedS)) break;
    if (now() - t0 > args.timeoutS * 1000) break;
    await sleep(500);
  }
  await started;
  phase.allReadyS =
    (phase.progress.at(-1)?.[1] ?? 0) >= args.n - phase.startErrors.length ? (phase.progress.at(-1)?.[0] ?? NaN) : NaN;
  phase.window = windowStats(before, await snapshot(stack));
  return phase;
}

function figures(phases: Phase[], serverErrors: number): Figure[] {
  const out: Figure[] = [];
  for (const p of phases.filter((x) => x.kind === 'port-in')) {
    const base = phases.find((x) => x.kind === 'noop' && x.rate === p.rate);
    const [s, b] = [summarize(p.startMs), base && summarize(base.startMs)];
    const bl = (v: number | undefined) =>
      base && v !== undefined ? { name: `noop, ${base.name.split(', ')[1]}`, value: v } : undefined;
    out.push(
      fig(`${p.name}: start latency p50`, s.p50, 'ms', { baseline: bl(b?.p50) }),
      fig(`${p.name}: start latency p99`, s.p99, 'ms', {
        baseline: bl(b?.p99),
        target: p.rate ? '< 100 ms' : undefined,
        met: p.rate ? s.p99 < 100 : undefined,
      }),
      fig(`${p.name}: all ${args.n} at AWAITING_PIN after`, p.allReadyS, 's', { baseline: bl(base?.allReadyS) }),
      fig(
        `${p.name}: workflow-task schedule-to-start p95${p.window.wftScheduleToStartP95Beyond ? ' (beyond the largest bucket: at least)' : ''}`,
        p.window.wftScheduleToStartP95Ms,
        'ms',
        {
          target: '< 1000 ms',
          met: !p.window.wftScheduleToStartP95Beyond && p.window.wftScheduleToStartP95Ms < 1000,
        },
      ),
      fig(`${p.name}: start errors + workflow-task failures`, p.startErrors.length + p.window.wftFailures, '', {
        target: '0',
        met: p.startErrors.length + p.window.wftFailures === 0,
      }),
    );
  }
  out.push(fig('server log errors', serverErrors, '', { target: '0', met: serverErrors === 0 }));
  return out;
}

main(async () => {
  const report: BenchReport = {
    name: 'burst',
    title: `Burst start of ${args.n} port-ins against a burst of no-op workflows`,
    command: `npm run bench:burst -- --n=${args.n} --concurrency=${args.concurrency} --rates=${args.rates}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const phases: Phase[] = [];
  let serverErrors: string[] = [];
  await withStack({}, async (stack) => {
    report.server = stack.server.info;
    report.worker = await workerInfo(stack);
    let seq = 0;
    for (const rate of RATES) {
      for (const kind of ['noop', 'port-in'] as const) phases.push(await burst(stack, kind, rate, ++seq));
    }
    serverErrors = stack.server.errorSummary();
  });
  const serverErrorCount = serverErrors.reduce((n, l) => n + Number(/^(\d+)x/.exec(l)?.[1] ?? 0), 0);
  report.figures = figures(phases, serverErrorCount);
  if (serverErrors.length) report.notes.push(`Server log errors: ${serverErrors.join('; ')}`);
  for (const p of phases) {
    report.notes.push(
      `${p.name}: all started after ${round(p.allStartedS, 1)} s; CPU server ${round(p.window.cores.server, 2)}, worker ${round(p.window.cores.worker, 2)}, driver+simulator ${round(p.window.cores.bench, 2)} cores. ${serverNote(p.window)}` +
        (p.startErrors.length ? `; first start errors: ${p.startErrors.slice(0, 3).join(' | ')}` : ''),
    );
  }
  report.data = { phases: phases.map(({ startMs, ...p }) => ({ ...p, start: summarize(startMs) })) };
  const latency = lineChart({
    title: 'StartWorkflow latency (CDF)',
    xLabel: 'latency (ms, log scale)',
    yLabel: 'fraction of starts',
    logX: true,
    series: phases.map((p) => cdf(p.name, p.startMs)),
  });
  const progress = lineChart({
    title: `Workflows at their first wait (no-op: completed) after a burst of ${args.n}`,
    xLabel: 'seconds since the first start',
    yLabel: 'workflows',
    series: phases.map((p) => ({ name: p.name, points: p.progress })),
  });
  writeReport(
    report,
    { latency, progress },
    phases.map((p) => ({ name: p.name, startMs: p.startMs, progress: p.progress })),
  );
});
