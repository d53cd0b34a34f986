/**
 * Starts one batch item as a normal migration: a child workflow with the migration's usual ID,
 * abandoned by the batch on close (it outlives continue-as-new and a batch cancel), so it is
 * visible, searchable and commandable on its own, and takes its number's lease as usual.
 */
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { BatchInput, BatchItem } from '../../contracts/batch';
import type { PortInInput } from '../../contracts/port-in';
import { PortInStep } from '../../contracts/port-in';
import type { PortOutInput } from '../../contracts/port-out';
import { PortOutStep } from '../../contracts/port-out';
import {
  BatchIdKey,
  EscalatedKey,
  MigrationKindKey,
  MigrationPathKey,
  MigrationStepKey,
  PhoneNumberKey,
  WabaIdKey,
} from '../../contracts/search-attributes';
import type { MigrationResult } from '../../contracts/migration';

/** What a member reads from its memo: its batch, for the batch's callback and the worker's call limits. */
export const BATCH_MEMO = 'batch';

export type StartAnswer =
  { started: true; handle: { result(): Promise<MigrationResult> } } | { started: false; reason: string };

/** `again`: a retry of an item this batch ran before (its last run ended with a retryable outcome). */
export async function startMember(batch: BatchInput, item: BatchItem, again: boolean): Promise<StartAnswer> {
  const input = { ...batch.shared[item.kind], ...item.input } as PortInInput & PortOutInput;
  const portIn = item.kind === 'port-in';
  const e164 = input.phone.e164;
  try {
    const handle = await startChild(portIn ? 'portInWorkflow' : 'portOutWorkflow', {
      workflowId: item.migrationId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: again
        ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      typedSearchAttributes: [
        { key: MigrationKindKey, value: item.kind },
        { key: MigrationStepKey, value: portIn ? PortInStep.PREFLIGHT : PortOutStep.PREPARING },
        { key: PhoneNumberKey, value: e164 },
        { key: WabaIdKey, value: input.wabaId },
        ...(portIn ? [{ key: MigrationPathKey, value: input.path ?? 'on-premise' }] : []),
        { key: EscalatedKey, value: false },
        { key: BatchIdKey, value: batch.batchId },
      ],
      memo: { [BATCH_MEMO]: { batchId: batch.batchId, callbackUrl: batch.callbackUrl, limits: batch.limits } },
      staticSummary: portIn
        ? `Port-in ${e164} → 360dialog (${input.path === 'cloud-api' ? 'Cloud API' : 'On-Premise'}) · batch ${batch.batchId}`
        : `Port-out ${e164} ← 360dialog · batch ${batch.batchId}`,
    });
    return { started: true, handle: handle as { result(): Promise<MigrationResult> } };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return {
        started: false,
        reason: 'this number has a migration running, or one that ran before: start it on its own',
      };
    }
    throw err;
  }
}
