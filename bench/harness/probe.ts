/**
 * Resource and SDK-metric snapshots at the edges of a measurement window, and what happened in
 * between: CPU cores used by the server, the worker and this process (driver + simulator),
 * workflow-task schedule-to-start and execution latency, sticky-cache hits and misses.
 */
import { counterDelta, histogramDelta, histogramQuantile, histogramQuantileBeyond, type Metrics } from './metrics';
import { cpuSnapshot } from './proc';
import type { BenchStack } from './stack';
import { now, round } from './stats';

export interface Snapshot {
  at: number;
  cpu: Record<string, number>;
  metrics: Metrics;
  serverMetrics: Metrics;
}

export interface WindowStats {
  wallS: number;
  /** CPU cores used (1 = one core fully busy). */
  cores: { server: number; worker: number; bench: number };
  cpuSeconds: { server: number; worker: number; bench: number };
  wftScheduleToStartP50Ms: number;
  wftScheduleToStartP95Ms: number;
  /** The p95 is beyond the largest bucket: wftScheduleToStartP95Ms is then a floor. */
  wftScheduleToStartP95Beyond: boolean;
  wftExecutionP95Ms: number;
  activityScheduleToStartP95Ms: number;
  stickyHits: number;
  stickyMisses: number;
  wftFailures: number;
  server: ServerWindow;
}

/** The dev server's own view (its metrics are in seconds): where a request's time goes. */
export interface ServerWindow {
  persistenceOpsPerS: number;
  /** Mean latency of one persistence call, queueing for the single SQLite connection included. */
  persistenceMeanMs: number;
  /** Sum of persistence latencies per wall second: above 1, calls queue behind one another. */
  persistenceBusy: number;
  /** Mean wait for the shard's I/O semaphore (one shard, one at a time) per acquisition. */
  shardIoWaitMeanMs: number;
  /** Mean time a history task (transfer, timer, visibility) waits in its queue. */
  historyTaskQueueMeanMs: number;
}

function serverWindow(a: Metrics, b: Metrics, wallS: number): ServerWindow {
  const mean = (name: string) => {
    const h = histogramDelta(a, b, name);
    return h && h.count > 0 ? (h.sum / h.count) * 1000 : NaN;
  };
  const p = histogramDelta(a, b, 'persistence_latency');
  return {
    persistenceOpsPerS: (p?.count ?? NaN) / wallS,
    persistenceMeanMs: mean('persistence_latency'),
    persistenceBusy: (p?.sum ?? NaN) / wallS,
    shardIoWaitMeanMs: mean('dd_shard_io_semaphore_latency'),
    historyTaskQueueMeanMs: mean('task_latency_queue'),
  };
}

export async function snapshot(stack: BenchStack): Promise<Snapshot> {
  const [metrics, serverMetrics] = await Promise.all([stack.worker.metrics(), stack.server.metrics()]);
  return {
    at: now(),
    cpu: cpuSnapshot({ server: stack.server.pid, worker: stack.worker.pid }),
    metrics,
    serverMetrics,
  };
}

export function windowStats(a: Snapshot, b: Snapshot): WindowStats {
  const wallS = (b.at - a.at) / 1000;
  const d = (k: string) => (b.cpu[k] ?? NaN) - (a.cpu[k] ?? NaN);
  const cpuSeconds = { server: d('server'), worker: d('worker'), bench: d('bench') };
  const h = (name: string, q: number) => histogramQuantile(histogramDelta(a.metrics, b.metrics, `temporal_${name}`), q);
  return {
    wallS,
    cpuSeconds,
    cores: { server: cpuSeconds.server / wallS, worker: cpuSeconds.worker / wallS, bench: cpuSeconds.bench / wallS },
    wftScheduleToStartP50Ms: h('workflow_task_schedule_to_start_latency', 0.5),
    wftScheduleToStartP95Ms: h('workflow_task_schedule_to_start_latency', 0.95),
    wftScheduleToStartP95Beyond: histogramQuantileBeyond(
      histogramDelta(a.metrics, b.metrics, 'temporal_workflow_task_schedule_to_start_latency'),
      0.95,
    ),
    wftExecutionP95Ms: h('workflow_task_execution_latency', 0.95),
    activityScheduleToStartP95Ms: h('activity_schedule_to_start_latency', 0.95),
    stickyHits: counterDelta(a.metrics, b.metrics, 'temporal_sticky_cache_hit'),
    stickyMisses: counterDelta(a.metrics, b.metrics, 'temporal_sticky_cache_miss'),
    wftFailures: counterDelta(a.metrics, b.metrics, 'temporal_workflow_task_execution_failed'),
    server: serverWindow(a.serverMetrics, b.serverMetrics, wallS),
  };
}

/** One sentence on where the server spent the window. */
export function serverNote(w: WindowStats): string {
  const s = w.server;
  return (
    `Server: ${round(s.persistenceOpsPerS, 0)} persistence calls/s at ${round(s.persistenceMeanMs, 1)} ms mean ` +
    `(busy ${round(s.persistenceBusy, 2)}: above 1 calls queue for the single SQLite connection), shard I/O wait ` +
    `${round(s.shardIoWaitMeanMs, 1)} ms, history task queue wait ${round(s.historyTaskQueueMeanMs, 1)} ms`
  );
}
