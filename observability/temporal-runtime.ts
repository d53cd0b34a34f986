/**
 * Routes every Temporal log (SDK, Rust core, workflow `log` via sinks, activity `log`) into our pino
 * logger and, when asked, serves the Runtime's metrics (the SDK's worker metrics and ours, workflow
 * and activity meters included) on a Prometheus `/metrics`. `Runtime.install` may run once per
 * process, before any connection or worker is created.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger';
import { HISTOGRAM_BUCKETS } from './metrics';

const LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
};

export interface RuntimeOptions {
  /** `host:port` of the Prometheus endpoint; none: no metrics exporter. */
  metricsAddress?: string;
}

export function installTemporalRuntime(logger: Logger, opts: RuntimeOptions = {}): void {
  const level = LEVELS[logger.level] ?? 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      logger[method]({ ...entry.meta, sdkTime: Number(entry.timestampNanos / 1_000_000n) }, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: level === 'TRACE' ? 'DEBUG' : 'WARN' }) },
      // Prometheus conventions: `_total` counters, durations in seconds (our names say `_seconds`).
      metrics: opts.metricsAddress
        ? {
            prometheus: {
              bindAddress: opts.metricsAddress,
              countersTotalSuffix: true,
              useSecondsForDurations: true,
              histogramBucketOverrides: HISTOGRAM_BUCKETS,
            },
          }
        : undefined,
    },
  });
}
