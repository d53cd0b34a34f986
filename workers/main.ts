/**
 * The migration worker process (`npm run worker`). Builds the real dependencies (the only place
 * that does), connects to Temporal, reports readiness on WORKER_HEALTH_HOST:WORKER_HEALTH_PORT, and
 * shuts down gracefully on SIGINT/SIGTERM (in-flight activities finish or are handed back to the
 * server). Refuses to start on dev-only secrets against a real cluster (see temporal.config.ts).
 */
import { createServer } from 'node:http';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createOutsideWorld } from '../integrations';
import { createLogger } from '../observability/logger';
import { outsideCallRecorder } from '../observability/metrics';
import { installTemporalRuntime } from '../observability/temporal-runtime';
import { setUpTracing } from '../observability/tracing';
import { loadConfig } from '../temporal.config';
import { connectionOptions } from '../temporal/connection';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  const metricsAddress = config.WORKER_METRICS_PORT
    ? `${config.METRICS_HOST}:${config.WORKER_METRICS_PORT}`
    : undefined;
  installTemporalRuntime(logger, { metricsAddress });
  const tracing = setUpTracing(config, 'worker');
  const connection = await NativeConnection.connect(connectionOptions(config));
  try {
    const world = createOutsideWorld(config, logger, outsideCallRecorder(Runtime.instance().metricMeter));
    const worker = await createWorker({ connection, config, deps: { world }, tracing });
    const health = createServer((_req, res) => {
      const state = worker.getState();
      res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ state, taskQueue: config.TEMPORAL_TASK_QUEUE }));
    });
    health.listen(config.WORKER_HEALTH_PORT, config.WORKER_HEALTH_HOST);
    logger.info(
      {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        namespace: config.TEMPORAL_NAMESPACE,
        metrics: metricsAddress ? `http://${metricsAddress}/metrics` : 'off',
        traces: tracing.enabled ? config.OTEL_EXPORTER_OTLP_ENDPOINT : 'off',
      },
      'worker started',
    );
    await worker.run();
    health.close();
    logger.info('worker stopped');
  } finally {
    await tracing.shutdown();
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
