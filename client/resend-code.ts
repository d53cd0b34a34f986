/** Asks for the PIN again, optionally switching to a voice call (cooldown and maximum apply). */
import type { ResendCodeResult } from '../contracts/port-in';
import { resendCodeSchema, type ResendCodeRequest } from '../contracts/schemas';
import { resendCodeUpdate } from '../contracts/messages';
import { checkedMigrationId, parseInput, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';

/** Throws UpdateRejectedError `ResendCooldown`, `ResendLimitReached` or `WrongStep` when refused. */
export async function resendCode(
  deps: ClientDeps,
  migrationId: string,
  request: ResendCodeRequest = {},
  opts?: UpdateOptions,
): Promise<ResendCodeResult> {
  const body = parseInput(resendCodeSchema, request);
  return runUpdate(deps, checkedMigrationId(migrationId, 'port-in'), resendCodeUpdate, body, opts);
}
