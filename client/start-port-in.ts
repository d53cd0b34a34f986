/** Starts (or finds) the port-in of one number: parse, default the timings, start idempotently. */
import type { PortInInput } from '../contracts/port-in';
import { PortInStep } from '../contracts/port-in';
import { startPortInSchema, type StartPortInCommand, type StartPortInRequest } from '../contracts/schemas';
import { MigrationPathKey, PhoneNumberKey, WabaIdKey } from '../contracts/search-attributes';
import { parseInput, type ClientDeps } from './context';
import { portInBlockers } from '../contracts/visibility';
import { portInMigrationId } from './migration-ids';
import { initialSearchAttributes, startMigration, type StartMigrationResult, type StartSpec } from './start-migration';
import { portInTimings } from './timings';

/**
 * Starts the port-in of `request.phoneNumber` to 360dialog, or returns the one already running
 * (`created: false`). Throws InvalidMigrationInputError before contacting Temporal when the
 * request is invalid, MigrationConflictError when this number's port-in already completed.
 */
export async function startPortIn(deps: ClientDeps, request: StartPortInRequest): Promise<StartMigrationResult> {
  return startMigration(deps, portInStartSpec(deps, request));
}

/** What a port-in start asks Temporal for; throws InvalidMigrationInputError for a bad request. */
export function portInStartSpec(deps: ClientDeps, request: StartPortInRequest): StartSpec<'portInWorkflow'> {
  const cmd = parseInput(startPortInSchema, request);
  const input = toWorkflowInput(deps, cmd);
  const e164 = input.phone.e164;
  return {
    migrationId: portInMigrationId(cmd.phoneNumber),
    workflowType: 'portInWorkflow',
    input,
    searchAttributes: initialSearchAttributes('port-in', PortInStep.PREFLIGHT, [
      { key: PhoneNumberKey, value: e164 },
      { key: WabaIdKey, value: cmd.wabaId },
      { key: MigrationPathKey, value: cmd.path },
    ]),
    staticSummary: `Port-in ${e164} → 360dialog (${cmd.path === 'cloud-api' ? 'Cloud API' : 'On-Premise'})`,
    staticDetails: details(input, cmd.portingWindowStart),
    startAt: cmd.portingWindowStart ? new Date(cmd.portingWindowStart) : undefined,
    fingerprint: {
      ...input,
      phone: undefined,
      phoneNumber: `+${input.phone.cc}${input.phone.national}`, // the form given (Brazil: with or without the 9)
      portingWindowStart: cmd.portingWindowStart && new Date(cmd.portingWindowStart).toISOString(),
    },
    // No port-in while the number leaves, or while its WABA changes partner (the workflow checks again).
    blockers: portInBlockers(cmd.wabaId, e164),
  };
}

function toWorkflowInput(deps: ClientDeps, cmd: StartPortInCommand): PortInInput {
  const { e164, cc, national } = cmd.phoneNumber;
  return {
    phone: { e164, cc, national },
    wabaId: cmd.wabaId,
    metaBusinessId: cmd.metaBusinessId,
    businessWebsite: cmd.businessWebsite,
    attestations: cmd.attestations,
    codeMethod: cmd.codeMethod,
    language: cmd.language,
    callbackUrl: cmd.callbackUrl,
    timings: portInTimings(deps.config, cmd.timings),
    // Only a Cloud-API port-in names its path: an on-premise input stays as before 1.1.0 (same digests).
    ...(cmd.path === 'cloud-api' ? { path: cmd.path, cloud: cmd.cloud ?? { way: 'embedded-signup' } } : {}),
  };
}

/** The Web UI's static details: what was asked for, at a glance (no secrets in here). */
function details(input: PortInInput, windowStart?: string): string {
  const t = input.timings ?? {};
  const rows = [
    ['Phone number', `\`${input.phone.e164}\` (cc ${input.phone.cc}, national ${input.phone.national})`],
    ...(input.cloud
      ? [
          [
            'Path',
            `Cloud API (${input.cloud.way})` +
              (input.cloud.sourceWabaId ? `, from WABA \`${input.cloud.sourceWabaId}\`` : ''),
          ],
          ['Destination WABA', `\`${input.wabaId}\``],
        ]
      : [
          ['Path', 'On-Premise'],
          ['Source WABA', `\`${input.wabaId}\``],
        ]),
    ['Meta Business ID', `\`${input.metaBusinessId}\``],
    ['Business website', input.businessWebsite],
    ['PIN by', `${input.codeMethod} (${input.language})`],
    ['Porting window', windowStart ?? 'immediately'],
    ['PIN escalates / gives up', `${t.pinEscalateAfter} / ${t.pinDeadline}`],
    ['Setup escalates / gives up', `${t.setupEscalateAfter} / ${t.setupDeadline}`],
    ['Callback', input.callbackUrl ? new URL(input.callbackUrl).origin : 'none'],
  ];
  return ['### Port-in to 360dialog', '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
