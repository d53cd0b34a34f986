/**
 * `.env.example` is the production template: exactly the schema's variables, in its order, each
 * with a comment; taken as it is, it refuses to start until the secrets are filled in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigSchema, loadConfig } from '../../temporal.config';
import { REAL_SECRETS, SECRET_VARIABLES } from './real-secrets';

const lines = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8').split('\n');
/** `NAME=value` lines, active or commented out (`# NAME=value`). */
const ASSIGNMENT = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/;

/** The active settings, as Node's --env-file reads them (comments skipped, empty = unset). */
function activeSettings(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const m = ASSIGNMENT.exec(line);
    if (m && !m[1]) env[m[2] as string] = m[3] as string;
  }
  return env;
}

test('.env.example lists exactly the schema variables, in its order, each after a comment', () => {
  const listed = lines.flatMap((l, i) => {
    const m = ASSIGNMENT.exec(l);
    return m ? [{ name: m[2] as string, line: i }] : [];
  });
  expect(listed.map((v) => v.name)).toEqual(Object.keys(ConfigSchema.shape));
  for (const { name, line } of listed) {
    // A prose comment right above, or above its pair (the mTLS certificate and key share one).
    const skip = ASSIGNMENT.test(lines[line - 1] ?? '') ? 2 : 1;
    const above = lines[line - skip] ?? '';
    const prose = above.startsWith('# ') && !ASSIGNMENT.test(above) && above.length > 12;
    expect({ name, prose }).toEqual({ name, prose: true });
  }
});

test('taken as it is, .env.example refuses: the secrets, our partner ID and the Meta app and signup IDs must be filled in', () => {
  let error: unknown;
  try {
    loadConfig(activeSettings());
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).devOnly).toEqual([
    ...SECRET_VARIABLES,
    'D360_PARTNER_ID',
    'META_APP_ID',
    'META_EMBEDDED_SIGNUP_CONFIG_ID',
  ]);
  expect((error as ConfigError).issues).toHaveLength(SECRET_VARIABLES.length + 3);
});

test('with the secrets filled in, .env.example is a valid production configuration', () => {
  const config = loadConfig({
    ...activeSettings(),
    ...REAL_SECRETS,
    D360_PARTNER_ID: 'PARTNERX7QQ',
    META_APP_ID: '1234567890123456',
    META_EMBEDDED_SIGNUP_CONFIG_ID: '987654321098765',
  });
  expect(config).toMatchObject({
    NODE_ENV: 'production',
    ALLOW_DEV_SECRETS: false,
    TEMPORAL_TLS: true,
    WORKER_HEALTH_HOST: '0.0.0.0',
    LOG_PRETTY: false,
    D360_PARTNER_API_URL: 'https://hub.360dialog.io/api/v2',
  });
});
