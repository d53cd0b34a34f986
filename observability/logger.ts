/**
 * One pino logger per process. JSON by default, pretty only on a terminal (or when forced), and
 * secret-looking fields redacted as a second line of defence (the first is never logging them).
 */
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { usePrettyLogs, type Config } from '../temporal.config';

export type { Logger };

/** Field names whose values are never written, wherever they appear (two levels deep). */
export const REDACTED_FIELDS = [
  'pin',
  'code',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'authorization',
  'password',
  'secret',
];

/** `destination`: where lines go instead of stdout (tests read them). */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_PRETTY'>,
  name: string,
  destination?: pino.DestinationStream,
): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  const options: pino.LoggerOptions = {
    name,
    level: config.LOG_LEVEL,
    redact: { paths, censor: '[redacted]' },
    // Inside a trace (tracing.ts), every line names it: from a log line to the whole request.
    mixin: traceFields,
  };
  if (destination) return pino(options, destination);
  return pino({
    ...options,
    transport: usePrettyLogs(config)
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } }
      : undefined,
  });
}

function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active())?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}
