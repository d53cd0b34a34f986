/**
 * loadConfig with overrides, as entry points and tests call it: values coerced from strings, empty
 * strings read as unset, unrelated variables ignored, bad values named without echoing them.
 * (Defaults, the README table and the dev-secret rules: test/foundation.)
 */
import { childEnv, ConfigError, loadConfig, usePrettyLogs } from '../../../temporal.config';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the configuration');
}

test('overrides are coerced from their string form', () => {
  const config = loadConfig({
    API_PORT: '9090',
    TEMPORAL_TLS: 'yes',
    LOG_PRETTY: '0',
    API_TOKENS: ' a , b,,c ',
    CODEC_AUTH_TOKENS: 'ops',
    HTTP_TIMEOUT_MS: '1500',
    MAX_CACHED_WORKFLOWS: '250',
    PIN_DEADLINE: '90 minutes',
    META_GRAPH_URL: 'https://graph.example.com/v21.0',
  });
  expect(config).toMatchObject({
    API_PORT: 9090,
    TEMPORAL_TLS: true,
    LOG_PRETTY: false,
    API_TOKENS: ['a', 'b', 'c'],
    CODEC_AUTH_TOKENS: ['ops'],
    HTTP_TIMEOUT_MS: 1500,
    MAX_CACHED_WORKFLOWS: 250,
    PIN_DEADLINE: '90 minutes',
    META_GRAPH_URL: 'https://graph.example.com/v21.0',
  });
});

test('an empty string means unset (the default applies); unrelated variables are ignored', () => {
  const config = loadConfig({ API_PORT: '', LOG_LEVEL: '', HOME: '/root', npm_config_x: '1' });
  expect([config.API_PORT, config.LOG_LEVEL]).toEqual([8080, 'info']);
  expect(Object.keys(config)).not.toContain('HOME');
  expect(Object.keys(config)).not.toContain('npm_config_x');
});

test('the result is frozen: nothing downstream can change a setting', () => {
  const config = loadConfig({ API_PORT: '9090' }) as { API_PORT: number };
  expect(() => {
    config.API_PORT = 1;
  }).toThrow(TypeError);
});

test.each([
  ['DEV_SERVER_PORT', '0'],
  ['WORKER_HEALTH_PORT', 'eighty'],
  ['HTTP_TIMEOUT_MS', '-5'],
  ['LOG_PRETTY', 'sometimes'],
  ['SUPPORT_DESK_URL', 'ftp://desk.example.com'],
  ['REMINDER_EVERY', '1 fortnight'],
  ['CALLBACK_SIGNING_SECRET', 'short-secret-1'],
])('%s=%s is refused by name', (name, value) => {
  const error = refusal({ [name]: value });
  expect(error.issues).toHaveLength(1);
  expect(error.issues[0]).toMatch(new RegExp(`^${name}: `));
  expect(error.message).toContain(name);
});

test('a malformed encryption key is named, and the key material never shows', () => {
  const shortKey = Buffer.from('only-sixteen-byt').toString('base64');
  const error = refusal({ PAYLOAD_ENCRYPTION_KEYS: `k1:${shortKey}` });
  expect(error.issues).toEqual([expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEYS: expected id:base64 pairs/)]);
  expect(error.message).not.toContain(shortKey);
});

test('a local cluster may keep the dev defaults only when it says so', () => {
  expect(() => loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toThrow(ConfigError);
  const config = loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', ALLOW_DEV_SECRETS: 'true' });
  expect([config.TEMPORAL_ADDRESS, config.ALLOW_DEV_SECRETS]).toEqual(['127.0.0.1:7233', true]);
});

test('childEnv adds overrides as strings and skips undefined ones; pretty logs follow the setting', () => {
  const env = childEnv({ API_PORT: 9091, LOG_LEVEL: undefined, DATA_DIR: '/tmp/x' });
  expect([env.API_PORT, env.DATA_DIR]).toEqual(['9091', '/tmp/x']);
  expect(Object.entries(env).filter(([, v]) => v === undefined)).toEqual([]);
  expect(usePrettyLogs({ LOG_PRETTY: true })).toBe(true);
  expect(usePrettyLogs({ LOG_PRETTY: false })).toBe(false);
});
