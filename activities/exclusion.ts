/**
 * Mutual exclusion through Temporal visibility: "no partner change of a WABA while a number of it
 * is migrating, and the reverse" (docs/domain.md#mutual-exclusion). Each migration upserts MigrationKind, WabaId and
 * PhoneNumber at start (workflows/kit/tracker.ts), so running ones are found by search attributes.
 *
 * Best effort against a start race (two runs starting in the same instant may both pass): the API
 * checks the same before starting, and each run checks after its own attributes are written.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { MigrationKindKey } from '../contracts/search-attributes';
import { runningBlockersQuery, type Blocker } from '../contracts/visibility';

/**
 * A Temporal client bound to the namespace the migrations run in. Optional: without it the
 * activity uses the worker's own client (`Context.client`, same connection and namespace).
 */
export interface TemporalDeps {
  client: Client;
}

export interface ExclusionCheck {
  /** The run asking: never its own conflict. */
  selfWorkflowId: string;
  blockers: Blocker[];
}

export interface RunningMigration {
  workflowId: string;
  kind: string;
}

export interface ExclusionResult {
  conflicts: RunningMigration[];
  /** Set when the server cannot list workflows (the time-skipping test server): nothing was checked. */
  unchecked?: string;
}

const MAX_REPORTED = 20;

export function createExclusionActivities(temporal?: TemporalDeps) {
  return {
    /**
     * Lists running migrations that exclude the caller (up to 20); empty = free to go. A server
     * without a list API answers `unchecked` (said out loud, never a silent pass); other
     * visibility errors are retried like any transient failure.
     */
    async findConflictingMigrations(input: ExclusionCheck): Promise<ExclusionResult> {
      const client = temporal?.client ?? Context.current().client;
      const conflicts: RunningMigration[] = [];
      try {
        for await (const wf of client.workflow.list({
          query: runningBlockersQuery(input.blockers),
          pageSize: MAX_REPORTED + 1,
        })) {
          if (wf.workflowId === input.selfWorkflowId) continue;
          conflicts.push({
            workflowId: wf.workflowId,
            kind: wf.typedSearchAttributes.get(MigrationKindKey) ?? wf.type,
          });
          if (conflicts.length >= MAX_REPORTED) break;
        }
      } catch (err) {
        if (!isUnimplemented(err)) throw err;
        Context.current().log.warn('mutual exclusion not checked: the Temporal server cannot list workflows');
        return { conflicts: [], unchecked: 'the Temporal server cannot list workflows (no visibility API)' };
      }
      return { conflicts };
    },
  };
}

const GRPC_UNIMPLEMENTED = 12;

function isUnimplemented(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === GRPC_UNIMPLEMENTED;
}
