/**
 * What every client command shares: the Temporal client and config it runs on, input parsing
 * with zod (before anything reaches Temporal), deadlines, and handles by migration ID.
 */
import type { WabaDirectory } from '../contracts/partner-change';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import { migrationIdSchema } from '../contracts/schemas';
import type { Config } from '../temporal.config';
import type { MigrationKind } from '../contracts/migration';
import { InvalidMigrationInputError, MigrationConflictError, MigrationNotFoundError, type FieldIssue } from './errors';

/** Config keys the client reads: the task queue and the deployment's default timings. */
export type ClientConfig = Pick<
  Config,
  | 'TEMPORAL_TASK_QUEUE'
  | 'PIN_ESCALATION_AFTER'
  | 'PIN_DEADLINE'
  | 'SETUP_ESCALATION_AFTER'
  | 'SETUP_DEADLINE'
  | 'MOB_ESCALATION_AFTER'
  | 'MOB_DEADLINE'
  | 'REMINDER_EVERY'
  | 'TWO_FA_SLA'
  | 'API_KEY_PICKUP_WINDOW'
  | 'SECRET_SEALING_KEYS'
>;

export interface ClientDeps {
  client: Client;
  config: ClientConfig;
  /**
   * Lets a partner-change start refuse at once what would fail in its first step (unknown WABA,
   * already with that partner). Without it, the start answers with `pendingChecks`.
   */
  wabas?: WabaDirectory;
  /** How long a query or update may take before the caller gets MigrationServiceUnavailableError. */
  timeouts?: { queryMs?: number; updateMs?: number };
}

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;
// An update waits for its handler; PIN verification calls Meta, which may take a few seconds.
export const DEFAULT_UPDATE_TIMEOUT_MS = 30_000;

/** zod issues as `{field, message}`, the shape the HTTP API returns too. */
export function toFieldIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path] as PropertyKey[];
    // An unknown key is the caller's field too: name it rather than the object around it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldName([...path, key]), message: 'unknown field' }));
    }
    return [{ field: fieldName(path), message: issue.message }];
  });
}

/** `phoneNumbers[2]`, `attestations.adminAccess`: how people write a path into a JSON body. */
function fieldName(path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
    '',
  );
}

/** Parses an input or throws InvalidMigrationInputError with every field issue at once. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidMigrationInputError(toFieldIssues(parsed.error), { cause: parsed.error });
  return parsed.data;
}

/**
 * A syntactically impossible ID cannot name a migration: that is "not found", not bad input.
 * With `kind`, a command meant for one kind (a PIN for a port-in) is refused for the others.
 */
export function checkedMigrationId(migrationId: string, kind?: MigrationKind): string {
  if (!migrationIdSchema.safeParse(migrationId).success) throw new MigrationNotFoundError(String(migrationId));
  if (kind && !migrationId.startsWith(`${kind}:`))
    throw new MigrationConflictError(migrationId, `this applies to ${kind} migrations only`);
  return migrationId;
}

export function handleFor(deps: ClientDeps, migrationId: string): WorkflowHandle {
  return deps.client.workflow.getHandle(checkedMigrationId(migrationId));
}

export function withQueryDeadline<T>(deps: ClientDeps, fn: () => Promise<T>): Promise<T> {
  return deps.client.withDeadline(Date.now() + (deps.timeouts?.queryMs ?? DEFAULT_QUERY_TIMEOUT_MS), fn);
}

export function withUpdateDeadline<T>(deps: ClientDeps, fn: () => Promise<T>): Promise<T> {
  return deps.client.withDeadline(Date.now() + (deps.timeouts?.updateMs ?? DEFAULT_UPDATE_TIMEOUT_MS), fn);
}
