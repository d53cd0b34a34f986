/**
 * Workflow interceptors module (registered in workers/bundle-options.ts): a migration started by a
 * batch (memo `batch`, workflows/batch/members.ts) tags each of its outside-call activities with the
 * batch's limits, so the worker can hold the whole batch to them (workers/batch-call-limits.ts).
 * A run without the memo (single migrations, runs started before batches existed) is left
 * untouched. Only headers are added: commands stay the same, and headers are not checked on replay.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import {
  workflowInfo,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { BatchLimits } from '../../contracts/batch';
import { BATCH_MEMO } from '../batch/members';

export const BATCH_LIMITS_HEADER = 'batch-limits';

/** The header's payload: one batch's limits, shared by all its members' activities. */
export interface BatchCallLimits extends BatchLimits {
  batchId: string;
}

// These make no call to the rate-limited services: Temporal only (leases, the register ledger,
// visibility), the requester's own callback URL, or nothing at all (a PIN drawn locally).
const NOT_OUTSIDE_CALLS: ReadonlySet<string> = new Set<keyof Activities>([
  'acquireLease',
  'recordRegisterCall',
  'findConflictingMigrations',
  'findClosedBatchItems',
  'notifyRequester',
  'createTwoFactorPin',
]);

export function isOutsideCall(activityType: string): boolean {
  return !NOT_OUTSIDE_CALLS.has(activityType);
}

/** The batch's limits from a member's memo value; undefined when absent or malformed. */
export function batchCallLimits(memo: unknown): BatchCallLimits | undefined {
  if (typeof memo !== 'object' || memo === null) return undefined;
  const { batchId, limits } = memo as { batchId?: unknown; limits?: unknown };
  if (typeof batchId !== 'string' || !batchId || typeof limits !== 'object' || limits === null) return undefined;
  const { concurrency, callsPerSecond } = limits as { concurrency?: unknown; callsPerSecond?: unknown };
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1) return undefined;
  if (typeof callsPerSecond !== 'number' || !Number.isFinite(callsPerSecond) || callsPerSecond <= 0) return undefined;
  return { batchId, concurrency, callsPerSecond };
}

class BatchCallHeader implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return next(withHeader(input));
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return next(withHeader(input));
  }
}

/** The same input object when nothing is to add: a run without the memo sees no difference at all. */
function withHeader<T extends ActivityInput | LocalActivityInput>(input: T): T {
  if (!isOutsideCall(input.activityType)) return input;
  // Read at each call, not once at start: the memo is part of the run's state and replays the same.
  const limits = batchCallLimits(workflowInfo().memo?.[BATCH_MEMO]);
  if (!limits) return input;
  return { ...input, headers: { ...input.headers, [BATCH_LIMITS_HEADER]: defaultPayloadConverter.toPayload(limits) } };
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ outbound: [new BatchCallHeader()] });
