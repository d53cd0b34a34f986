/** Submits the registration PIN of a port-in (the workflow validates step and format again). */
import type { SubmitPinResult } from '../contracts/port-in';
import { submitPinSchema, type SubmitPinRequest } from '../contracts/schemas';
import { submitPinUpdate } from '../contracts/messages';
import { checkedMigrationId, parseInput, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';

/**
 * Returns `verified`, `wrong` (with attempts left), `expired` or `locked`. Throws
 * InvalidMigrationInputError for a malformed PIN (before Temporal sees it), UpdateRejectedError
 * when the migration is not waiting for a PIN (`WrongStep`), MigrationConflictError when it ended.
 */
export async function submitPin(
  deps: ClientDeps,
  migrationId: string,
  request: SubmitPinRequest,
  opts?: UpdateOptions,
): Promise<SubmitPinResult> {
  const body = parseInput(submitPinSchema, request);
  return runUpdate(deps, checkedMigrationId(migrationId, 'port-in'), submitPinUpdate, body, opts);
}
