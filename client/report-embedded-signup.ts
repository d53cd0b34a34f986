/**
 * Reports the finished Embedded Signup session of a Cloud-API port-in. The code is sealed here, where
 * it enters: history and the Web UI see only `sealed:signup-code:<keyId>:…`; the workflow checks the
 * WABA and the step, an activity checks the number and exchanges the code once.
 */
import type { EmbeddedSignupResult } from '../contracts/port-in-cloud';
import { embeddedSignupSchema, type EmbeddedSignupRequest } from '../contracts/schemas';
import { reportEmbeddedSignupUpdate } from '../contracts/messages';
import { sealerFor } from '../secrets';
import { checkedMigrationId, parseInput, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';

/**
 * Returns `accepted` with the portfolio's account model. Throws UpdateRejectedError:
 * `SignupForAnotherWaba` / `SignupForAnotherNumber` (the session is not this port-in's),
 * `SignupCodeRejected` (Meta refused the code: the owner signs up again), `WrongStep`,
 * `SignupCheckFailed` (Meta did not answer: report again).
 */
export async function reportEmbeddedSignup(
  deps: ClientDeps,
  migrationId: string,
  request: EmbeddedSignupRequest,
  opts?: UpdateOptions,
): Promise<EmbeddedSignupResult> {
  const { code, ...session } = parseInput(embeddedSignupSchema, request);
  const id = checkedMigrationId(migrationId, 'port-in');
  const sealed = sealerFor(deps.config).seal('signup-code', code);
  return runUpdate(deps, id, reportEmbeddedSignupUpdate, { ...session, code: sealed }, opts);
}
