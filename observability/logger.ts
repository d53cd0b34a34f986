/**
 * One pino logger per process. JSON by default, pretty only on a terminal (or when forced), and
 * secret-looking fields redacted as a second line of defence (the first is never logging them).
 */
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

export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_PRETTY'>, name: string): Logger {
  const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: { paths, censor: '[redacted]' },
    transport: usePrettyLogs(config)
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } }
      : undefined,
  });
}
