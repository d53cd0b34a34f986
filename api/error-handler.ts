/**
 * One place that turns any error into a problem response: our HttpProblems, request validation,
 * Fastify's body/content-type errors and the typed migrations-client errors. Logs never carry
 * request bodies or validation inputs (a malformed PIN is still a PIN).
 */
import { STATE_CONFLICTS } from '../contracts/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  type FieldIssue,
  isMigrationClientError,
  type MigrationClientError,
  type UpdateRejectedError,
  type InvalidMigrationInputError,
} from '../client/errors';
import { HttpProblem, sendProblem } from './problem';
import { isRequestValidationError } from './validation';

// Which field a workflow rejection is about, so the problem can point at it.
const REJECTION_FIELDS: Record<string, string> = {
  InvalidPin: 'pin',
  InvalidMethod: 'method',
  InvalidBusinessId: 'metaBusinessId',
  InvalidSignupReport: 'code',
  SignupForAnotherWaba: 'wabaId',
  SignupForAnotherNumber: 'phoneNumberId',
  SignupCodeRejected: 'code',
};

// A batch's refusals of a command at the wrong time (workflows/batch/workflow.ts): 409 like STATE_CONFLICTS.
const BATCH_STATE_CONFLICTS: ReadonlySet<string> = new Set(['NotPaused', 'BatchDrained', 'NothingToRetry']);

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (isRequestValidationError(err)) {
    if (err.missingBody) return new HttpProblem(400, 'malformed-request', 'this endpoint needs a JSON body');
    // A path that cannot name a migration points at nothing.
    if (err.part === 'params') return new HttpProblem(404, 'not-found', 'no migration has this ID');
    return new HttpProblem(422, 'validation-error', summarise(`invalid ${err.part}`, err.issues), {
      errors: err.issues,
    });
  }
  if (isMigrationClientError(err)) return fromClientError(err);
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'unsupported-media-type', 'send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'payload-too-large', 'the request body exceeds the size limit');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpProblem(400, 'malformed-request', fe.message ?? 'malformed request body');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new HttpProblem(fe.statusCode, 'malformed-request', fe.message ?? 'bad request');
  }
  return new HttpProblem(500, 'internal-error', 'an unexpected error occurred; quote the request ID to support');
}

/** `detail` says what is wrong on its own (clients often show only it); `errors[]` has every field. */
function summarise(what: string, issues: FieldIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return shown.length ? `${what}: ${shown.join('; ')}${more}` : what;
}

function fromClientError(err: MigrationClientError): HttpProblem {
  switch (err.name) {
    case 'MigrationNotFoundError':
      return new HttpProblem(404, 'not-found', err.message);
    case 'MigrationConflictError':
      return new HttpProblem(409, 'conflict', err.message);
    case 'ApiKeyExpiredError':
      return new HttpProblem(410, 'api-key-expired', err.message);
    case 'InvalidBatchItemsError': {
      // Items are checked after the batch's defaults are merged in, which no JSON Schema can state.
      const { issues } = err as InvalidMigrationInputError;
      return new HttpProblem(422, 'invalid-batch-items', summarise('invalid batch items', issues), { errors: issues });
    }
    case 'InvalidMigrationInputError': {
      const { issues } = err as InvalidMigrationInputError;
      return new HttpProblem(422, 'validation-error', summarise('invalid input', issues), { errors: issues });
    }
    case 'UpdateRejectedError': {
      const { type, reason } = err as UpdateRejectedError;
      // Not the caller's fault and worth retrying: the PIN or signup could not be checked upstream.
      if (type === 'PinCheckFailed' || type === 'SignupCheckFailed')
        return new HttpProblem(503, 'service-unavailable', reason, { code: type, headers: { 'retry-after': '5' } });
      if (STATE_CONFLICTS.has(type) || BATCH_STATE_CONFLICTS.has(type))
        return new HttpProblem(409, 'conflict', reason, { code: type });
      const field = REJECTION_FIELDS[type];
      return new HttpProblem(422, 'update-rejected', reason, {
        code: type,
        errors: field ? [{ field, message: reason }] : undefined,
      });
    }
    case 'MigrationServiceUnavailableError':
      return new HttpProblem(503, 'service-unavailable', err.message, { headers: { 'retry-after': '5' } });
  }
  return new HttpProblem(500, 'internal-error', 'an unexpected error occurred; quote the request ID to support');
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(err);
  if (problem.status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ status: problem.status, problem: problem.slug, code: problem.extra.code }, 'request rejected');
  return sendProblem(req, reply, problem);
}
