/**
 * Dev-only defaults never reach a real cluster: with TEMPORAL_ADDRESS set or NODE_ENV=production,
 * loadConfig lists every dev secret (and in production the simulator) at once, recognised by value,
 * without printing a value; ALLOW_DEV_SECRETS=true is the explicit way out for a local cluster.
 */
import { ConfigError, loadConfig } from '../../temporal.config';
import { DEV_VALUES, REAL_SECRETS, REAL_SERVICES, SECRET_VARIABLES, SIMULATOR_VARIABLES } from './real-secrets';

const CLUSTER = { TEMPORAL_ADDRESS: 'temporal.internal:7233' };
const PRODUCTION = { NODE_ENV: 'production' };

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the configuration');
}

function expectNoValues(error: ConfigError, values: Record<string, string>): void {
  for (const value of Object.values(values).flatMap((v) => v.split(/[,:]/)))
    if (value.length >= 8) expect(error.message).not.toContain(value);
}

test('with TEMPORAL_ADDRESS set, every dev secret is listed at once, one line each with how to set it', () => {
  const error = refusal(CLUSTER);
  expect(error.devOnly).toEqual(SECRET_VARIABLES);
  expect(error.issues).toHaveLength(SECRET_VARIABLES.length);
  SECRET_VARIABLES.forEach((name, i) => expect(error.issues[i]).toMatch(new RegExp(`^${name}: unset, .*; set `)));
  expect(error.message).toContain('because TEMPORAL_ADDRESS is set');
  expect(error.message).toContain('ALLOW_DEV_SECRETS=true');
  expectNoValues(error, DEV_VALUES);
});

test('a dev value set explicitly is refused too, also as one item of a list', () => {
  const error = refusal({
    ...CLUSTER,
    ...REAL_SECRETS,
    META_ACCESS_TOKEN: DEV_VALUES.META_ACCESS_TOKEN,
    API_TOKENS: `${REAL_SECRETS.API_TOKENS}, ${DEV_VALUES.API_TOKENS}`,
    // The dev key under another id, kept to decrypt: anyone with this repository can decrypt with it.
    PAYLOAD_ENCRYPTION_KEYS: `${REAL_SECRETS.PAYLOAD_ENCRYPTION_KEYS},old:${DEV_VALUES.PAYLOAD_ENCRYPTION_KEYS.split(':')[1]}`,
  });
  expect(error.devOnly).toEqual(['API_TOKENS', 'META_ACCESS_TOKEN', 'PAYLOAD_ENCRYPTION_KEYS']);
  expect(error.issues[0]).toMatch(/^API_TOKENS: holds a dev-only value; /);
  expectNoValues(error, { ...DEV_VALUES, ...REAL_SECRETS });
});

test('TEMPORAL_ADDRESS alone accepts the simulator (a staging cluster), with real secrets', () => {
  const config = loadConfig({ ...CLUSTER, ...REAL_SECRETS });
  expect(config.D360_PARTNER_API_URL).toBe('http://127.0.0.1:8090/360dialog/api/v2');
  expect(config.D360_PARTNER_ID).toBe('PARTNER01PA');
  expect(config.API_TOKENS).toEqual(REAL_SECRETS.API_TOKENS.split(','));
});

test('NODE_ENV=production refuses the dev secrets and the simulator (URLs on its port, partner ID)', () => {
  const error = refusal(PRODUCTION);
  expect(error.devOnly).toEqual([...SECRET_VARIABLES, ...SIMULATOR_VARIABLES]);
  expect(error.message).toContain('because NODE_ENV=production');
  // Explicitly set to the simulator, by another loopback name: still the simulator.
  const explicit = refusal({
    ...PRODUCTION,
    ...REAL_SECRETS,
    ...REAL_SERVICES,
    META_GRAPH_URL: 'http://localhost:8090/meta/v21.0',
    D360_PARTNER_ID: 'PARTNER01PA',
  });
  expect(explicit.devOnly).toEqual(['META_GRAPH_URL', 'D360_PARTNER_ID']);
  expect(explicit.issues).toEqual([
    'META_GRAPH_URL: points at the simulator; set the Meta Graph API URL (https://graph.facebook.com/v21.0)',
    "D360_PARTNER_ID: is the simulator's; set our 360dialog Partner ID",
  ]);
});

test('invalid settings and dev-only values are reported together', () => {
  const error = refusal({
    ...CLUSTER,
    ...REAL_SECRETS,
    API_PORT: '99999',
    SUPPORT_DESK_TOKEN: DEV_VALUES.SUPPORT_DESK_TOKEN,
  });
  expect(error.issues.map((i) => i.split(':')[0])).toEqual(['API_PORT', 'SUPPORT_DESK_TOKEN']);
  expect(error.devOnly).toEqual(['SUPPORT_DESK_TOKEN']);
});

test('ALLOW_DEV_SECRETS=true accepts the dev defaults on a cluster and in production (local cluster only)', () => {
  expect(loadConfig({ ...CLUSTER, ALLOW_DEV_SECRETS: 'true' })).toMatchObject({
    ALLOW_DEV_SECRETS: true,
    API_TOKENS: ['dev-token'],
  });
  expect(loadConfig({ ...PRODUCTION, ALLOW_DEV_SECRETS: 'true' }).META_GRAPH_URL).toBe(
    'http://127.0.0.1:8090/meta/v21.0',
  );
  expect(refusal({ ...CLUSTER, ALLOW_DEV_SECRETS: 'false' }).devOnly).toEqual(SECRET_VARIABLES);
});

test('real values pass in production, and on a laptop (no address, no NODE_ENV) the defaults need nothing', () => {
  const config = loadConfig({ ...CLUSTER, ...PRODUCTION, ...REAL_SECRETS, ...REAL_SERVICES });
  expect(config).toMatchObject({
    NODE_ENV: 'production',
    ...REAL_SERVICES,
    META_SIGNUP_ORIGINS: REAL_SERVICES.META_SIGNUP_ORIGINS.split(','),
    ALLOW_DEV_SECRETS: false,
  });
  expect(config.PAYLOAD_ENCRYPTION_KEYS).toBe(REAL_SECRETS.PAYLOAD_ENCRYPTION_KEYS);
  // An outbound proxy on loopback is not the simulator.
  expect(
    loadConfig({ ...PRODUCTION, ...REAL_SECRETS, ...REAL_SERVICES, SUPPORT_DESK_URL: 'http://127.0.0.1:3128/desk' })
      .SUPPORT_DESK_URL,
  ).toBe('http://127.0.0.1:3128/desk');
  expect(loadConfig({ NODE_ENV: 'test' }).API_TOKENS).toEqual(['dev-token']);
});
