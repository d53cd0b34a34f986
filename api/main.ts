/**
 * Entry point of the HTTP API process: config, logger, Temporal client, listen; on SIGINT/SIGTERM
 * stop accepting requests, finish the ones in flight, close the Temporal connection.
 */
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { createLogger } from '../observability/logger';
import { setUpTracing } from '../observability/tracing';
import { loadConfig } from '../temporal.config';
import { createTemporalClient } from '../temporal/client';
import { buildApp } from './app';
import { serveMetrics } from '../observability/metrics-endpoint';
import { createApiMetrics } from './metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  const tracing = setUpTracing(config, 'api');
  const client = await createTemporalClient(
    config,
    tracing.enabled ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined,
  );
  const metrics = createApiMetrics();
  const app = await buildApp({ config, client, logger, metrics, tracing: tracing.enabled });
  const metricsServer = config.API_METRICS_PORT
    ? await serveMetrics(metrics.registry, config.METRICS_HOST, config.API_METRICS_PORT)
    : undefined;
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
  logger.info(
    {
      host: config.API_HOST,
      port: config.API_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      metrics: metricsServer ? `http://${config.METRICS_HOST}:${config.API_METRICS_PORT}/metrics` : 'off',
    },
    'HTTP API listening',
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // A stuck close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    metricsServer?.close();
    app
      .close()
      .then(() => client.connection.close())
      .then(() => tracing.shutdown())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`HTTP API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
