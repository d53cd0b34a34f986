/**
 * All runtime settings, read from the environment once and validated with one zod schema.
 * Nothing else in the project reads `process.env`: entry points call `loadConfig()` and pass
 * the typed values down (workers build activity dependencies from it, the launcher builds child
 * environments from it). An invalid setup fails at start-up listing every bad setting at once.
 */
import { z } from 'zod';
import { durationSchema } from './contracts/schema-parts';

const port = z.coerce.number().int().min(1).max(65535);
/** A port where 0 switches the endpoint off. */
const optionalPort = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/**
 * The local defaults that let `npm start` run with no setup. They are public (they are in this
 * file), so outside a laptop they are refused by value, see `devOnlyIssues`.
 */
const DEV_SECRETS = {
  API_TOKENS: 'dev-token',
  D360_PARTNER_API_KEY: 'sim-partner-key',
  META_ACCESS_TOKEN: 'sim-meta-token',
  META_APP_SECRET: 'sim-meta-app-secret',
  SUPPORT_DESK_TOKEN: 'sim-support-token',
  CALLBACK_SIGNING_SECRET: 'dev-callback-signing-secret',
  WEBHOOK_SIGNING_SECRET: 'dev-webhook-signing-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'dev:ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=',
  SECRET_SEALING_KEYS: 'dev:ZGV2LW9ubHktc2VhbGluZy1rZXktbm90LWZvci1wcmQ=',
  OWNER_LINK_KEYS: 'dev:ZGV2LW9ubHktb3duZXItbGluay1rZXktbm90LXByb2Q=',
} as const;
const SIMULATOR_DEFAULT_PORT = 8090;
const SIMULATOR = {
  D360_PARTNER_API_URL: `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}/360dialog/api/v2`,
  META_GRAPH_URL: `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}/meta/v21.0`,
  SUPPORT_DESK_URL: `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}/support/api`,
  D360_PARTNER_ID: 'PARTNER01PA',
  META_APP_ID: 'sim-meta-app-id',
  // Meta's JavaScript SDK and the origin of its Embedded Signup popup, played by the simulator.
  META_JS_SDK_URL: `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}/meta-web/sdk.js`,
  META_SIGNUP_ORIGINS: `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}`,
  META_EMBEDDED_SIGNUP_CONFIG_ID: 'sim-es-config',
} as const;
/** `id:base64(32 bytes)` items, comma-separated: the payload-codec and the sealing keys. */
const keyList = z
  .string()
  .refine(
    (v) =>
      v
        .split(',')
        .every((k) => /^[\w.-]+:/.test(k.trim()) && Buffer.from(k.trim().split(':')[1] ?? '', 'base64').length === 32),
    'expected id:base64 pairs of 32-byte keys, comma-separated',
  );
/** The settings whose default is a dev-only credential (the README table hides their values). */
export const DEV_SECRET_VARIABLES = Object.keys(DEV_SECRETS) as DevSecretVariable[];
export type DevSecretVariable = keyof typeof DEV_SECRETS;

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

  // Production safety. TEMPORAL_ADDRESS set or NODE_ENV=production = a real cluster: the dev-only
  // secrets refuse to start (by value, all listed at once). NODE_ENV=production also refuses the
  // simulator (URLs on loopback:SIMULATOR_PORT, its partner ID); TEMPORAL_ADDRESS alone may be a
  // staging cluster with the simulator. ALLOW_DEV_SECRETS=true lifts both: local cluster only.
  NODE_ENV: z
    .string()
    .optional()
    .describe('`production` refuses the dev-only secrets and the simulator (URLs, partner ID)'),
  ALLOW_DEV_SECRETS: bool
    .default(false)
    .describe('accept the dev-only defaults with TEMPORAL_ADDRESS or NODE_ENV=production: for a local cluster only'),

  // Embedded dev server and the binaries behind it.
  TEMPORAL_CLI_PATH: z.string().optional().describe('explicit path of the `temporal` CLI binary'),
  TEMPORAL_TEST_SERVER_PATH: z.string().optional().describe('explicit path of the time-skipping test server launcher'),
  TEMPORAL_BINARIES_CACHE: z
    .string()
    .optional()
    .describe('cache folder for built binaries (default ~/.cache/wa-migrations)'),
  DEV_SERVER_PORT: port.default(7233).describe('gRPC port of the embedded dev server'),
  DEV_UI_PORT: port.default(8233).describe('Web UI port of the embedded dev server'),
  DEV_SERVER_METRICS_PORT: port
    .default(9466)
    .describe("port of the embedded dev server's own Prometheus `/metrics` (the Temporal server's)"),
  DATA_DIR: z.string().default('.data').describe('folder for the dev server SQLite database and logs'),

  // The local production-shaped cluster of `npm run cluster` (PostgreSQL + four services).
  CLUSTER_FRONTEND_PORT: port
    // Temporal's SQL schema keeps membership ports (this + 10..13) in a SMALLINT column.
    .max(32767 - 13, 'at most 32754: the membership ports (this + 10..13) must fit SMALLINT in the SQL schema')
    .default(7333)
    .describe(
      '`npm run cluster`: its frontend gRPC port, the TEMPORAL_ADDRESS of the worker and API; history, matching, worker, HTTP, membership and metrics take the ports up to 23 above it',
    ),
  CLUSTER_POSTGRES_PORT: port
    .default(5544)
    .describe('`npm run cluster`: port of its private PostgreSQL (data in DATA_DIR/cluster/pg)'),
  CLUSTER_HISTORY_SHARDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(16384)
    .default(4)
    .describe('`npm run cluster`: history shards, fixed when its database is created'),

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

  // External services (the simulator by default; real services by URL and credentials).
  D360_PARTNER_API_URL: url.default(SIMULATOR.D360_PARTNER_API_URL).describe('360dialog Partner API base URL'),
  D360_PARTNER_ID: z.string().min(1).default(SIMULATOR.D360_PARTNER_ID).describe('our 360dialog Partner ID'),
  D360_PARTNER_API_KEY: z
    .string()
    .min(1)
    .default(DEV_SECRETS.D360_PARTNER_API_KEY)
    .describe('360dialog Partner API key (X-API-Key)'),
  META_GRAPH_URL: url.default(SIMULATOR.META_GRAPH_URL).describe('Meta Graph API base URL'),
  META_ACCESS_TOKEN: z.string().min(1).default(DEV_SECRETS.META_ACCESS_TOKEN).describe('Meta system-user access token'),
  META_APP_ID: z
    .string()
    .min(1)
    .default(SIMULATOR.META_APP_ID)
    .describe('our Meta app ID (Embedded Signup code exchange)'),
  META_APP_SECRET: z
    .string()
    .min(1)
    .default(DEV_SECRETS.META_APP_SECRET)
    .describe('our Meta app secret (Embedded Signup code exchange)'),
  META_EMBEDDED_SIGNUP_CONFIG_ID: z
    .string()
    .regex(
      /^[\w-]*$/,
      'expected the configuration ID of our Embedded Signup (App Dashboard > Facebook Login for Business)',
    )
    .default(SIMULATOR.META_EMBEDDED_SIGNUP_CONFIG_ID)
    .describe(
      "our Embedded Signup configuration ID: the owner page opens Meta's signup with it (`none`: no launch there)",
    ),
  META_JS_SDK_URL: url
    .default(SIMULATOR.META_JS_SDK_URL)
    .describe("Meta's JavaScript SDK, loaded by the owner page's Embedded Signup step"),
  META_SIGNUP_ORIGINS: csv
    .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1))
    .default([SIMULATOR.META_SIGNUP_ORIGINS])
    .describe(
      "origins whose Embedded Signup messages the owner page trusts (Meta's: https://www.facebook.com,https://web.facebook.com)",
    ),
  D360_HUB_URL: url
    .default('https://hub.360dialog.com')
    .describe('the 360dialog Hub, where the owner page sends clients to complete company information and payment'),
  SUPPORT_DESK_URL: url.default(SIMULATOR.SUPPORT_DESK_URL).describe('support desk API base URL'),
  SUPPORT_DESK_TOKEN: z.string().min(1).default(DEV_SECRETS.SUPPORT_DESK_TOKEN).describe('support desk API token'),
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
    .default(DEV_SECRETS.CALLBACK_SIGNING_SECRET)
    .describe('HMAC secret for events to requester callbacks'),
  WEBHOOK_SIGNING_SECRET: z
    .string()
    .min(16)
    .default(DEV_SECRETS.WEBHOOK_SIGNING_SECRET)
    .describe('HMAC secret of inbound 360dialog webhooks'),
  PAYLOAD_ENCRYPTION_KEYS: keyList
    .default(DEV_SECRETS.PAYLOAD_ENCRYPTION_KEYS)
    .describe('payload codec keys `id:base64(32 bytes)`, comma-separated, first one encrypts'),
  SECRET_SEALING_KEYS: keyList
    .default(DEV_SECRETS.SECRET_SEALING_KEYS)
    .describe(
      'keys sealing PINs and API keys inside payloads `id:base64(32 bytes)`, comma-separated, first one seals; never give them to the codec server',
    ),
  OWNER_LINK_KEYS: keyList
    .default(DEV_SECRETS.OWNER_LINK_KEYS)
    .describe("keys signing the owner's one-time action links `id:base64(32 bytes)`, comma-separated, first one signs"),
  PUBLIC_BASE_URL: url
    .optional()
    .describe("the API's address as owners reach it, for action links (default: http://localhost:API_PORT)"),
  OWNER_LINK_TTL: durationSchema
    .default('7d')
    .describe("longest life of an owner's action link (never past the step's deadline)"),

  // Default timings of the flows (per deployment; every migration may override them in its input).
  PIN_ESCALATION_AFTER: durationSchema.default('1h').describe('no PIN after this: open a support ticket, keep waiting'),
  PIN_DEADLINE: durationSchema.default('72h').describe('no PIN after this: the migration stalls'),
  SETUP_ESCALATION_AFTER: durationSchema.default('1h').describe('setup not finished after this: ticket, keep waiting'),
  SETUP_DEADLINE: durationSchema.default('72h').describe('setup not finished after this: the migration stalls'),
  MOB_ESCALATION_AFTER: durationSchema.default('24h').describe('Message-on-Behalf not accepted after this: ticket'),
  MOB_DEADLINE: durationSchema.default('14d').describe('Message-on-Behalf not accepted after this: stall'),
  TWO_FA_SLA: durationSchema.default('72h').describe('2FA-disable ticket SLA for shared WABAs (port-out)'),
  REMINDER_EVERY: durationSchema.default('24h').describe('interval between reminders to the client in human waits'),
  API_KEY_PICKUP_WINDOW: durationSchema
    .default('7d')
    .describe('how long after a port-in completed its API key can be fetched (then 410: generate a new one)'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown at start-up with every invalid or missing setting listed (never their values). */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;
  constructor(
    readonly issues: string[],
    /** Variables refused only because they hold a dev-only value (see `devOnlyIssues`). */
    readonly devOnly: string[] = [],
    note?: string,
  ) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}${note ? `\n${note}` : ''}`);
  }
}

type Raw = Record<string, string | undefined>;

/** Options of `loadConfig` for a process that does not use every setting. */
export interface LoadOptions {
  /** Dev-only secrets this process never uses: not refused (the codec server has no SECRET_SEALING_KEYS). */
  unused?: readonly DevSecretVariable[];
}

export function loadConfig(env: Raw = process.env, opts: LoadOptions = {}): Readonly<Config> {
  const known: Raw = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (Boolean(known.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(known.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    issues.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together');
  }
  const devOnly = devOnlyIssues(known, new Set(opts.unused));
  if (issues.length || devOnly.variables.length) {
    throw new ConfigError([...issues, ...devOnly.issues], devOnly.variables, devOnly.note);
  }
  return Object.freeze((parsed as { data: Config }).data);
}

/**
 * The rule for dev-only values (see the schema), by value so that setting one explicitly does not
 * get past it.
 * - A real cluster (TEMPORAL_ADDRESS set, or NODE_ENV=production) refuses the dev secrets: they
 *   are public, so callbacks could be forged, webhooks spoofed and histories decrypted.
 * - NODE_ENV=production also refuses the simulator: URLs on a loopback address and the simulator's
 *   port, and its partner ID. With TEMPORAL_ADDRESS alone the simulator is fine (a staging cluster).
 * - ALLOW_DEV_SECRETS=true accepts all of them: for a local cluster only (tests, bench).
 */
function devOnlyIssues(
  known: Raw,
  unused: ReadonlySet<DevSecretVariable>,
): { variables: string[]; issues: string[]; note?: string } {
  const production = known.NODE_ENV === 'production';
  const because = production ? 'NODE_ENV=production' : known.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS is set' : undefined;
  if (!because || bool.safeParse(known.ALLOW_DEV_SECRETS ?? 'false').data === true)
    return { variables: [], issues: [] };
  const variables: (keyof typeof HOW_TO_SET)[] = [];
  const issues: string[] = [];
  const refuse = (name: keyof typeof HOW_TO_SET, what: string, unset: string) => {
    variables.push(name);
    issues.push(`${name}: ${known[name] === undefined ? `unset, so ${unset}` : what}; ${HOW_TO_SET[name]}`);
  };
  for (const name of DEV_SECRET_VARIABLES) {
    if (!unused.has(name) && isDevSecret(name, known[name] ?? DEV_SECRETS[name]))
      refuse(name, 'holds a dev-only value', 'the dev-only default');
  }
  if (production) {
    const simulatorPort = Number(known.SIMULATOR_PORT ?? SIMULATOR_DEFAULT_PORT);
    for (const name of [
      'D360_PARTNER_API_URL',
      'META_GRAPH_URL',
      'SUPPORT_DESK_URL',
      'META_JS_SDK_URL',
      'META_SIGNUP_ORIGINS',
    ] as const) {
      const values = (known[name] ?? SIMULATOR[name]).split(',');
      if (values.some((v) => pointsAtSimulator(v.trim(), simulatorPort)))
        refuse(name, 'points at the simulator', 'the simulator');
    }
    for (const name of ['D360_PARTNER_ID', 'META_APP_ID', 'META_EMBEDDED_SIGNUP_CONFIG_ID'] as const)
      if ((known[name] ?? SIMULATOR[name]).trim() === SIMULATOR[name])
        refuse(name, "is the simulator's", "the simulator's");
  }
  const note = `Dev-only values are refused because ${because}. Set the variables above (see .env.example); on a local cluster only, ALLOW_DEV_SECRETS=true accepts them.`;
  return { variables, issues, note };
}

const HOW_TO_SET: Record<keyof typeof DEV_SECRETS | keyof typeof SIMULATOR, string> = {
  API_TOKENS: 'set the bearer tokens of the API clients, comma-separated (`openssl rand -hex 32` each)',
  D360_PARTNER_API_KEY: 'set the Partner API key from the 360dialog Partner Hub',
  META_ACCESS_TOKEN: 'set the access token of our Meta system user',
  META_APP_SECRET: "set our Meta app's secret (App settings > Basic)",
  SUPPORT_DESK_TOKEN: 'set the API token of the support desk',
  CALLBACK_SIGNING_SECRET: 'set a random secret shared with the requesters (`openssl rand -hex 32`)',
  WEBHOOK_SIGNING_SECRET: 'set the secret 360dialog signs its webhooks with',
  PAYLOAD_ENCRYPTION_KEYS: 'set `<id>:<key>` with a new key (`openssl rand -base64 32`), without the dev key',
  SECRET_SEALING_KEYS:
    'set `<id>:<key>` with a new key (`openssl rand -base64 32`), without the dev key; not on the codec server',
  OWNER_LINK_KEYS: 'set `<id>:<key>` with a new key (`openssl rand -base64 32`), without the dev key',
  D360_PARTNER_API_URL: 'set the 360dialog Partner API URL (https://hub.360dialog.io/api/v2)',
  META_GRAPH_URL: 'set the Meta Graph API URL (https://graph.facebook.com/v21.0)',
  SUPPORT_DESK_URL: "set the support desk's API URL",
  D360_PARTNER_ID: 'set our 360dialog Partner ID',
  META_APP_ID: 'set our Meta app ID (the app of our Embedded Signup)',
  META_JS_SDK_URL: "set Meta's SDK URL (https://connect.facebook.net/en_US/sdk.js)",
  META_SIGNUP_ORIGINS: "set Meta's origins (https://www.facebook.com,https://web.facebook.com)",
  META_EMBEDDED_SIGNUP_CONFIG_ID:
    'set the configuration ID of our Embedded Signup (App Dashboard > Facebook Login for Business > Configurations), or `none` for no launch on the owner page',
};

const DEV_KEYS = {
  PAYLOAD_ENCRYPTION_KEYS: keyBytes(DEV_SECRETS.PAYLOAD_ENCRYPTION_KEYS),
  SECRET_SEALING_KEYS: keyBytes(DEV_SECRETS.SECRET_SEALING_KEYS),
  OWNER_LINK_KEYS: keyBytes(DEV_SECRETS.OWNER_LINK_KEYS),
};
function keyBytes(entry: string): Buffer {
  return Buffer.from(entry.trim().split(':')[1] ?? '', 'base64');
}

function isDevSecret(name: keyof typeof DEV_SECRETS, value: string): boolean {
  const items = value.split(',').map((x) => x.trim());
  // A list is refused when any of its items is the dev one (a listed key still decrypts).
  if (name === 'API_TOKENS') return items.includes(DEV_SECRETS.API_TOKENS);
  if (name === 'PAYLOAD_ENCRYPTION_KEYS' || name === 'SECRET_SEALING_KEYS' || name === 'OWNER_LINK_KEYS')
    return items.some((k) => keyBytes(k).equals(DEV_KEYS[name]));
  return value.trim() === DEV_SECRETS[name];
}

function pointsAtSimulator(value: string, simulatorPort: number): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && port === simulatorPort;
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
