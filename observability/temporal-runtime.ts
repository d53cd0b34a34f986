/**
 * Routes every Temporal log (SDK, Rust core, workflow `log` via sinks, activity `log`) into our pino
 * logger. `Runtime.install` may run once per process, before any connection or worker is created.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
};

export function installTemporalRuntime(logger: Logger): void {
  const level = LEVELS[logger.level] ?? 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      logger[method]({ ...entry.meta, sdkTime: Number(entry.timestampNanos / 1_000_000n) }, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: level === 'TRACE' ? 'DEBUG' : 'WARN' }) },
    },
  });
}
