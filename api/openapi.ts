/**
 * The OpenAPI 3.1 document (`GET /openapi.json`). Routes declare their bodies and statuses with
 * zod (the single source); this module adds what every operation shares and zod cannot say:
 * problems as `application/problem+json` with a description per status, the headers of the
 * answers (request ID, rate limit, Retry-After, WWW-Authenticate), and the events we POST to
 * requesters' callback URLs (`webhooks`).
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { CALLBACK_EVENTS, CALLBACK_HEADERS } from './callback-events';
import { addOperationIdsAndLinks } from './openapi-links';
import { CSV_ALTERNATIVE, OPTIONAL_BODY, ROUTE_BODY_LIMIT } from './schemas';

type Json = Record<string, unknown>;
interface Response {
  description?: string;
  headers?: Record<string, Json>;
  content?: Record<string, { schema?: Json }>;
}
interface Operation {
  security?: unknown[];
  requestBody?: { required?: boolean };
  [OPTIONAL_BODY]?: boolean;
  [CSV_ALTERNATIVE]?: boolean;
  [ROUTE_BODY_LIMIT]?: number;
  responses?: Record<string, Response>;
}

const PROBLEM_REF = '#/components/schemas/Problem';

/** What each problem status means here (docs/api.md has the full table). */
const PROBLEMS: Record<string, string> = {
  '400':
    'Malformed request: the body is not JSON, a required body is missing, or the path is not a phone number or WABA ID',
  '401': 'No or an unknown bearer token (webhook: signature missing, wrong or stale)',
  '404': 'No such migration or batch (also for IDs that cannot be one)',
  '409':
    'Conflict: the migration (or batch) has ended, is of another kind, or another migration of the number/WABA is in progress; a command at the wrong time names its `code`',
  '413': 'The body is larger than 64 KiB',
  '415': 'The body is not application/json',
  '422': 'Invalid input (`errors[]` names each field) or refused by the migration (`code`, e.g. WrongStep)',
  '429': 'Over the per-token rate limit; retry after `Retry-After` seconds',
  '503': 'Temporal or a worker did not answer in time; retry after `Retry-After` seconds',
};

const SUCCESS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created: a new migration (or batch) was started',
  '202': 'Accepted: delivered to the migration',
};

const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });
const integer = { type: 'integer', minimum: 0 };
const REQUEST_ID = header('the request ID (sent as `x-request-id` or generated); also in every problem and log line');
const RATE_LIMIT = {
  'RateLimit-Limit': header('requests allowed per token and window', integer),
  'RateLimit-Remaining': header('requests left in the current window', integer),
  'RateLimit-Reset': header('seconds until the window resets', integer),
};
const RETRY_AFTER = { 'Retry-After': header('seconds to wait before retrying', integer) };
const LOCATION = { Location: header('the migration, e.g. `/v1/migrations/port-in%3A%2B4915123456789`') };
const BATCH_LOCATION = { Location: header('the batch, e.g. `/v1/batches/spring-moves-2030`') };
const CHALLENGE = {
  'WWW-Authenticate': header('`Bearer realm="wa-migrations"` (`, error="invalid_token"` for a wrong token)'),
};

/** The CSV form of a page (the route's description names the columns). */
const CSV_CONTENT = {
  schema: {
    type: 'string',
    description: 'RFC 4180 CSV with a header row; cells starting with = + - or @ are prefixed with a single quote',
  },
};

/** Swagger options: the document's frame, our zod transform and the finishing touches. */
export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'WhatsApp number migrations API',
        version: '1.0.0',
        description:
          'Port-in, port-out and partner change of WhatsApp Business numbers at 360dialog, on Temporal. See docs/api.md.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => finishDocument(jsonSchemaTransformObject(doc) as Json),
  };
}

export function finishDocument(doc: Json): Json {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) finishOperation(op);
  }
  addOperationIdsAndLinks(paths);
  return { ...doc, webhooks: callbackWebhooks() };
}

function finishOperation(op: Operation): void {
  if (op[OPTIONAL_BODY] && op.requestBody) op.requestBody.required = false;
  delete op[OPTIONAL_BODY];
  const csv = op[CSV_ALTERNATIVE] === true;
  delete op[CSV_ALTERNATIVE];
  const bodyLimit = op[ROUTE_BODY_LIMIT];
  delete op[ROUTE_BODY_LIMIT];
  // Operations without their own `security` fall under the global bearer requirement.
  const authenticated = op.security === undefined || op.security.length > 0;
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const json = response.content?.['application/json'];
    if (Number(status) >= 400 && json?.schema?.$ref === PROBLEM_REF) {
      response.content = { 'application/problem+json': json };
      response.description =
        status === '413' && bodyLimit
          ? `The body is larger than ${bodyLimit / 1024 / 1024} MiB (this route's own limit)`
          : (PROBLEMS[status] ?? response.description);
    } else if (response.description === 'Default Response' && SUCCESS[status]) {
      response.description = SUCCESS[status];
    }
    if (csv && status === '200' && json) response.content = { ...response.content, 'text/csv': CSV_CONTENT };
    const started = json?.schema?.$ref === '#/components/schemas/StartResult';
    const batchStarted = json?.schema?.$ref === '#/components/schemas/StartBatchResult';
    response.headers = {
      ...response.headers,
      'x-request-id': REQUEST_ID,
      ...(started ? LOCATION : {}),
      ...(batchStarted ? BATCH_LOCATION : {}),
      // The rate limit counts authenticated callers only: a 401 is answered before it.
      ...(authenticated && status !== '401' ? RATE_LIMIT : {}),
      ...(status === '429' || status === '503' ? RETRY_AFTER : {}),
      ...(authenticated && status === '401' ? CHALLENGE : {}),
    };
  }
}

/** One entry per event type: what we POST to a migration's (or a batch's) callbackUrl. */
function callbackWebhooks(): Record<string, Json> {
  const parameters = CALLBACK_HEADERS.map((h) => ({ in: 'header', required: true, ...h }));
  return Object.fromEntries(
    Object.entries(CALLBACK_EVENTS).map(([type, description]) => [
      type,
      {
        post: {
          summary: `${type} (to the ${type.startsWith('batch.') ? 'batch' : 'migration'}'s callbackUrl)`,
          description: `${description}\n\nRetried with backoff until the receiver answers 2xx; deduplicate on \`id\`.`,
          security: [],
          parameters,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CallbackEvent' } } },
          },
          responses: { '2XX': { description: 'received; any other answer is retried' } },
        },
      },
    ]),
  );
}
