/**
 * Response and path schemas of the HTTP API. Responses are serialised as plain JSON (a drifting
 * schema must never turn a good answer into a 500); these schemas document them in OpenAPI and
 * the API tests check real responses against them.
 */
import { z } from 'zod';
import { OWNER_ACTIONS } from '../contracts/owner-actions';
import { migrationIdSchema } from '../contracts/schemas';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    code: z.string().optional().describe('reason code of a rejected update, e.g. WrongStep'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const idParamsSchema = z.object({ id: migrationIdSchema.describe('migration ID, e.g. port-in:+4915123456789') });

export const startResultSchema = z
  .object({
    migrationId: z.string(),
    runId: z.string(),
    created: z.boolean().describe('false: the migration was already running (idempotent repeat)'),
    scheduledFor: z.string().optional().describe('set when deferred to a porting window'),
    pendingChecks: z
      .array(z.string())
      .optional()
      .describe('checks the first step still makes because the start could not (e.g. 360dialog did not answer)'),
  })
  .meta({ id: 'StartResult' });

const summaryShape = {
  migrationId: z.string(),
  runId: z.string(),
  kind: z.enum(['port-in', 'port-out', 'partner-change']).optional(),
  workflowType: z.string(),
  executionStatus: z.string().describe('RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT'),
  startTime: z.string(),
  executionTime: z.string().optional(),
  closeTime: z.string().optional(),
  step: z.string().optional(),
  outcome: z.string().optional(),
  escalated: z.boolean(),
  waitingSince: z.string().optional(),
  ticketIds: z.array(z.string()),
  phoneNumber: z.string().optional(),
  wabaId: z.string().optional(),
  partnerId: z.string().optional(),
};
export const migrationSummarySchema = z.object(summaryShape).meta({ id: 'MigrationSummary' });

export const migrationPageSchema = z
  .object({ items: z.array(migrationSummarySchema), nextPageToken: z.string().optional() })
  .meta({ id: 'MigrationPage' });

export const ownerActionLinkSchema = z
  .object({
    action: z.enum(OWNER_ACTIONS),
    url: z
      .string()
      .describe("the owner's signed one-time page for this step (`/a/<token>`): send it to the number's owner"),
    expiresAt: z.string().describe("no later than the step's deadline"),
  })
  .describe("Present while the migration waits for the number's owner (a code, turning 2FA off, a confirmation)")
  .meta({ id: 'OwnerActionLink' });

export const migrationViewSchema = z
  .object({
    migrationId: z.string(),
    kind: z.enum(['port-in', 'port-out', 'partner-change']),
    step: z.string(),
    waitingFor: z.string().optional(),
    waitingSince: z.string().optional(),
    escalatesAt: z.string().optional(),
    deadlineAt: z.string().optional(),
    escalated: z.boolean(),
    tickets: z.array(z.object({ step: z.string(), level: z.number(), ticketId: z.string(), at: z.string() })),
    timeline: z.array(z.object({ step: z.string(), at: z.string(), note: z.string().optional() })),
    outcome: z.string().optional(),
    reason: z.string().optional(),
    execution: migrationSummarySchema,
    ownerAction: ownerActionLinkSchema.optional(),
  })
  .meta({ id: 'Migration' });

export const submitPinResultSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('verified') }),
    z.object({ status: z.literal('wrong'), attemptsLeft: z.number().int() }),
    z.object({ status: z.literal('expired'), message: z.string() }),
    z.object({ status: z.literal('locked'), message: z.string() }),
  ])
  .meta({ id: 'SubmitPinResult' });

export const resendCodeResultSchema = z
  .object({
    method: z.enum(['SMS', 'VOICE']),
    sentAt: z.string(),
    sendsLeft: z.number().int(),
    nextResendAt: z.string(),
  })
  .meta({ id: 'ResendCodeResult' });

export const embeddedSignupResultSchema = z
  .object({
    status: z.literal('accepted'),
    phoneNumberId: z.string(),
    accountModel: z.enum(['classic', 'new']).describe("new: Meta's new account model, the number was not migrated"),
  })
  .meta({ id: 'EmbeddedSignupResult' });

export const acceptedSchema = z.object({ accepted: z.literal(true) });

export const cancelResultSchema = z.object({ migrationId: z.string(), cancelRequested: z.literal(true) });

export const apiKeySchema = z
  .object({
    apiKey: z.string(),
    address: z.string(),
    appId: z.string(),
    keyId: z.string(),
    twoFactorPin: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('Cloud-API port-in: the two-step PIN register set; the owner turns 2FA back on with it'),
  })
  .meta({ id: 'ApiKey', description: 'secrets: store them, do not log them' });

export const webhookResultSchema = z.object({
  status: z.enum(['delivered', 'duplicate', 'ignored', 'no-migration']),
  migrationId: z.string().optional(),
});

/**
 * The signature headers of an inbound 360dialog webhook. The signature itself is checked before
 * validation (a 401 for anything unsigned); this schema documents the headers in OpenAPI.
 */
export const webhookHeadersSchema = z.object({
  'x-signature': z
    .string()
    .describe('`sha256=` + hex HMAC-SHA256 with WEBHOOK_SIGNING_SECRET over `<X-Signature-Timestamp>.<raw body>`'),
  'x-signature-timestamp': z
    .string()
    .regex(/^[0-9]{1,12}$/)
    .describe('Unix seconds; more than 300 s away from our clock is refused (replays)'),
  'x-event-id': z
    .string()
    .optional()
    .describe("delivery ID for deduplication (up to 200 characters); else the body's `id`, else a hash of the event"),
});

/**
 * Problem responses every authenticated route may give: no or a wrong token, over the rate limit,
 * Temporal (or a worker) not answering. Declared per route so OpenAPI lists them where they occur.
 */
export const commonProblems = {
  401: problemSchema,
  429: problemSchema,
  503: problemSchema,
} as const;

/** Problems of any request with a JSON body: malformed, too large, not JSON, failing its schema. */
export const bodyProblems = {
  400: problemSchema,
  413: problemSchema,
  415: problemSchema,
  422: problemSchema,
} as const;

/**
 * Route-schema flag of an optional JSON body (Fastify and @fastify/swagger assume a body schema
 * means a required body); api/openapi.ts turns it into `requestBody.required: false`.
 */
export const OPTIONAL_BODY = 'x-optional-body';

/**
 * Route-schema flag of a route whose 200 also comes as `text/csv` (content negotiation);
 * api/openapi.ts adds the CSV form to the document.
 */
export const CSV_ALTERNATIVE = 'x-csv-alternative';

/**
 * Route-schema note of a route with its own body limit (bytes; Fastify's `bodyLimit` route option
 * enforces it): api/openapi.ts states it in the route's 413.
 */
export const ROUTE_BODY_LIMIT = 'x-body-limit';

/** Optional `Idempotency-Key` header of updates (becomes the Temporal update ID). */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'expected 1-100 letters, digits, _ . : -')
    .optional()
    .describe('repeat a request safely: the same key returns the first result instead of acting twice'),
});

/** Problems of a command on one migration: bad body, no such migration, it has ended or is another kind. */
export const rejected = {
  ...bodyProblems,
  404: problemSchema,
  409: problemSchema,
  ...commonProblems,
} as const;
