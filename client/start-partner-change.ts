/** Starts (or finds) the partner change of a WABA (all its numbers move together). */
import { partnerChangeBlockers } from '../contracts/visibility';
import { PartnerChangeStep, type PartnerChangeInput } from '../contracts/partner-change';
import { startPartnerChangeSchema, type StartPartnerChangeRequest } from '../contracts/schemas';
import { PartnerIdKey, WabaIdKey } from '../contracts/search-attributes';
import { parseInput, type ClientDeps } from './context';
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
  const input: PartnerChangeInput = {
    wabaId: cmd.wabaId,
    destinationPartnerId: cmd.destinationPartnerId,
    callbackUrl: cmd.callbackUrl,
    timings: partnerChangeTimings(deps.config, cmd.timings),
  };
  return startMigration(deps, {
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
}
