/** Sends a validated update and turns a rejection into UpdateRejectedError (type + message). */
import type { UpdateDefinition } from '@temporalio/client';
import { handleFor, withUpdateDeadline, type ClientDeps } from './context';
import { translateMutationError } from './translate-error';

export interface UpdateOptions {
  /**
   * Makes a retried call safe: Temporal runs an update ID at most once per run, so a caller that
   * repeats a request after a timeout gets the first result instead of a second PIN attempt.
   */
  idempotencyKey?: string;
}

export async function runUpdate<Ret, Arg>(
  deps: ClientDeps,
  migrationId: string,
  def: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  opts: UpdateOptions = {},
): Promise<Ret> {
  const handle = handleFor(deps, migrationId);
  // Scoped by update name, so one key reused for a PIN and a resend cannot collide.
  const updateId = opts.idempotencyKey ? `${def.name}:${opts.idempotencyKey}` : undefined;
  try {
    return await withUpdateDeadline(deps, () => handle.executeUpdate(def, { args: [arg], updateId }));
  } catch (err) {
    return translateMutationError(deps, err, migrationId, def.name);
  }
}
