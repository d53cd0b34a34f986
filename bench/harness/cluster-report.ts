/**
 * The figures and notes of bench/cluster.ts: every cluster figure against the dev server's as its
 * baseline, per completed port-in where it is a cost.
 */
import type { LoadRun, ServerRun } from './cluster-measures';
import { fig, type Figure } from './report';
import { round, summarize } from './stats';

const perPortIn = (r: LoadRun) => ({
  rate: r.loop.perSecond,
  events: r.history.events,
  bytes: r.history.bytes,
  billable: r.billable.total,
  serverCpuS: r.serverCpuS / Math.max(r.loop.completed, 1),
  workerCpuS: r.workerCpuS / Math.max(r.loop.completed, 1),
  dbBytes: r.dbGrowthBytes / Math.max(r.loop.completed, 1),
  p50: summarize(r.loop.latencies).p50,
});

export function clusterFigures(dev: ServerRun, cluster: ServerRun): Figure[] {
  const out: Figure[] = [];
  const d = dev.loads[0] as LoadRun;
  const dv = perPortIn(d);
  const vsDev = (metric: string, value: number, base: number, unit: string, more: Partial<Figure> = {}) =>
    out.push(fig(metric, value, unit, { baseline: { name: 'dev server', value: base }, ...more }));
  out.push(fig('dev server: completed port-ins per second (1 worker)', dv.rate, 'port-ins/s'));
  for (const c of cluster.loads) {
    const cv = perPortIn(c);
    vsDev(`${c.label}: completed port-ins per second`, cv.rate, dv.rate, 'port-ins/s');
    vsDev(`${c.label}: port-in latency p50 (closed loop)`, cv.p50, dv.p50, 'ms');
  }
  const [c1, c2] = cluster.loads as [LoadRun, LoadRun | undefined];
  if (c2)
    out.push(
      fig('cluster: 2 workers vs 1 worker, port-ins per second', c2.loop.perSecond, 'port-ins/s', {
        baseline: { name: 'cluster, 1 worker', value: c1.loop.perSecond },
      }),
    );
  const c = perPortIn(c1);
  vsDev('history events per port-in', c.events, dv.events, 'events');
  vsDev('history bytes per port-in', c.bytes, dv.bytes, 'B');
  vsDev('billable actions per port-in (from histories)', c.billable, dv.billable, 'actions');
  vsDev('server CPU per port-in (cluster: 4 services + PostgreSQL)', c.serverCpuS, dv.serverCpuS, 's');
  vsDev('worker CPU per port-in', c.workerCpuS, dv.workerCpuS, 's');
  vsDev('database growth per port-in (PostgreSQL vs SQLite file)', c.dbBytes, dv.dbBytes, 'B');
  if (dev.pin && cluster.pin) {
    const [dp, cp] = [dev.pin, cluster.pin];
    for (const [who, p] of [
      ['dev server', dp],
      ['cluster', cp],
    ] as const) {
      out.push(
        fig(`${who}: wrong-PIN round trip p50`, p.pin.p50, 'ms', {
          baseline: { name: 'bare update', value: p.ping.p50 },
        }),
        fig(`${who}: wrong-PIN round trip p95`, p.pin.p95, 'ms', {
          baseline: { name: 'bare update', value: p.ping.p95 },
        }),
      );
    }
    vsDev('cluster vs dev server: wrong-PIN round trip p50', cp.pin.p50, dp.pin.p50, 'ms');
    vsDev('cluster vs dev server: wrong-PIN round trip p95', cp.pin.p95, dp.pin.p95, 'ms');
    vsDev('cluster vs dev server: bare update p50', cp.ping.p50, dp.ping.p50, 'ms');
    vsDev('cluster vs dev server: bare update p95', cp.ping.p95, dp.ping.p95, 'ms');
  }
  const errors = [...dev.loads, ...cluster.loads].reduce((s, r) => s + r.loop.errors + r.window.wftFailures, 0);
  const pinErrors = (dev.pin?.errors.length ?? 0) + (cluster.pin?.errors.length ?? 0);
  out.push(
    fig('errors (port-ins, workflow-task failures, PIN calls)', errors + pinErrors, '', {
      target: '0',
      met: errors + pinErrors === 0,
    }),
  );
  return out;
}

export function clusterNotes(
  dev: ServerRun,
  cluster: ServerRun,
  o: { nproc: number; histories: number; shards: number },
): string[] {
  const n: string[] = [];
  for (const r of [...dev.loads, ...cluster.loads]) {
    const w = r.window;
    n.push(
      `${r.label}: ${r.loop.completed} port-ins completed in the ${r.loop.windowS} s window, ${r.loop.errors} errors; ` +
        `server ${round(r.serverCpuS / r.loop.windowS, 2)} cores, worker(s) ${round(r.workerCpuS / r.loop.windowS, 2)} cores, ` +
        `driver+simulator ${round(w.cores.bench, 2)} cores of ${o.nproc}; workflow-task schedule-to-start p50/p95 ` +
        `${w.wftScheduleToStartP50Ms}/${w.wftScheduleToStartP95Ms} ms (first worker's metrics); ` +
        `database ${round(r.dbGrowthBytes / 1024, 0)} KiB growth; billable actions by type (mean of ${o.histories}): ` +
        `${Object.entries(r.billable.byType)
          .map(([k, v]) => `${k} ${round(v, 1)}`)
          .join(', ')}` +
        (r.loop.firstErrors.length ? `; first errors: ${r.loop.firstErrors.join(' | ')}` : ''),
    );
  }
  n.push(
    `Start-up: dev server stack ${round(dev.startMs / 1000, 1)} s; cluster (fresh PostgreSQL, schema, 4 services, namespace) ` +
      `${round(cluster.startMs / 1000, 1)} s. Versions: dev server ${dev.version}, cluster ${cluster.version} with ${o.shards} history shards.`,
    'Server CPU: the dev server is one process; the cluster is the sum of its four services and PostgreSQL with its ' +
      'backends (from /proc, children reaped included). Both servers share 2 cores with the worker(s), the driver and the ' +
      'simulator, and with whatever else runs on the machine (see the load average).',
    'Database growth: SQLite file + WAL on the dev server; pg_database_size of temporal + temporal_visibility on the ' +
      'cluster (WAL files not included). Both grow in pages and extents, so small windows are coarse; the history bytes ' +
      'per port-in (DescribeWorkflowExecution historySize) are the exact figure.',
    `Server log errors: dev ${dev.logErrors.length ? dev.logErrors.join('; ') : 'none'}; cluster ${
      cluster.logErrors.length ? cluster.logErrors.slice(0, 5).join('; ') : 'none'
    }.`,
  );
  if (cluster.pin?.errors.length || dev.pin?.errors.length)
    n.push(`PIN errors: ${[...(dev.pin?.errors ?? []), ...(cluster.pin?.errors ?? [])].slice(0, 5).join(' | ')}`);
  return n;
}

/** A server's run for the report's data: each loop's latencies summarised, not listed. */
export function slimRun(s: ServerRun) {
  return {
    ...s,
    loads: s.loads.map(({ loop, ...r }) => ({
      ...r,
      latency: summarize(loop.latencies),
      completed: loop.completed,
      errors: loop.errors,
      perSecond: loop.perSecond,
    })),
  };
}
