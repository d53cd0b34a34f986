/** The requester's part of a partner change: review and confirm the numbers, pick permissions. */
import type { ConfirmNumbersResult, PartnerChangeView, SelectNumbersResult } from '../contracts/partner-change';
import { numberSelectionSchema, type NumberSelectionRequest } from '../contracts/schemas';
import { confirmNumbersUpdate, getPartnerChangeQuery, selectNumbersForPermissionsUpdate } from '../contracts/messages';
import { checkedMigrationId, handleFor, parseInput, withQueryDeadline, type ClientDeps } from './context';
import { runUpdate, type UpdateOptions } from './run-update';
import { translateError } from './translate-error';

/** The numbers under review, whether they are confirmed, the request and the permitted numbers. */
export async function getPartnerChange(deps: ClientDeps, migrationId: string): Promise<PartnerChangeView> {
  const handle = handleFor(deps, checkedMigrationId(migrationId, 'partner-change'));
  try {
    return await withQueryDeadline(deps, () => handle.query(getPartnerChangeQuery));
  } catch (err) {
    return translateError(err, migrationId);
  }
}

/**
 * Confirms the exact list of numbers that move. Throws UpdateRejectedError `NumberListMismatch`
 * when the list differs, `NumberListChanged` when the WABA's numbers changed since the review.
 */
export async function confirmNumbers(
  deps: ClientDeps,
  migrationId: string,
  request: NumberSelectionRequest,
  opts?: UpdateOptions,
): Promise<ConfirmNumbersResult> {
  const selection = parseInput(numberSelectionSchema, request);
  return runUpdate(deps, checkedMigrationId(migrationId, 'partner-change'), confirmNumbersUpdate, selection, opts);
}

/** Picks the moved numbers the new partner may manage (a non-empty subset). */
export async function selectNumbersForPermissions(
  deps: ClientDeps,
  migrationId: string,
  request: NumberSelectionRequest,
  opts?: UpdateOptions,
): Promise<SelectNumbersResult> {
  const selection = parseInput(numberSelectionSchema, request);
  return runUpdate(
    deps,
    checkedMigrationId(migrationId, 'partner-change'),
    selectNumbersForPermissionsUpdate,
    selection,
    opts,
  );
}
