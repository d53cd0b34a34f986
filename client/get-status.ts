/** Where a migration stands: the workflow's status query, plus Temporal's own view of the run. */
import type { MigrationKind, MigrationStatus } from '../contracts/migration';
import { getStatusQuery } from '../contracts/messages';
import { handleFor, withQueryDeadline, type ClientDeps } from './context';
import { describeMigration, type MigrationSummary } from './describe';
import { translateError } from './translate-error';

export interface MigrationView extends MigrationStatus {
  execution: MigrationSummary;
}

/**
 * Status, waits, tickets and timeline of a migration. Throws MigrationNotFoundError for an
 * unknown ID, MigrationServiceUnavailableError when no worker answers the query in time.
 */
export async function getMigration(deps: ClientDeps, migrationId: string): Promise<MigrationView> {
  const execution = await describeMigration(deps, migrationId);
  // A run deferred to its porting window has not run any code yet, so nothing can answer a query.
  if (execution.executionTime && Date.parse(execution.executionTime) > Date.now()) {
    return { ...scheduledStatus(execution), execution };
  }
  try {
    const status = await withQueryDeadline(deps, () => handleFor(deps, migrationId).query(getStatusQuery));
    return { ...status, execution };
  } catch (err) {
    return translateError(err, migrationId);
  }
}

export async function getStatus(deps: ClientDeps, migrationId: string): Promise<MigrationStatus> {
  const { execution: _execution, ...status } = await getMigration(deps, migrationId);
  return status;
}

function scheduledStatus(s: MigrationSummary): MigrationStatus {
  return {
    migrationId: s.migrationId,
    kind: s.kind ?? (s.migrationId.split(':')[0] as MigrationKind),
    step: s.step ?? 'SCHEDULED',
    waitingFor: `the porting window at ${s.executionTime}`,
    waitingSince: s.startTime,
    escalated: false,
    tickets: [],
    timeline: [],
  };
}
