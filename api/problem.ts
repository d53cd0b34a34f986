/**
 * RFC 9457 problem details: every error response is `application/problem+json` with a stable
 * `type`, the HTTP `status`, a human `detail`, the request ID and, for input errors, one entry per
 * offending field. Problem types are relative URIs documented in docs/api.md.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldIssue } from '../client/errors';

export type ProblemSlug =
  | 'malformed-request'
  | 'unauthorized'
  | 'invalid-signature'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'api-key-expired'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'validation-error'
  | 'invalid-batch-items'
  | 'update-rejected'
  | 'rate-limited'
  | 'internal-error'
  | 'service-unavailable';

const TITLES: Record<ProblemSlug, string> = {
  'malformed-request': 'Malformed request',
  unauthorized: 'Missing or invalid bearer token',
  'invalid-signature': 'Invalid webhook signature',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict with the migration state',
  'api-key-expired': 'The API key is no longer handed out',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'validation-error': 'Invalid input',
  'invalid-batch-items': 'Invalid batch items',
  'update-rejected': 'Rejected by the migration',
  'rate-limited': 'Too many requests',
  'internal-error': 'Internal error',
  'service-unavailable': 'Temporarily unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldIssue[];
  /** For `update-rejected`: the workflow's reason code, e.g. `WrongStep`, `ResendCooldown`. */
  code?: string;
}

/** An error that is already an HTTP answer; thrown from hooks and handlers. */
export class HttpProblem extends Error {
  override name = 'HttpProblem' as const;
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    detail: string,
    readonly extra: { errors?: FieldIssue[]; code?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, p: HttpProblem): FastifyReply {
  const body: Problem = {
    type: `/problems/${p.slug}`,
    title: TITLES[p.slug],
    status: p.status,
    detail: p.message,
    instance: req.url.split('?')[0] ?? req.url,
    requestId: req.id,
    ...(p.extra.errors ? { errors: p.extra.errors } : {}),
    ...(p.extra.code ? { code: p.extra.code } : {}),
  };
  for (const [k, v] of Object.entries(p.extra.headers ?? {})) void reply.header(k, v);
  return reply.code(p.status).type('application/problem+json').send(body);
}
