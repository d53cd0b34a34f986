/**
 * Submits the registration PIN of a port-in. The PIN is checked (6 digits) and sealed here, where it
 * enters: history and everyone who may read payloads see only `sealed:pin:<keyId>:…`; the workflow
 * checks the sealed shape and the step, the verifyPin activity unseals it for Meta.
 */
import type { SubmitPinResult } from '../contracts/port-in';
import { submitPinSchema, type SubmitPinRequest } from '../contracts/schemas';
import { submitPinUpdate } from '../contracts/messages';
import { sealerFor } from '../secrets';
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
  const { pin } = parseInput(submitPinSchema, request);
  const id = checkedMigrationId(migrationId, 'port-in');
  return runUpdate(deps, id, submitPinUpdate, { pin: sealerFor(deps.config).seal('pin', pin) }, opts);
}
