/** Starts (or finds) the partner change of a WABA (all its numbers move together). */
import { partnerChangeBlockers } from '../contracts/visibility';
import { PartnerChangeStep, type PartnerChangeInput } from '../contracts/partner-change';
import { startPartnerChangeSchema, type StartPartnerChangeRequest } from '../contracts/schemas';
import { PartnerIdKey, WabaIdKey } from '../contracts/search-attributes';
import { parseInput, type ClientDeps } from './context';
import { MigrationConflictError } from './errors';
import { partnerChangeMigrationId } from './migration-ids';
import { initialSearchAttributes, startMigration, type StartMigrationResult } from './start-migration';
import { partnerChangeTimings } from './timings';

/**
 * Starts moving `request.wabaId` to `request.destinationPartnerId`, or returns the change already
 * running. Throws MigrationConflictError while a number of the WABA is being ported.
 */
export async function startPartnerChange(
  deps: ClientDeps,
  request: StartPartnerChangeRequest,
): Promise<StartMigrationResult> {
  const cmd = parseInput(startPartnerChangeSchema, request);
  const pendingChecks = await refuseWhatCannotSucceed(deps, cmd.wabaId, cmd.destinationPartnerId);
  const input: PartnerChangeInput = {
    wabaId: cmd.wabaId,
    destinationPartnerId: cmd.destinationPartnerId,
    callbackUrl: cmd.callbackUrl,
    timings: partnerChangeTimings(deps.config, cmd.timings),
  };
  const started = await startMigration(deps, {
    migrationId: partnerChangeMigrationId(cmd.wabaId),
    fingerprint: { ...input },
    workflowType: 'partnerChangeWorkflow',
    input,
    searchAttributes: initialSearchAttributes('partner-change', PartnerChangeStep.PREPARING, [
      { key: WabaIdKey, value: cmd.wabaId },
      { key: PartnerIdKey, value: cmd.destinationPartnerId },
    ]),
    staticSummary: `Partner change of WABA ${cmd.wabaId} → ${cmd.destinationPartnerId}`,
    staticDetails: [
      '### Partner change inside 360dialog',
      '',
      `WABA \`${cmd.wabaId}\` and all its numbers move to partner \`${cmd.destinationPartnerId}\`.`,
      'The requester confirms the exact list of numbers, then picks the numbers the new partner may manage.',
    ].join('\n'),
    blockers: partnerChangeBlockers(cmd.wabaId),
  });
  return pendingChecks.length ? { ...started, pendingChecks } : started;
}

const CHECKS = ['waba-known-to-360dialog', 'destination-differs-from-current-partner'];

/**
 * A partner change of a WABA 360dialog does not know, or to the partner it already has, would fail
 * a second after it started: one lookup refuses it before anything starts. Without a directory, or
 * when 360dialog cannot answer now, the start goes ahead and says which checks are still to come.
 */
async function refuseWhatCannotSucceed(deps: ClientDeps, wabaId: string, destination: string): Promise<string[]> {
  if (!deps.wabas) return CHECKS;
  let current: string | undefined;
  try {
    current = await deps.wabas.currentPartnerOf(wabaId);
  } catch {
    return CHECKS;
  }
  if (current === undefined) {
    throw new MigrationConflictError(
      partnerChangeMigrationId(wabaId),
      `360dialog does not know WABA ${wabaId} (wabaId): nothing to move`,
    );
  }
  if (current === destination) {
    throw new MigrationConflictError(
      partnerChangeMigrationId(wabaId),
      `WABA ${wabaId} is already with partner ${destination}: nothing to change`,
    );
  }
  return [];
}
