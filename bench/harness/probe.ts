/**
 * Resource and SDK-metric snapshots at the edges of a measurement window, and what happened in
 * between: CPU cores used by the server, the worker and this process (driver + simulator),
 * workflow-task schedule-to-start and execution latency, sticky-cache hits and misses.
 */
import { counterDelta, histogramDelta, histogramQuantile, type Metrics } from './metrics';
import { cpuSnapshot } from './proc';
import type { BenchStack } from './stack';
import { now } from './stats';

export interface Snapshot {
  at: number;
  cpu: Record<string, number>;
  metrics: Metrics;
}

export interface WindowStats {
  wallS: number;
  /** CPU cores used (1 = one core fully busy). */
  cores: { server: number; worker: number; bench: number };
  cpuSeconds: { server: number; worker: number; bench: number };
  wftScheduleToStartP50Ms: number;
  wftScheduleToStartP95Ms: number;
  wftExecutionP95Ms: number;
  activityScheduleToStartP95Ms: number;
  stickyHits: number;
  stickyMisses: number;
  wftFailures: number;
}

export async function snapshot(stack: BenchStack): Promise<Snapshot> {
  const metrics = await stack.worker.metrics();
  return { at: now(), cpu: cpuSnapshot({ server: stack.server.pid, worker: stack.worker.pid }), metrics };
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
    wftExecutionP95Ms: h('workflow_task_execution_latency', 0.95),
    activityScheduleToStartP95Ms: h('activity_schedule_to_start_latency', 0.95),
    stickyHits: counterDelta(a.metrics, b.metrics, 'temporal_sticky_cache_hit'),
    stickyMisses: counterDelta(a.metrics, b.metrics, 'temporal_sticky_cache_miss'),
    wftFailures: counterDelta(a.metrics, b.metrics, 'temporal_workflow_task_execution_failed'),
  };
}
