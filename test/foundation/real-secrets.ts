/**
 * Production-shaped secrets and service URLs, fresh for every test run: what an operator sets
 * instead of the dev-only defaults of temporal.config.ts.
 */
import { randomBytes } from 'node:crypto';

const hex = () => randomBytes(24).toString('hex');

export const REAL_SECRETS = {
  API_TOKENS: `${hex()},${hex()}`,
  D360_PARTNER_API_KEY: hex(),
  META_ACCESS_TOKEN: `EAAG${hex()}`,
  META_APP_SECRET: hex().slice(0, 32),
  SUPPORT_DESK_TOKEN: hex(),
  CALLBACK_SIGNING_SECRET: hex(),
  WEBHOOK_SIGNING_SECRET: hex(),
  PAYLOAD_ENCRYPTION_KEYS: `k2:${randomBytes(32).toString('base64')}`,
  SECRET_SEALING_KEYS: `s2:${randomBytes(32).toString('base64')}`,
  OWNER_LINK_KEYS: `l2:${randomBytes(32).toString('base64')}`,
} as const;

export const REAL_SERVICES = {
  D360_PARTNER_API_URL: 'https://hub.360dialog.io/api/v2',
  META_GRAPH_URL: 'https://graph.facebook.com/v21.0',
  SUPPORT_DESK_URL: 'https://support.example.com/api',
  META_JS_SDK_URL: 'https://connect.facebook.net/en_US/sdk.js',
  META_SIGNUP_ORIGINS: 'https://www.facebook.com,https://web.facebook.com',
  D360_PARTNER_ID: 'PARTNERX7QQ',
  META_APP_ID: '1234567890123456',
  META_EMBEDDED_SIGNUP_CONFIG_ID: '987654321098765',
} as const;

/** The dev-only values, as someone might copy them into an environment by hand. */
export const DEV_VALUES = {
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

export const SECRET_VARIABLES = Object.keys(REAL_SECRETS);
export const SIMULATOR_VARIABLES = Object.keys(REAL_SERVICES);
