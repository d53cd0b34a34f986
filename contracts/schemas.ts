/**
 * zod schemas for every input that enters from outside (typed client, HTTP API, webhooks).
 * Inputs are parsed here before anything reaches Temporal; the workflow side keeps plain types
 * (contracts/port-in.ts etc.), kept in step with these schemas by the compile-time check at the end.
 */
import { z } from 'zod';
import {
  codeMethodSchema,
  digits,
  durationOrMs,
  httpUrl,
  identifier,
  PHONE_QUERY_PATTERN,
  phoneNumberSchema,
  reasonText,
} from './schema-parts';
import type { partnerChangeTimingsSchema } from './schemas-partner-change';
import type { portOutTimingsSchema } from './schemas-port-out';
import type { PartnerChangeTimings } from './partner-change';
import { PORT_IN_PATHS } from './port-in-cloud';
import type { PortInTimings } from './port-in';
import type { PortOutTimings } from './port-out';

export * from './schema-parts';
export * from './schemas-partner-change';
export * from './schemas-port-out';
export * from './schemas-batch';

/** Per-migration timing overrides; unknown keys are rejected so typos do not pass silently. */
export const portInTimingsSchema = z
  .strictObject({
    pinEscalateAfter: durationOrMs,
    pinDeadline: durationOrMs,
    setupEscalateAfter: durationOrMs,
    setupDeadline: durationOrMs,
    mobEscalateAfter: durationOrMs,
    mobDeadline: durationOrMs,
    twoFaEscalateAfter: durationOrMs,
    twoFaDeadline: durationOrMs,
    businessIdEscalateAfter: durationOrMs,
    businessIdDeadline: durationOrMs,
    nameEscalateAfter: durationOrMs,
    nameDeadline: durationOrMs,
    signupEscalateAfter: durationOrMs,
    signupDeadline: durationOrMs,
    transientTicketAfter: durationOrMs,
    transientRetryEvery: durationOrMs,
    transientRetryWindow: durationOrMs,
    remindEvery: durationOrMs,
    pollEvery: durationOrMs,
    resendCooldown: durationOrMs,
    maxCodeSends: z.number().int().min(1).max(20),
    maxPinAttempts: z.number().int().min(1).max(20),
  })
  .partial();

const MAX_WINDOW_AHEAD_MS = 90 * 86_400_000;

/** An agreed porting window: ISO 8601 with offset, in the future and at most 90 days ahead. */
export const portingWindowStartSchema = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time with offset, e.g. 2030-01-31T22:00:00Z' })
  .refine((v) => Date.parse(v) > Date.now(), 'the porting window must start in the future')
  .refine((v) => Date.parse(v) < Date.now() + MAX_WINDOW_AHEAD_MS, 'the porting window must start within 90 days');

export const startPortInSchema = z
  .strictObject({
    phoneNumber: phoneNumberSchema,
    wabaId: identifier.describe('WABA the number moves into (on-premise path: its WABA at the source BSP)'),
    metaBusinessId: digits('metaBusinessId').describe('Meta Business (Business Manager) ID that owns the WABA'),
    businessWebsite: httpUrl.describe('public website of the business (checked live in preflight)'),
    attestations: z.strictObject({
      adminAccess: z.literal(true, { error: 'you must attest admin access to the Meta Business Manager' }),
      phoneAccess: z.literal(true, { error: 'you must attest access to the phone to receive the PIN' }),
    }),
    codeMethod: codeMethodSchema.default('SMS').describe('how the registration PIN is sent'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'expected a WhatsApp language code such as en_US')
      .default('en_US'),
    callbackUrl: httpUrl.optional().describe('receives signed progress events (never secrets)'),
    timings: portInTimingsSchema.optional().describe('per-migration timing overrides (durations such as 90s, 5m, 1h)'),
    portingWindowStart: portingWindowStartSchema
      .optional()
      .describe('start the migration at this time (agreed window)'),
    path: z
      .enum(PORT_IN_PATHS)
      .default('cloud-api')
      .describe(
        'cloud-api (the default since 1.2.0): the number is on the Cloud API at another BSP or at Meta; ' +
          'on-premise: the legacy path of the seed (Meta closed it in October 2025), named explicitly',
      ),
    cloud: z
      .strictObject({
        way: z
          .enum(['programmatic', 'embedded-signup'])
          .default('embedded-signup')
          .describe(
            "embedded-signup (the default, Meta's recommended way): the owner moves the number in Meta's popup " +
              'and the client reports the session; programmatic: the WABA is shared with us, we move the ' +
              'number and the owner types the code',
          ),
        sourceWabaId: identifier
          .optional()
          .describe(
            'the WABA the number is in now; its templates are copied (required for programmatic; ' +
              'with embedded-signup Meta copies them and we copy the ones it missed)',
          ),
        creditLine: z
          .strictObject({
            id: identifier.describe('our credit line, shared with the destination WABA'),
            currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency such as EUR'),
          })
          .optional(),
      })
      .optional()
      .describe('path cloud-api: how the number moves and where it is now (absent: Embedded Signup)'),
  })
  .superRefine((req, ctx) => {
    if (req.cloud?.way === 'programmatic' && !req.cloud.sourceWabaId)
      ctx.addIssue({
        code: 'custom',
        path: ['cloud', 'sourceWabaId'],
        message: 'the programmatic way needs the WABA the number is in now',
      });
    if (req.path === 'on-premise' && req.cloud)
      ctx.addIssue({ code: 'custom', path: ['cloud'], message: 'cloud options belong to path cloud-api' });
  });
export type StartPortInRequest = z.input<typeof startPortInSchema>;
export type StartPortInCommand = z.output<typeof startPortInSchema>;

export const submitPinSchema = z.strictObject({
  // The message never echoes the value: PINs are secrets.
  pin: z.string().regex(/^\d{6}$/, 'the PIN must be exactly 6 digits'),
});
export type SubmitPinRequest = z.input<typeof submitPinSchema>;

export const resendCodeSchema = z.strictObject({ method: codeMethodSchema.optional() });
export type ResendCodeRequest = z.input<typeof resendCodeSchema>;

/** A finished Embedded Signup session (Meta's FINISH event and the FB.login code), from the client's page. */
export const embeddedSignupSchema = z.strictObject({
  wabaId: identifier.describe("the WABA of Meta's FINISH event (must be this port-in's)"),
  phoneNumberId: identifier.describe("the phone-number ID of Meta's FINISH event"),
  // The message never echoes the value: the code is a one-time credential.
  code: z
    .string()
    .regex(/^[A-Za-z0-9_#.-]{8,400}$/, 'expected the code FB.login returned (8-400 URL-safe characters)')
    .describe('the code from FB.login, exchanged once for a business token'),
  businessId: digits('businessId').optional().describe('the business portfolio of the FINISH event'),
  waacId: digits('waacId')
    .optional()
    .describe("the WhatsApp account ID (Meta's new account model): the number was onboarded, not migrated"),
});
export type EmbeddedSignupRequest = z.input<typeof embeddedSignupSchema>;

export const correctBusinessIdSchema = z.strictObject({ metaBusinessId: digits('metaBusinessId') });
export type CorrectBusinessIdRequest = z.input<typeof correctBusinessIdSchema>;

export const cancelSchema = z.strictObject({ reason: reasonText });
export type CancelRequest = z.input<typeof cancelSchema>;

/** Facts about a migration reported by an operator or a backend (signals). */
const fact = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), eventId: identifier.optional() });
export const migrationEventSchema = z.discriminatedUnion('type', [
  fact('mobAccepted'), // port-in
  fact('twoFactorDisabled'), // port-in, port-out
  fact('numberLeft'), // port-out
  fact('companyInfoCompleted'), // partner change
  fact('paymentMethodAdded'), // partner change
  z.strictObject({
    type: z.literal('partnerChangeDecision'),
    status: z.enum(['completed', 'rejected', 'failed']),
    reason: z.string().max(500).optional(),
    eventId: identifier.optional(),
  }),
  z.strictObject({
    type: z.literal('channelStatusChanged'),
    eventId: z.string().min(1).max(200),
    status: z.string().regex(/^[a-z_]{1,40}$/),
    occurredAt: z.iso.datetime({ offset: true }),
  }),
]);
export type MigrationEvent = z.input<typeof migrationEventSchema>;

/** The body of the HTTP event endpoints: only an optional delivery ID for deduplication. */
export const factEventBodySchema = z.strictObject({ eventId: identifier.optional() }).optional();

export const migrationKindSchema = z.enum(['port-in', 'port-out', 'partner-change']);

/** `<kind>:<key>`, e.g. `port-in:+4915123456789`; anything else cannot name a migration. */
export const migrationIdSchema = z
  .string()
  .max('partner-change:'.length + 120) // what the pattern allows: the document states the real limit
  .regex(/^(port-in|port-out|partner-change):[A-Za-z0-9+_.-]{1,120}$/, 'not a migration ID');

const boolFromQuery = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: 'expected true or false',
});

export const listMigrationsSchema = z.strictObject({
  kind: migrationKindSchema.optional(),
  step: z
    .string()
    .regex(/^[A-Z0-9_]{1,64}$/, 'expected a step name such as AWAITING_PIN')
    .optional(),
  outcome: z.enum(['completed', 'add-as-new-number', 'failed', 'cancelled', 'stalled', 'routed-to-support']).optional(),
  escalated: boolFromQuery.optional(),
  running: boolFromQuery.optional().describe('true: only open migrations; false: only closed ones'),
  // In a query string an unencoded "+" arrives as a space: read a leading space as the "+".
  phone: z
    .string()
    .max(32)
    .meta({ pattern: PHONE_QUERY_PATTERN })
    .transform((s) => (/^ \d/.test(s) ? `+${s.slice(1)}` : s))
    .pipe(phoneNumberSchema)
    .optional(),
  waba: identifier.optional(),
  waitingSinceBefore: z.iso.datetime({ offset: true }).optional().describe('waiting since before this time'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,4096}$/, 'not a page token')
    .optional(),
});
export type ListMigrationsRequest = z.input<typeof listMigrationsSchema>;
export type ListMigrationsFilter = z.output<typeof listMigrationsSchema>;

/**
 * A 360dialog partner webhook (`event` plus channel fields). Unknown fields are allowed: 360dialog
 * adds fields over time, and only the ones below are used.
 */
export const dialog360WebhookSchema = z.looseObject({
  event: z.string().regex(/^[a-z_]{1,64}$/, 'expected an event name such as channel_running'),
  id: z.string().min(1).max(200).optional().describe('delivery ID, when 360dialog sends one'),
  phone_number: z.string().max(32).optional(),
  channel_id: z.string().max(100).optional(),
  client_id: z.string().max(100).optional(),
  created_at: z.string().max(64).optional(),
  status: z.string().max(64).optional(),
});
export type Dialog360Webhook = z.input<typeof dialog360WebhookSchema>;

// Compile-time check that each timings schema and the workflow's plain type have the same keys
// and compatible values, both ways: a timing the workflow reads but the API refuses (or the other
// way round) does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
type Timings<S extends z.ZodType> = Required<NonNullable<z.output<S>>>;
const timingsInStep: [
  Same<Timings<typeof portInTimingsSchema>, PortInTimings>,
  Same<Timings<typeof portOutTimingsSchema>, PortOutTimings>,
  Same<Timings<typeof partnerChangeTimingsSchema>, PartnerChangeTimings>,
] = [true, true, true];
void timingsInStep;
