/**
 * A batch after its start: progress (the batch workflow's query), its items page by page, and the
 * commands ops send it (pause, resume, cancel, retry), each a validated update.
 */
import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, type UpdateDefinition, type WorkflowHandle } from '@temporalio/client';
import {
  batchWorkflowId,
  type BatchCancelReport,
  type BatchItemsPage,
  type BatchRetryReport,
  type BatchStatus,
} from '../contracts/batch';
import {
  cancelBatchUpdate,
  getBatchItemsQuery,
  getBatchStatusQuery,
  pauseBatchUpdate,
  resumeBatchUpdate,
  retryBatchUpdate,
} from '../contracts/messages';
import {
  batchCommandSchema,
  batchIdSchema,
  cancelBatchSchema,
  listBatchItemsSchema,
  type BatchCommandRequest,
  type CancelBatchRequest,
  type ListBatchItemsRequest,
} from '../contracts/schemas';
import { parseInput, withQueryDeadline, withUpdateDeadline, type ClientDeps } from './context';
import { MigrationNotFoundError } from './errors';
import { translateError, translateMutationError } from './translate-error';

function batchHandle(deps: ClientDeps, batchId: string): { handle: WorkflowHandle; workflowId: string } {
  if (!batchIdSchema.safeParse(batchId).success) throw new MigrationNotFoundError(batchWorkflowId(String(batchId)));
  const workflowId = batchWorkflowId(batchId);
  return { handle: deps.client.workflow.getHandle(workflowId), workflowId };
}

export async function getBatch(deps: ClientDeps, batchId: string): Promise<BatchStatus> {
  const { handle, workflowId } = batchHandle(deps, batchId);
  try {
    return await withQueryDeadline(deps, () => handle.query(getBatchStatusQuery));
  } catch (err) {
    return translateError(err, workflowId);
  }
}

export async function listBatchItems(
  deps: ClientDeps,
  batchId: string,
  request: ListBatchItemsRequest = {},
): Promise<BatchItemsPage> {
  const query = parseInput(listBatchItemsSchema, request);
  const { handle, workflowId } = batchHandle(deps, batchId);
  try {
    return await withQueryDeadline(deps, () => handle.query(getBatchItemsQuery, query));
  } catch (err) {
    return translateError(err, workflowId);
  }
}

async function command<Ret, Arg>(
  deps: ClientDeps,
  batchId: string,
  def: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  const { handle, workflowId } = batchHandle(deps, batchId);
  // One ID for both tries: Temporal runs an update ID once, so the second try cannot act twice.
  const updateId = `${def.name}:${randomUUID()}`;
  const send = () => withUpdateDeadline(deps, () => handle.executeUpdate(def, { args: [arg], updateId }));
  try {
    return await send().catch((err: unknown) => {
      // The server may drop an update whose workflow task it lost (seen right after a refused one): ask once more.
      const cause = (err as { cause?: unknown }).cause;
      if (isGrpcServiceError(cause ?? err) && /unexpected workflow task failure/.test(String(cause ?? err)))
        return send();
      throw err;
    });
  } catch (err) {
    return translateMutationError(deps, err, workflowId, def.name);
  }
}

/** No new item starts until resumed; running items go on. */
export const pauseBatch = (deps: ClientDeps, batchId: string, request: BatchCommandRequest): Promise<BatchStatus> =>
  command(deps, batchId, pauseBatchUpdate, parseInput(batchCommandSchema, request));

export const resumeBatch = (deps: ClientDeps, batchId: string, request: BatchCommandRequest): Promise<BatchStatus> =>
  command(deps, batchId, resumeBatchUpdate, parseInput(batchCommandSchema, request));

/** Items not started never start; started ones before their point of no return are cancelled; the rest finish. */
export const cancelBatch = (
  deps: ClientDeps,
  batchId: string,
  request: CancelBatchRequest,
): Promise<BatchCancelReport> => command(deps, batchId, cancelBatchUpdate, parseInput(cancelBatchSchema, request));

/** Starts again the items that failed, stalled, were cancelled or could not start. */
export const retryBatch = (
  deps: ClientDeps,
  batchId: string,
  request: BatchCommandRequest,
): Promise<BatchRetryReport> => command(deps, batchId, retryBatchUpdate, parseInput(batchCommandSchema, request));
