/**
 * Turns Temporal SDK and raw gRPC errors into the client's typed errors, so callers (and the HTTP
 * API) never see `ServiceError` or status codes. Unknown errors pass through unchanged.
 */
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { ClientDeps } from './context';
import { howItEnded } from './start-again';
import {
  InvalidMigrationInputError,
  isMigrationClientError,
  MigrationConflictError,
  MigrationNotFoundError,
  MigrationServiceUnavailableError,
  UpdateRejectedError,
} from './errors';

// gRPC status codes (google.rpc.Code); numeric so we need no direct @grpc/grpc-js dependency.
const GRPC = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
} as const;

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return isGrpcServiceError(cause) ? cause.code : undefined;
}

/** Maps any error of a call on `migrationId` to a typed client error (or rethrows it unchanged). */
export function translateError(err: unknown, migrationId: string, update?: string): never {
  if (isMigrationClientError(err)) throw err;
  const opts = { cause: err };
  if (err instanceof WorkflowUpdateFailedError) {
    // The validator's (or handler's) ApplicationFailure carries the reason as type + message.
    const failure = err.cause as { type?: string; message?: string } | undefined;
    throw new UpdateRejectedError(
      migrationId,
      update ?? 'update',
      failure?.type ?? 'UpdateFailed',
      failure?.message ?? err.message,
      opts,
    );
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) {
    throw new MigrationServiceUnavailableError(
      `migration ${migrationId}: Temporal did not answer in time (is a worker running?)`,
      opts,
    );
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    throw new MigrationConflictError(migrationId, 'a migration with this ID already exists', opts);
  }
  if (err instanceof WorkflowNotFoundError) throw new MigrationNotFoundError(migrationId, opts);
  if (err instanceof QueryNotRegisteredError) {
    throw new MigrationConflictError(migrationId, 'this kind of migration does not answer that question', opts);
  }
  switch (grpcCode(err)) {
    case GRPC.NOT_FOUND:
      throw new MigrationNotFoundError(migrationId, opts);
    case GRPC.ALREADY_EXISTS:
    case GRPC.FAILED_PRECONDITION:
      throw new MigrationConflictError(migrationId, (err as Error).message, opts);
    case GRPC.INVALID_ARGUMENT:
      throw new InvalidMigrationInputError([{ field: '', message: (err as Error).message }], opts);
    case GRPC.UNAVAILABLE:
    case GRPC.DEADLINE_EXCEEDED:
    case GRPC.RESOURCE_EXHAUSTED:
      throw new MigrationServiceUnavailableError(`Temporal is unavailable: ${(err as Error).message}`, opts);
  }
  throw err;
}

/**
 * Signals, updates and cancellation answer NOT_FOUND for a migration that has already ended.
 * Tell the two apart, because "it ended" is a conflict (409) and not an unknown ID (404).
 */
export async function translateMutationError(
  deps: ClientDeps,
  err: unknown,
  migrationId: string,
  update?: string,
): Promise<never> {
  const notFound = err instanceof WorkflowNotFoundError || grpcCode(err) === GRPC.NOT_FOUND;
  if (notFound) {
    const description = await deps.client.workflow
      .getHandle(migrationId)
      .describe()
      .catch(() => undefined);
    if (description && description.status.name !== 'RUNNING') {
      throw new MigrationConflictError(
        migrationId,
        `the migration has already ended: ${howItEnded(description).summary}`,
        {
          cause: err,
        },
      );
    }
  }
  return translateError(err, migrationId, update);
}
