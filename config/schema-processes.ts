/** Settings of `ConfigSchema` (temporal.config.ts): our own processes, their addresses, tokens, metrics, traces, logs. */
import { z } from 'zod';
import { DEV_SECRETS, SIMULATOR_DEFAULT_PORT } from './dev-only';
import { bool, csv, optionalPort, port, url } from './schema-parts';

export const processesShape = {
  // Our own processes.
  API_HOST: z.string().default('127.0.0.1').describe('bind address of the HTTP API'),
  API_PORT: port.default(8080).describe('port of the HTTP API'),
  API_TOKENS: csv.default([DEV_SECRETS.API_TOKENS]).describe('comma-separated bearer tokens accepted by the HTTP API'),
  SIMULATOR_PORT: port.default(SIMULATOR_DEFAULT_PORT).describe('port of the external-world simulator'),
  CODEC_SERVER_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('bind address of the codec server; browser origins alone are trusted only on a loopback address'),
  CODEC_SERVER_PORT: port.default(8888).describe('port of the payload codec server used by the Web UI'),
  CODEC_ALLOWED_ORIGINS: csv
    .default(['http://127.0.0.1:8233', 'http://localhost:8233'])
    .describe('browser origins (the Web UI) allowed to call the codec server'),
  CODEC_AUTH_TOKENS: csv
    .default([])
    .describe('bearer tokens accepted by the codec server (for the CLI, scripts, a UI passing tokens)'),
  WORKER_HEALTH_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('bind address of the worker health endpoint (`0.0.0.0` for a probe from outside the host)'),
  WORKER_HEALTH_PORT: port.default(8091).describe('port where the worker reports readiness'),
  METRICS_HOST: z
    .string()
    .default('127.0.0.1')
    .describe("bind address of every process's Prometheus `/metrics` (`0.0.0.0` for a Prometheus on another host)"),
  WORKER_METRICS_PORT: optionalPort
    .default(9464)
    .describe("port of the worker's `/metrics`: the Temporal SDK's worker metrics and ours (0: off)"),
  PROMETHEUS_PORT: port
    .default(9090)
    .describe('port of the local Prometheus that `npm start -- --observability` starts (Debian package)'),
  CODEC_METRICS_PORT: optionalPort.default(9467).describe("port of the codec server's `/metrics` (0: off)"),
  API_METRICS_PORT: optionalPort.default(9465).describe("port of the HTTP API's `/metrics` (0: off)"),
  OTEL_TRACES_EXPORTER: z
    .enum(['none', 'otlp', 'console'])
    .default('none')
    .describe('traces: `otlp` sends them to OTEL_EXPORTER_OTLP_ENDPOINT, `console` prints them, `none` is off'),
  OTEL_EXPORTER_OTLP_ENDPOINT: url
    .default('http://localhost:4318')
    .describe('OTLP/HTTP collector for traces (`/v1/traces` is appended)'),
  OTEL_SERVICE_NAME: z.string().min(1).default('wa-migrations').describe('service.name of every span'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info').describe('pino log level'),
  LOG_PRETTY: bool.optional().describe('force pretty (true) or JSON (false) logs; default: pretty only on a TTY'),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .optional()
    .describe(
      'prebuilt workflow bundle (`npm run build` writes `lib/workflow-bundle.js`); unset = bundle at worker start; a missing file stops the worker',
    ),
  MAX_CACHED_WORKFLOWS: z.coerce.number().int().positive().optional().describe('worker sticky cache size'),
};
