/**
 * What Temporal itself knows about a migration (no worker needed): execution status and times,
 * plus the search attributes the workflow keeps current (step, outcome, escalation, tickets).
 */
import type { MigrationKind, Outcome } from '../contracts/migration';
import { checkedMigrationId, withQueryDeadline, type ClientDeps } from './context';
import { translateError } from './translate-error';

export type ExecutionStatus =
  'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT' | 'UNKNOWN';

export interface MigrationSummary {
  migrationId: string;
  runId: string;
  kind?: MigrationKind;
  workflowType: string;
  executionStatus: ExecutionStatus;
  startTime: string;
  /** Later than `startTime` when the start was deferred to a porting window. */
  executionTime?: string;
  closeTime?: string;
  step?: string;
  outcome?: Outcome;
  escalated: boolean;
  waitingSince?: string;
  ticketIds: string[];
  phoneNumber?: string;
  wabaId?: string;
  partnerId?: string;
}

export interface ExecutionFacts {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: Date;
  executionTime?: Date;
  closeTime?: Date;
  /** Search attribute values by name. */
  attributes: Record<string, unknown>;
}

const asString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : undefined;

export function toSummary(f: ExecutionFacts): MigrationSummary {
  const a = f.attributes;
  const deferred = f.executionTime && f.executionTime.getTime() > f.startTime.getTime() + 1000;
  return {
    migrationId: f.workflowId,
    runId: f.runId,
    kind: asString(a.MigrationKind) as MigrationKind | undefined,
    workflowType: f.type,
    executionStatus: (f.status.replace(/^WORKFLOW_EXECUTION_STATUS_/, '') || 'UNKNOWN') as ExecutionStatus,
    startTime: f.startTime.toISOString(),
    executionTime: deferred ? f.executionTime?.toISOString() : undefined,
    closeTime: f.closeTime?.toISOString(),
    step: asString(a.MigrationStep),
    outcome: asString(a.MigrationOutcome) as Outcome | undefined,
    escalated: a.Escalated === true,
    waitingSince: asString(a.WaitingSince),
    ticketIds: Array.isArray(a.TicketIds) ? a.TicketIds.map(String) : [],
    phoneNumber: asString(a.PhoneNumber),
    wabaId: asString(a.WabaId),
    partnerId: asString(a.PartnerId),
  };
}

/** Describes a migration. Throws MigrationNotFoundError for an unknown ID. */
export async function describeMigration(deps: ClientDeps, migrationId: string): Promise<MigrationSummary> {
  const handle = deps.client.workflow.getHandle(checkedMigrationId(migrationId));
  try {
    const d = await withQueryDeadline(deps, () => handle.describe());
    const attributes = Object.fromEntries(d.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    return toSummary({ ...d, workflowId: d.workflowId, status: d.status.name, attributes });
  } catch (err) {
    return translateError(err, migrationId);
  }
}
