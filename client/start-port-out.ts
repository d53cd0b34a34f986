/** Starts (or finds) the port-out of one number from 360dialog to another BSP. */
import { PortOutStep, type PortOutInput } from '../contracts/port-out';
import { startPortOutSchema, type StartPortOutRequest } from '../contracts/schemas';
import { PhoneNumberKey, WabaIdKey } from '../contracts/search-attributes';
import { parseInput, type ClientDeps } from './context';
import { portOutBlockers } from '../contracts/visibility';
import { portOutMigrationId } from './migration-ids';
import { initialSearchAttributes, startMigration, type StartMigrationResult, type StartSpec } from './start-migration';
import { portOutTimings } from './timings';

/**
 * Starts the port-out of `request.phoneNumber`, or returns the one already running. Throws
 * InvalidMigrationInputError for bad input, MigrationConflictError while a port-in of the number
 * or a partner change of its WABA runs, or when its port-out already completed.
 */
export async function startPortOut(deps: ClientDeps, request: StartPortOutRequest): Promise<StartMigrationResult> {
  return startMigration(deps, portOutStartSpec(deps, request));
}

/** What a port-out start asks Temporal for; throws InvalidMigrationInputError for a bad request. */
export function portOutStartSpec(deps: ClientDeps, request: StartPortOutRequest): StartSpec<'portOutWorkflow'> {
  const cmd = parseInput(startPortOutSchema, request);
  const { e164, cc, national } = cmd.phoneNumber;
  const input: PortOutInput = {
    phone: { e164, cc, national },
    wabaId: cmd.wabaId,
    callbackUrl: cmd.callbackUrl,
    timings: portOutTimings(deps.config, cmd.timings),
  };
  const t = input.timings ?? {};
  return {
    migrationId: portOutMigrationId(cmd.phoneNumber),
    fingerprint: { ...input, phone: undefined, phoneNumber: `+${cc}${national}` },
    workflowType: 'portOutWorkflow',
    input,
    searchAttributes: initialSearchAttributes('port-out', PortOutStep.PREPARING, [
      { key: PhoneNumberKey, value: e164 },
      { key: WabaIdKey, value: cmd.wabaId },
    ]),
    staticSummary: `Port-out ${e164} ← 360dialog`,
    staticDetails: [
      '### Port-out from 360dialog',
      '',
      `Number \`${e164}\` on WABA \`${cmd.wabaId}\` moves to another BSP.`,
      `2FA-disable SLA (shared WABA): ${t.twoFaSla}; the subscription is cancelled only on explicit confirmation.`,
    ].join('\n'),
    blockers: portOutBlockers(cmd.wabaId, e164),
  };
}
