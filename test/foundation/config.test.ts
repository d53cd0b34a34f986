/** The configuration schema: defaults, every bad setting reported at once, and the README kept in sync. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../temporal.config';
import { configTable, TABLE_END, TABLE_START } from '../../scripts/config-table';
import { REAL_SECRETS } from './real-secrets';

test('local defaults need no environment at all', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'wa-migrations',
    DEV_SERVER_PORT: 7233,
    DEV_UI_PORT: 8233,
    PIN_ESCALATION_AFTER: '1h',
    SETUP_ESCALATION_AFTER: '1h',
    TWO_FA_SLA: '72h',
    WORKER_HEALTH_HOST: '127.0.0.1',
    ALLOW_DEV_SECRETS: false,
  });
  expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  expect(Object.isFrozen(config)).toBe(true);
});

test('every invalid setting is listed at once, by name', () => {
  let error: unknown;
  try {
    loadConfig({
      API_PORT: '99999',
      META_GRAPH_URL: 'not a url',
      PIN_ESCALATION_AFTER: 'soon',
      LOG_LEVEL: 'loud',
      TEMPORAL_TLS: 'maybe',
    });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const issues = (error as ConfigError).issues.join('\n');
  for (const key of ['API_PORT', 'META_GRAPH_URL', 'PIN_ESCALATION_AFTER', 'LOG_LEVEL', 'TEMPORAL_TLS'])
    expect(issues).toContain(key);
  expect((error as ConfigError).issues).toHaveLength(5);
});

test('a Temporal Cloud setup is a matter of address, namespace and API key (and our real secrets)', () => {
  const config = loadConfig({
    ...REAL_SECRETS,
    TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'ns.acct',
    TEMPORAL_API_KEY: 'k',
  });
  expect(config).toMatchObject({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct' });
});

test('mTLS certificate and key go together', () => {
  expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/x.pem' })).toThrow(/must be set together/);
});

test('the README configuration table matches the schema (regenerate: npm run config:table)', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  expect(start).toBeGreaterThan(-1);
  expect(readme.slice(start, end + TABLE_END.length)).toBe(configTable());
  // The dev-only secrets are not advertised, not even the ones whose names contain PORT.
  for (const value of [
    'dev-token',
    'sim-partner-key',
    'sim-meta-token',
    'sim-meta-app-secret',
    'sim-support-token',
    'signing-secret',
    'ZGV2LW9ubHk',
  ])
    expect(configTable()).not.toContain(value);
});
