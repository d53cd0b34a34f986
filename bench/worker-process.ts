/**
 * The benchmark worker, one process of its own so its RSS and CPU are measured apart from the
 * driver and the simulator: the production wiring (`createWorker`, real adapters, AES-GCM codec,
 * the batch call limits: activities on `limitedWorld`, which holds only the calls of a batch
 * member's activities and passes every other call straight through) plus the baselines' no-op
 * activity, a Prometheus endpoint for the SDK's metrics and a health endpoint that also counts
 * warnings and errors the SDK logged (failed workflow tasks and such).
 * BENCH_THREAD_HEAPS=1 (bench/capacity.ts) adds what the memory is made of: `/memory` (`?gc=1`: after a
 * full GC in every isolate) answers the main isolate's and each workflow thread's V8 heap, and
 * `/snapshot?dir=D&tag=T` writes their heap snapshots (bench/harness/thread-heaps.ts).
 * BENCH_OBSERVABILITY (bench/observability-cost.ts): `off` runs it with no metrics exporter at all and
 * no tracing; `metrics` adds ours to the exporter (outside calls too); `tracing` sends traces to
 * BENCH_OTLP_ENDPOINT without any metrics exporter; `on` does both.
 */
import { createServer } from 'node:http';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createOutsideWorld } from '../integrations';
import { loadConfig } from '../temporal.config';
import { limitedWorld } from '../workers/batch-call-limits';
import { createWorker } from '../workers/create-worker';
import { baselineActivities } from './harness/baseline-activities';
import { sealerFor } from '../secrets';
import { HISTOGRAM_BUCKETS, outsideCallRecorder } from '../observability/metrics';
import { setUpTracing } from '../observability/tracing';
import { heapSnapshots, installThreadProbe, workerMemory } from './harness/thread-heaps';

const logged = { warn: 0, error: 0, last: [] as string[] };

// Finer latency buckets than the SDK default (ms), so windows can report p50/p95 that mean something.
const BUCKETS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000, 30000];
const FINE = Object.fromEntries(
  [
    'workflow_task_schedule_to_start_latency',
    'workflow_task_execution_latency',
    'workflow_task_replay_latency',
    'activity_schedule_to_start_latency',
    'activity_execution_latency',
  ].map((m) => [m, BUCKETS]),
);

async function main(): Promise<void> {
  const config = loadConfig();
  const probed = process.env.BENCH_THREAD_HEAPS === '1';
  if (probed) installThreadProbe(); // before createWorker starts the workflow threads
  const metricsPort = Number(process.env.BENCH_METRICS_PORT);
  const observability = process.env.BENCH_OBSERVABILITY; // undefined: the SDK's metrics only, as before
  const ours = observability === 'on' || observability === 'metrics';
  const traced = observability === 'on' || observability === 'tracing';
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      if (entry.level !== 'WARN' && entry.level !== 'ERROR') return;
      logged[entry.level === 'WARN' ? 'warn' : 'error']++;
      logged.last = [...logged.last.slice(-9), `${entry.level} ${entry.message}`];
    }),
    telemetryOptions: {
      metrics:
        observability === 'off' || observability === 'tracing'
          ? undefined
          : {
              prometheus: {
                bindAddress: `127.0.0.1:${metricsPort}`,
                countersTotalSuffix: ours,
                histogramBucketOverrides: { ...FINE, ...(ours ? HISTOGRAM_BUCKETS : {}) },
              },
            },
    },
  });
  const tracing = setUpTracing(
    {
      ...config,
      OTEL_TRACES_EXPORTER: traced ? 'otlp' : 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: process.env.BENCH_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT,
    },
    'worker',
  );
  const observe = ours ? outsideCallRecorder(Runtime.instance().metricMeter) : undefined;
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS as string });
  const deps = { world: createOutsideWorld(config, undefined, observe), sealer: sealerFor(config) };
  const worker = await createWorker({
    connection,
    config,
    deps,
    tracing,
    // BENCH_WORKER_OVERRIDES: JSON WorkerOptions to try a tuning, e.g. {"nonStickyToStickyPollRatio":1}.
    overrides: {
      // As createWorker builds them: the world wrapped by the batch limits (its activity interceptor is
      // always installed by createWorker). Without a batch header a call is not held (one proxy hop).
      activities: { ...createActivities({ ...deps, world: limitedWorld(deps.world) }), ...baselineActivities },
      ...(JSON.parse(process.env.BENCH_WORKER_OVERRIDES || '{}') as object),
    },
  });
  const health = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (probed && (url.pathname === '/memory' || url.pathname === '/snapshot')) {
      const dir = url.searchParams.get('dir') ?? '.';
      const answer =
        url.pathname === '/memory'
          ? workerMemory(url.searchParams.get('gc') === '1')
          : heapSnapshots(dir, url.searchParams.get('tag') ?? 'heap');
      answer.then(
        (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    const state = worker.getState();
    res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' });
    const settings = { maxCachedWorkflows: worker.options.maxCachedWorkflows };
    res.end(JSON.stringify({ state, logged, settings, memory: process.memoryUsage() }));
  });
  health.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');
  await worker.run();
  health.close();
  await tracing.shutdown();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
