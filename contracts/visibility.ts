/**
 * Visibility queries, built in one place: the exclusion rules between flows (which running
 * migrations block which) and the list filters of the client and API. Every value goes in as an
 * escaped string literal, so no input can change a query's shape.
 */
import { MIGRATION_KINDS, type MigrationKind } from './migration';
import { phoneForms } from './phone-number';
import type { ListMigrationsFilter } from './schemas';

/** Running migrations of these kinds block, matched by WABA and/or phone number. */
export interface Blocker {
  kinds: MigrationKind[];
  wabaId?: string;
  phoneNumber?: string;
}

/** A visibility-query string literal: quotes and backslashes escaped. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One migration per number (either Brazilian form), and none while its WABA changes partner. */
export function portInBlockers(wabaId: string, e164: string): Blocker[] {
  return [
    { kinds: ['partner-change'], wabaId },
    ...phoneForms(e164).map((phoneNumber): Blocker => ({ kinds: ['port-out'], phoneNumber })),
  ];
}

/** The mirror of portInBlockers. */
export function portOutBlockers(wabaId: string, e164: string): Blocker[] {
  return [
    { kinds: ['partner-change'], wabaId },
    ...phoneForms(e164).map((phoneNumber): Blocker => ({ kinds: ['port-in'], phoneNumber })),
  ];
}

/** No partner change while a number of the WABA is migrating. */
export function partnerChangeBlockers(wabaId: string): Blocker[] {
  return [{ kinds: ['port-in', 'port-out'], wabaId }];
}

/** Running migrations that match any of the blockers. */
export function runningBlockersQuery(blockers: Blocker[]): string {
  const clauses = blockers.map((b) => {
    const parts = [`MigrationKind IN (${b.kinds.map(literal).join(', ')})`];
    if (b.wabaId) parts.push(`WabaId = ${literal(b.wabaId)}`);
    if (b.phoneNumber) parts.push(`PhoneNumber = ${literal(b.phoneNumber)}`);
    return `(${parts.join(' AND ')})`;
  });
  return `ExecutionStatus = 'Running' AND (${clauses.join(' OR ')})`;
}

/** The list filter of `GET /v1/migrations` and `client.listMigrations`. */
export function migrationListQuery(f: ListMigrationsFilter): string {
  const clauses: string[] = [
    f.kind ? `MigrationKind = ${literal(f.kind)}` : `MigrationKind IN (${MIGRATION_KINDS.map(literal).join(', ')})`,
  ];
  if (f.step) clauses.push(`MigrationStep = ${literal(f.step)}`);
  if (f.outcome) clauses.push(`MigrationOutcome = ${literal(f.outcome)}`);
  if (f.escalated !== undefined) clauses.push(`Escalated = ${f.escalated ? 'true' : 'false'}`);
  if (f.running !== undefined) clauses.push(f.running ? `ExecutionStatus = 'Running'` : `ExecutionStatus != 'Running'`);
  // Brazilian mobiles may be registered with or without the extra 9: match both spellings.
  if (f.phone) clauses.push(`PhoneNumber IN (${phoneForms(f.phone.e164).map(literal).join(', ')})`);
  if (f.waba) clauses.push(`WabaId = ${literal(f.waba)}`);
  if (f.waitingSinceBefore) clauses.push(`WaitingSince < ${literal(new Date(f.waitingSinceBefore).toISOString())}`);
  return clauses.join(' AND ');
}
