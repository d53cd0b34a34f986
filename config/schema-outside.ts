/** Settings of `ConfigSchema` (temporal.config.ts): the outside services and their credentials, our signing and payload keys. */
import { z } from 'zod';
import { durationSchema } from '../contracts/schema-parts';
import { DEV_SECRETS, SIMULATOR } from './dev-only';
import { csv, keyList, url } from './schema-parts';

export const outsideShape = {
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
};
