/**
 * The errors the migrations client throws, one class per case under a common base (ky style):
 * callers branch on the class (or `name`, which survives Jest realms and bundlers), never on
 * Temporal or gRPC internals. The original error is kept in `cause`.
 */

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `attestations.adminAccess` ('' = the whole input). */
  field: string;
  message: string;
}

/** Base class of everything the migrations client throws on purpose. */
export class MigrationClientError extends Error {
  override name: string = 'MigrationClientError';
}

/** Thrown when no migration with that ID exists (never started, or deleted after retention). */
export class MigrationNotFoundError extends MigrationClientError {
  override name = 'MigrationNotFoundError' as const;
  constructor(
    readonly migrationId: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migrationId} not found`, options);
  }
}

/**
 * Thrown when the request conflicts with the migration's state: it has already ended, it already
 * completed for this number, or what was asked for (e.g. the API key) is not available yet.
 */
export class MigrationConflictError extends MigrationClientError {
  override name = 'MigrationConflictError' as const;
  constructor(
    readonly migrationId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migrationId}: ${message}`, options);
  }
}

/**
 * The port-in's API key is no longer handed out: its pickup window (API_KEY_PICKUP_WINDOW after the
 * migration completed) has passed. A new key is generated in the 360dialog hub or Partner API.
 */
export class ApiKeyExpiredError extends MigrationClientError {
  override name = 'ApiKeyExpiredError' as const;
  constructor(
    readonly migrationId: string,
    message: string,
  ) {
    super(`migration ${migrationId}: ${message}`);
  }
}

/** Thrown before anything reaches Temporal when an input fails its zod schema. */
export class InvalidMigrationInputError extends MigrationClientError {
  override name: string = 'InvalidMigrationInputError';
  constructor(
    readonly issues: FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid input: ${issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')}`,
      options,
    );
  }
}

/**
 * A batch whose items fail their kind's start schema (with the batch's `defaults` merged in): each
 * issue names its item, `items[3].phoneNumber`. Nothing was started.
 */
export class InvalidBatchItemsError extends InvalidMigrationInputError {
  override name: string = 'InvalidBatchItemsError';
}

/**
 * Thrown when the workflow rejects an update: its validator refused it (wrong step, malformed
 * value, cooldown) or its handler failed. `type` is the workflow's failure type, e.g. `WrongStep`.
 */
export class UpdateRejectedError extends MigrationClientError {
  override name = 'UpdateRejectedError' as const;
  constructor(
    readonly migrationId: string,
    readonly update: string,
    readonly type: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migrationId}: ${update} rejected (${type}): ${reason}`, options);
  }
}

/** Thrown when Temporal cannot be reached or did not answer in time; the request may be retried. */
export class MigrationServiceUnavailableError extends MigrationClientError {
  override name = 'MigrationServiceUnavailableError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const NAMES = new Set([
  'MigrationClientError',
  'MigrationNotFoundError',
  'MigrationConflictError',
  'ApiKeyExpiredError',
  'InvalidMigrationInputError',
  'InvalidBatchItemsError',
  'UpdateRejectedError',
  'MigrationServiceUnavailableError',
]);

/** Cross-realm check (Jest gives each test file its own globals, so `instanceof` can lie). */
export function isMigrationClientError(err: unknown): err is MigrationClientError {
  return err instanceof Error && NAMES.has(err.name);
}
