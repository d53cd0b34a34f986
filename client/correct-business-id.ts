/** Gives a port-in the corrected Meta Business ID after a "same business" rejection. */
import { correctBusinessIdSchema, type CorrectBusinessIdRequest } from '../contracts/schemas';
import { correctBusinessIdUpdate } from '../contracts/messages';
import { checkedMigrationId, parseInput, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';

/** Throws UpdateRejectedError `WrongStep` unless the migration waits for a corrected ID. */
export async function correctBusinessId(
  deps: ClientDeps,
  migrationId: string,
  request: CorrectBusinessIdRequest,
  opts?: UpdateOptions,
): Promise<{ accepted: true }> {
  const body = parseInput(correctBusinessIdSchema, request);
  return runUpdate(deps, checkedMigrationId(migrationId, 'port-in'), correctBusinessIdUpdate, body, opts);
}
