/**
 * How a command that did not act says so: the client's typed error turned into one line, a JSON
 * object and an exit code, so "error" always means "nothing was done" unless it says otherwise.
 */
import { isMigrationClientError, type MigrationClientError, type UpdateRejectedError } from '../../client';
import { ConfigError } from '../../temporal.config';
import { UsageError } from './args';
import { PinInputError } from './read-pin';

export const EXIT = {
  acted: 0,
  refused: 1,
  usage: 2,
  unknown: 3,
  pinNotAccepted: 4,
} as const;

/** Temporal could not be reached, so nothing was sent. */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError' as const;
  constructor(cause: unknown) {
    super(`cannot reach Temporal: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface Failure {
  line: string;
  json: { error: { name: string; type?: string; message: string } };
  exitCode: (typeof EXIT)[keyof typeof EXIT];
}

export function describeFailure(err: unknown): Failure {
  if (err instanceof UsageError || err instanceof PinInputError)
    return failure(err.name, `nothing sent: ${err.message}`, EXIT.usage);
  if (err instanceof ConfigError) return failure(err.name, `nothing sent: ${err.message}`, EXIT.usage);
  if (err instanceof NotConnectedError) return failure(err.name, `nothing sent: ${err.message}`, EXIT.refused);
  if (!isMigrationClientError(err)) {
    // Not one of ours (a connection that never came up, a bug): we cannot tell what happened.
    const message = err instanceof Error ? err.message : String(err);
    return failure('UnexpectedError', `unknown whether anything happened: ${message}; check with status`, EXIT.unknown);
  }
  switch (err.name) {
    case 'UpdateRejectedError': {
      const { type, reason } = err as UpdateRejectedError;
      return { ...failure(err.name, `rejected: ${type}: ${reason}`, EXIT.refused), json: errorJson(err, type) };
    }
    case 'InvalidMigrationInputError':
      return failure(err.name, `nothing sent: ${err.message}`, EXIT.usage);
    case 'MigrationServiceUnavailableError':
      // An update that timed out may still run: never let that read as "it did not happen".
      return failure(
        err.name,
        `unknown whether it acted: ${err.message}; check with status before retrying`,
        EXIT.unknown,
      );
    case 'MigrationNotFoundError':
      return failure(err.name, `not found: ${err.message}`, EXIT.refused);
    default:
      return failure(err.name, `refused: ${(err as MigrationClientError).message}`, EXIT.refused);
  }
}

function failure(name: string, line: string, exitCode: Failure['exitCode']): Failure {
  return { line, json: { error: { name, message: line } }, exitCode };
}

function errorJson(err: Error, type: string): Failure['json'] {
  return { error: { name: err.name, type, message: `rejected: ${type}: ${(err as UpdateRejectedError).reason}` } };
}
