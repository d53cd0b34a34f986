/**
 * Requests cancellation of a migration. The workflow ends with outcome `cancelled` and tells the
 * requester; the reason is recorded on the cancel-request event in history (visible in the UI).
 */
import { randomUUID } from 'node:crypto';
import { cancelSchema, type CancelRequest } from '../contracts/schemas';
import { checkedMigrationId, parseInput, withQueryDeadline, type ClientDeps } from './context';
import { describeMigration } from './describe';
import { MigrationConflictError } from './errors';
import { translateMutationError } from './translate-error';

/** Throws MigrationNotFoundError for an unknown ID, MigrationConflictError when it already ended. */
export async function cancelMigration(deps: ClientDeps, migrationId: string, request: CancelRequest): Promise<void> {
  const { reason } = parseInput(cancelSchema, request);
  const workflowId = checkedMigrationId(migrationId);
  // The server accepts a cancel request for a closed run silently: say so instead.
  const { executionStatus } = await describeMigration(deps, workflowId);
  if (executionStatus !== 'RUNNING')
    throw new MigrationConflictError(migrationId, `the migration has already ended (${executionStatus})`);
  const { client } = deps;
  try {
    // The raw call, because `handle.cancel()` cannot carry a reason.
    await withQueryDeadline(deps, () =>
      client.workflowService.requestCancelWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId },
        identity: client.options.identity,
        requestId: randomUUID(),
        reason,
      }),
    );
  } catch (err) {
    await translateMutationError(deps, err, migrationId);
  }
}
