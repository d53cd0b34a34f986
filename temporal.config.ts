/**
 * All runtime settings, read from the environment once and validated with one zod schema.
 * Nothing else in the project reads `process.env`: entry points call `loadConfig()` and pass
 * the typed values down (workers build activity dependencies from it, the launcher builds child
 * environments from it). An invalid setup fails at start-up listing every bad setting at once.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = z.url({ protocol: /^https?$/ });
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** Durations as Temporal writes them: `90s`, `5m`, `1h`, `72h`, `1 hour` or plain milliseconds. */
export const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)?$/i, 'expected a duration such as 90s, 5m, 1h');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Every setting, its environment variable, its local default and what it means (the README table is checked against this). */
export const ConfigSchema = z.object({
  // Temporal connection, following the TEMPORAL_* conventions of the CLI and envconfig.
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .describe('host:port of an existing Temporal server; unset = start the embedded dev server'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('wa-migrations').describe('task queue of the migration worker'),
  TEMPORAL_API_KEY: z.string().optional().describe('API key for Temporal Cloud (implies TLS)'),
  TEMPORAL_TLS: bool.default(false).describe('use TLS to reach Temporal'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional().describe('mTLS client certificate (PEM file)'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional().describe('mTLS client key (PEM file)'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional().describe('CA certificate of the server (PEM file)'),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional().describe('TLS server name override'),

  // Embedded dev server and the binaries behind it.
  TEMPORAL_CLI_PATH: z.string().optional().describe('explicit path of the `temporal` CLI binary'),
  TEMPORAL_TEST_SERVER_PATH: z.string().optional().describe('explicit path of the time-skipping test server launcher'),
  TEMPORAL_BINARIES_CACHE: z
    .string()
    .optional()
    .describe('cache folder for built binaries (default ~/.cache/wa-migrations)'),
  DEV_SERVER_PORT: port.default(7233).describe('gRPC port of the embedded dev server'),
  DEV_UI_PORT: port.default(8233).describe('Web UI port of the embedded dev server'),
  DATA_DIR: z.string().default('.data').describe('folder for the dev server SQLite database and logs'),

  // Our own processes.
  API_HOST: z.string().default('127.0.0.1').describe('bind address of the HTTP API'),
  API_PORT: port.default(8080).describe('port of the HTTP API'),
  API_TOKENS: csv.default(['dev-token']).describe('comma-separated bearer tokens accepted by the HTTP API'),
  SIMULATOR_PORT: port.default(8090).describe('port of the external-world simulator'),
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
  WORKER_HEALTH_PORT: port.default(8091).describe('port where the worker reports readiness'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info').describe('pino log level'),
  LOG_PRETTY: bool.optional().describe('force pretty (true) or JSON (false) logs; default: pretty only on a TTY'),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .optional()
    .describe(
      'prebuilt workflow bundle (`npm run build` writes `lib/workflow-bundle.js`); unset = bundle at worker start; a missing file stops the worker',
    ),
  MAX_CACHED_WORKFLOWS: z.coerce.number().int().positive().optional().describe('worker sticky cache size'),

  // External services (the simulator by default; real services by URL and credentials).
  D360_PARTNER_API_URL: url
    .default('http://127.0.0.1:8090/360dialog/api/v2')
    .describe('360dialog Partner API base URL'),
  D360_PARTNER_ID: z.string().min(1).default('PARTNER01PA').describe('our 360dialog Partner ID'),
  D360_PARTNER_API_KEY: z.string().min(1).default('sim-partner-key').describe('360dialog Partner API key (X-API-Key)'),
  META_GRAPH_URL: url.default('http://127.0.0.1:8090/meta/v21.0').describe('Meta Graph API base URL'),
  META_ACCESS_TOKEN: z.string().min(1).default('sim-meta-token').describe('Meta system-user access token'),
  SUPPORT_DESK_URL: url.default('http://127.0.0.1:8090/support/api').describe('support desk API base URL'),
  SUPPORT_DESK_TOKEN: z.string().min(1).default('sim-support-token').describe('support desk API token'),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000).describe('timeout of one outbound HTTP request'),
  WEBSITE_CHECK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(5_000)
    .describe('timeout of the business-website check'),
  CALLBACK_SIGNING_SECRET: z
    .string()
    .min(16)
    .default('dev-callback-signing-secret')
    .describe('HMAC secret for events to requester callbacks'),
  WEBHOOK_SIGNING_SECRET: z
    .string()
    .min(16)
    .default('dev-webhook-signing-secret')
    .describe('HMAC secret of inbound 360dialog webhooks'),
  PAYLOAD_ENCRYPTION_KEYS: z
    .string()
    .refine(
      (v) =>
        v
          .split(',')
          .every(
            (k) => /^[\w.-]+:/.test(k.trim()) && Buffer.from(k.trim().split(':')[1] ?? '', 'base64').length === 32,
          ),
      'expected id:base64 pairs of 32-byte keys, comma-separated',
    )
    .default('dev:ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=')
    .describe('payload codec keys `id:base64(32 bytes)`, comma-separated, first one encrypts'),

  // Default timings of the flows (per deployment; every migration may override them in its input).
  PIN_ESCALATION_AFTER: durationSchema.default('1h').describe('no PIN after this: open a support ticket, keep waiting'),
  PIN_DEADLINE: durationSchema.default('72h').describe('no PIN after this: the migration stalls'),
  SETUP_ESCALATION_AFTER: durationSchema.default('1h').describe('setup not finished after this: ticket, keep waiting'),
  SETUP_DEADLINE: durationSchema.default('72h').describe('setup not finished after this: the migration stalls'),
  MOB_ESCALATION_AFTER: durationSchema.default('24h').describe('Message-on-Behalf not accepted after this: ticket'),
  MOB_DEADLINE: durationSchema.default('14d').describe('Message-on-Behalf not accepted after this: stall'),
  TWO_FA_SLA: durationSchema.default('72h').describe('2FA-disable ticket SLA for shared WABAs (port-out)'),
  REMINDER_EVERY: durationSchema.default('24h').describe('interval between reminders to the client in human waits'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown at start-up with every invalid or missing setting listed. */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const config = parsed.data;
  const tlsIssues: string[] = [];
  if (Boolean(config.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    tlsIssues.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together');
  }
  if (tlsIssues.length) throw new ConfigError(tlsIssues);
  return Object.freeze(config);
}

/** Environment to hand a child process: the parent's environment plus explicit overrides. */
export function childEnv(overrides: Record<string, string | number | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = String(v);
  return env;
}

/** Whether logs should be pretty: explicit setting, otherwise only when stdout is a terminal. */
export function usePrettyLogs(config: Pick<Config, 'LOG_PRETTY'>): boolean {
  return config.LOG_PRETTY ?? Boolean(process.stdout.isTTY);
}
