/** The irreversible end of a port-out: confirm cancelling the 360dialog subscription, or keep it. */
import type { SubscriptionDecisionResult } from '../contracts/port-out';
import {
  confirmCancellationSchema,
  declineCancellationSchema,
  type ConfirmCancellationRequest,
  type DeclineCancellationRequest,
} from '../contracts/schemas';
import { confirmSubscriptionCancellationUpdate, declineSubscriptionCancellationUpdate } from '../contracts/messages';
import { checkedMigrationId, parseInput, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';

/**
 * Answers once the subscription is really cancelled. Throws UpdateRejectedError `WrongStep`
 * before the number has left, `AlreadyDecided` after a decision, `CancellationFailed` on failure.
 */
export async function confirmSubscriptionCancellation(
  deps: ClientDeps,
  migrationId: string,
  request: ConfirmCancellationRequest,
  opts?: UpdateOptions,
): Promise<SubscriptionDecisionResult> {
  const body = parseInput(confirmCancellationSchema, request);
  return runUpdate(
    deps,
    checkedMigrationId(migrationId, 'port-out'),
    confirmSubscriptionCancellationUpdate,
    body,
    opts,
  );
}

/** Keeps the subscription and ends the port-out. */
export async function declineSubscriptionCancellation(
  deps: ClientDeps,
  migrationId: string,
  request: DeclineCancellationRequest,
  opts?: UpdateOptions,
): Promise<SubscriptionDecisionResult> {
  const body = parseInput(declineCancellationSchema, request);
  return runUpdate(
    deps,
    checkedMigrationId(migrationId, 'port-out'),
    declineSubscriptionCancellationUpdate,
    body,
    opts,
  );
}
