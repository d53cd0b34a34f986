/**
 * Idempotent start shared by every kind: `USE_EXISTING` returns the run already open for the ID,
 * `ALLOW_DUPLICATE_FAILED_ONLY` refuses to repeat a closed one. A migration that *ended* without
 * success (our workflows return outcomes such as `cancelled` or `stalled` as normal results, which
 * Temporal counts as completed) may be started again; a successful one never is.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type WorkflowIdReusePolicy } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { MigrationKind, Outcome } from '../contracts/migration';
import type { partnerChangeWorkflow, portInWorkflow, portOutWorkflow } from '../workflows';
import { runningBlockersQuery, type Blocker } from '../contracts/visibility';
import { EscalatedKey, MigrationKindKey, MigrationOutcomeKey, MigrationStepKey } from '../contracts/search-attributes';
import type { ClientDeps } from './context';
import { MigrationConflictError } from './errors';
import { RESTARTABLE } from './start-again';
import { INPUT_DIGESTS, inputDigests, refuseOtherInput } from './start-fingerprint';
import { translateError } from './translate-error';

export interface StartMigrationResult {
  migrationId: string;
  runId: string;
  /** False when the call found the migration already running (an idempotent repeat). */
  created: boolean;
  /** Checks the migration's first step still has to make (the start could not make them itself). */
  pendingChecks?: string[];
  /** Set when the start is deferred to a porting window. */
  scheduledFor?: string;
}

/** The workflow types a migration starts, by name; the input of each is checked at compile time. */
interface MigrationWorkflows {
  portInWorkflow: typeof portInWorkflow;
  portOutWorkflow: typeof portOutWorkflow;
  partnerChangeWorkflow: typeof partnerChangeWorkflow;
}
export type MigrationWorkflowType = keyof MigrationWorkflows;

export interface StartSpec<T extends MigrationWorkflowType = MigrationWorkflowType> {
  migrationId: string;
  workflowType: T;
  input: Parameters<MigrationWorkflows[T]>[0];
  searchAttributes: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
  startAt?: Date;
  /** Running migrations of other kinds that exclude this one (the workflow checks again). */
  blockers?: Blocker[];
  /** The normalised request, field by field: a repeat while it runs must ask for the same. */
  fingerprint: Record<string, unknown>;
}

/**
 * What a migration starts with in visibility: its kind, first step, what it is about, and
 * `Escalated = false` set explicitly so that a query for the quiet ones finds it too.
 */
export function initialSearchAttributes(
  kind: MigrationKind,
  step: string,
  about: SearchAttributePair[],
): SearchAttributePair[] {
  return [
    { key: MigrationKindKey, value: kind },
    { key: MigrationStepKey, value: step },
    ...about,
    { key: EscalatedKey, value: false },
  ];
}

// The start marker tells a new run from an existing one: USE_EXISTING answers both with the run ID.
const MARKER = 'startRequestId';

export async function startMigration<T extends MigrationWorkflowType>(
  deps: ClientDeps,
  spec: StartSpec<T>,
): Promise<StartMigrationResult> {
  await refuseWhenBlocked(deps, spec);
  try {
    const started = await start(deps, spec, 'ALLOW_DUPLICATE_FAILED_ONLY');
    if (started.created || !(await closedAfterItsOutcome(deps, spec.migrationId))) return started;
    return await start(deps, spec, 'ALLOW_DUPLICATE_FAILED_ONLY');
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) translateError(err, spec.migrationId);
    const previous = await deps.client.workflow
      .getHandle(spec.migrationId)
      .describe()
      .catch((e: unknown) => translateError(e, spec.migrationId));
    const outcome = previous.typedSearchAttributes.get(MigrationOutcomeKey) as Outcome | undefined;
    if (outcome && RESTARTABLE.has(outcome)) {
      return start(deps, spec, 'ALLOW_DUPLICATE').catch((e: unknown) => translateError(e, spec.migrationId));
    }
    throw new MigrationConflictError(
      spec.migrationId,
      `this migration already ended with outcome "${outcome ?? previous.status.name}" and cannot be started again`,
      {
        cause: err,
      },
    );
  }
}

async function start<T extends MigrationWorkflowType>(
  deps: ClientDeps,
  spec: StartSpec<T>,
  reuse: WorkflowIdReusePolicy,
): Promise<StartMigrationResult> {
  const marker = randomUUID();
  const digests = inputDigests(spec.migrationId, spec.fingerprint);
  const startDelay = spec.startAt ? Math.max(spec.startAt.getTime() - Date.now(), 1) : undefined;
  // By name (the client does not load workflow code), typed by reference: start<typeof portInWorkflow>.
  const handle = await deps.client.workflow.start<MigrationWorkflows[T]>(spec.workflowType, {
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    workflowId: spec.migrationId,
    args: [spec.input] as Parameters<MigrationWorkflows[T]>,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: reuse,
    typedSearchAttributes: spec.searchAttributes,
    memo: { [MARKER]: marker, [INPUT_DIGESTS]: digests },
    staticSummary: spec.staticSummary,
    staticDetails: spec.staticDetails,
    startDelay,
  });
  const description = await handle.describe();
  const created = description.memo?.[MARKER] === marker;
  if (!created) refuseOtherInput(spec.migrationId, description.memo?.[INPUT_DIGESTS], digests);
  const executionTime = description.executionTime ?? description.startTime;
  return {
    migrationId: spec.migrationId,
    runId: handle.firstExecutionRunId,
    created,
    scheduledFor:
      executionTime.getTime() > description.startTime.getTime() + 1000 ? executionTime.toISOString() : undefined,
  };
}

/**
 * A run that already has its outcome but is still open (giving its leases back, delivering the
 * outcome's callback: a second or so) is waited for, so that "cancelled, start again" gets the new
 * run the status promised rather than the closing one. True when such a run has now closed,
 * including one that closed between the start call and this look.
 */
async function closedAfterItsOutcome(deps: ClientDeps, migrationId: string): Promise<boolean> {
  const handle = deps.client.workflow.getHandle(migrationId);
  const d = await handle.describe();
  if (d.status.name !== 'RUNNING') return true;
  if (!d.typedSearchAttributes.get(MigrationOutcomeKey)) return false;
  // Short looks rather than a long poll on the result: nothing is left pending when patience ends
  // (a dangling history poll outlived the client once and failed the caller's shutdown).
  const giveUpAt = Date.now() + CLOSING_PATIENCE_MS;
  while (Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, CLOSING_LOOK_MS));
    if ((await handle.describe()).status.name !== 'RUNNING') return true;
  }
  return false;
}
const CLOSING_PATIENCE_MS = 10_000;
const CLOSING_LOOK_MS = 200;

/** Fails fast with 409 instead of starting a run that would end at once as "blocked". */
async function refuseWhenBlocked(deps: ClientDeps, spec: StartSpec): Promise<void> {
  if (!spec.blockers?.length) return;
  const conflicts: string[] = [];
  try {
    for await (const wf of deps.client.workflow.list({ query: runningBlockersQuery(spec.blockers), pageSize: 10 })) {
      if (wf.workflowId !== spec.migrationId) conflicts.push(wf.workflowId);
      if (conflicts.length >= 5) break;
    }
  } catch (err) {
    translateError(err, spec.migrationId);
  }
  if (conflicts.length) {
    throw new MigrationConflictError(
      spec.migrationId,
      `migrations in progress exclude this one: ${conflicts.join(', ')}`,
    );
  }
}
