/**
 * The dev-only values (the local defaults that let `npm start` run with no setup, the simulator's
 * addresses) and the rule that refuses them on a real cluster, applied by `loadConfig`.
 */
import { bool } from './schema-parts';

/** Environment variables by name, as `loadConfig` reads them. */
export type Raw = Record<string, string | undefined>;

/**
 * The local defaults that let `npm start` run with no setup. They are public (they are in this
 * file), so outside a laptop they are refused by value, see `devOnlyIssues`.
 */
export const DEV_SECRETS = {
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
export const SIMULATOR_DEFAULT_PORT = 8090;
export const SIMULATOR = {
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
/** The settings whose default is a dev-only credential (the README table hides their values). */
export const DEV_SECRET_VARIABLES = Object.keys(DEV_SECRETS) as DevSecretVariable[];
export type DevSecretVariable = keyof typeof DEV_SECRETS;

/**
 * The rule for dev-only values (see the schema), by value so that setting one explicitly does not
 * get past it.
 * - A real cluster (TEMPORAL_ADDRESS set, or NODE_ENV=production) refuses the dev secrets: they
 *   are public, so callbacks could be forged, webhooks spoofed and histories decrypted.
 * - NODE_ENV=production also refuses the simulator: URLs on a loopback address and the simulator's
 *   port, and its partner ID. With TEMPORAL_ADDRESS alone the simulator is fine (a staging cluster).
 * - ALLOW_DEV_SECRETS=true accepts all of them: for a local cluster only (tests, bench).
 */
export function devOnlyIssues(
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
