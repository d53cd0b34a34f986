/**
 * Starts a batch: every item is checked as its own start would be (defaults merged in) before
 * anything reaches Temporal, then one batch workflow starts and paces them. Nothing starts when an
 * item is invalid, unless the request says `skipInvalid`.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { batchWorkflowId, type BatchInput, type BatchItem, type BatchItemKind } from '../contracts/batch';
import { startBatchSchema, type StartBatchCommand, type StartBatchRequest } from '../contracts/schemas';
import { BatchIdKey } from '../contracts/search-attributes';
import type { batchWorkflow } from '../workflows';
import { parseInput, type ClientDeps } from './context';
import { InvalidBatchItemsError, InvalidMigrationInputError, MigrationConflictError, type FieldIssue } from './errors';
import type { StartSpec } from './start-migration';
import { portInStartSpec } from './start-port-in';
import { portOutStartSpec } from './start-port-out';
import { translateError } from './translate-error';

export interface InvalidBatchItem {
  index: number;
  issues: FieldIssue[];
}

export interface StartBatchResult {
  batchId: string;
  runId: string;
  /** False when a batch with this `batchId` was already running (an idempotent repeat). */
  created: boolean;
  /** Items the batch will start. */
  accepted: number;
  /** With `skipInvalid`: the items left out and why (their index in the request). */
  skipped: InvalidBatchItem[];
}

// Temporal refuses a payload over 2 MB; stay clear of it with room for the encryption codec.
const MAX_INPUT_BYTES = 1_500_000;
const MARKER = 'startRequestId';

export async function startBatch(deps: ClientDeps, request: StartBatchRequest): Promise<StartBatchResult> {
  const cmd = parseInput(startBatchSchema, request);
  const { items, invalid } = checkItems(deps, cmd);
  if (invalid.length && !cmd.skipInvalid) {
    throw new InvalidBatchItemsError(invalid.flatMap((i) => i.issues));
  }
  if (!items.length) {
    throw new InvalidBatchItemsError([
      ...invalid.flatMap((i) => i.issues),
      { field: 'items', message: 'no valid item to start' },
    ]);
  }
  const batchId = cmd.batchId ?? randomUUID();
  const input: BatchInput = {
    batchId,
    limits: { concurrency: cmd.concurrency, callsPerSecond: cmd.callsPerSecond },
    windowStart: cmd.windowStart && new Date(cmd.windowStart).toISOString(),
    callbackUrl: cmd.callbackUrl,
    ...factorShared(items),
  };
  if (Buffer.byteLength(JSON.stringify(input)) > MAX_INPUT_BYTES) {
    throw new InvalidMigrationInputError([
      { field: 'items', message: 'the items carry too much data: move the fields they share into defaults' },
    ]);
  }
  const workflowId = batchWorkflowId(batchId);
  const marker = randomUUID();
  try {
    const handle = await deps.client.workflow.start<typeof batchWorkflow>('batchWorkflow', {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: BatchIdKey, value: batchId }],
      memo: { [MARKER]: marker },
      staticSummary: `Batch ${batchId}: ${summaryOf(items)}`,
      staticDetails: `Items: \`BatchId = "${batchId}"\` in the workflow list. Concurrency ${cmd.concurrency}, ${cmd.callsPerSecond} outside calls/s.`,
    });
    const description = await handle.describe();
    return {
      batchId,
      runId: handle.firstExecutionRunId,
      created: description.memo?.[MARKER] === marker,
      accepted: items.length,
      skipped: invalid,
    };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new MigrationConflictError(workflowId, 'a batch with this batchId already ran; choose another batchId', {
        cause: err,
      });
    }
    translateError(err, workflowId);
  }
}

interface CheckedItem {
  kind: BatchItemKind;
  spec: StartSpec<'portInWorkflow'> | StartSpec<'portOutWorkflow'>;
}

/** Each item parsed by its kind's start schema; duplicates (one number twice) named by index. */
function checkItems(deps: ClientDeps, cmd: StartBatchCommand): { items: CheckedItem[]; invalid: InvalidBatchItem[] } {
  const items: CheckedItem[] = [];
  const invalid: InvalidBatchItem[] = [];
  const seen = new Map<string, number>();
  cmd.items.forEach((raw, index) => {
    const { kind, ...fields } = raw;
    const at = `items[${index}]`;
    if ('portingWindowStart' in fields) {
      invalid.push({ index, issues: [{ field: `${at}.portingWindowStart`, message: "use the batch's windowStart" }] });
      return;
    }
    const request = { ...cmd.defaults?.[kind], ...fields };
    try {
      const spec =
        kind === 'port-in' ? portInStartSpec(deps, request as never) : portOutStartSpec(deps, request as never);
      const number = spec.migrationId.slice(spec.migrationId.indexOf(':') + 1);
      const first = seen.get(number);
      if (first !== undefined) {
        invalid.push({
          index,
          issues: [{ field: `${at}.phoneNumber`, message: `the same number as items[${first}]` }],
        });
        return;
      }
      seen.set(number, index);
      items.push({ kind, spec });
    } catch (err) {
      if (!(err instanceof InvalidMigrationInputError)) throw err;
      invalid.push({
        index,
        issues: err.issues.map((i) => ({ field: i.field ? `${at}.${i.field}` : at, message: i.message })),
      });
    }
  });
  return { items, invalid };
}

/** Fields equal across every item of a kind are kept once in `shared`, the rest per item. */
function factorShared(checked: CheckedItem[]): Pick<BatchInput, 'shared' | 'items'> {
  const shared: BatchInput['shared'] = {};
  for (const kind of ['port-in', 'port-out'] as const) {
    const inputs = checked
      .filter((c) => c.kind === kind)
      .map((c) => c.spec.input as unknown as Record<string, unknown>);
    const [first] = inputs;
    if (!first) continue;
    const common: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(first)) {
      const json = JSON.stringify(value);
      if (inputs.every((i) => JSON.stringify(i[key]) === json)) common[key] = value;
    }
    shared[kind] = common;
  }
  const items: BatchItem[] = checked.map(({ kind, spec }) => {
    const common = (shared[kind] ?? {}) as Record<string, unknown>;
    const own = Object.entries(spec.input).filter(([key]) => !(key in common));
    return { kind, migrationId: spec.migrationId, input: Object.fromEntries(own) };
  });
  return { shared, items };
}

function summaryOf(items: CheckedItem[]): string {
  const ins = items.filter((i) => i.kind === 'port-in').length;
  const parts = [
    ins && `${ins} port-in${ins === 1 ? '' : 's'}`,
    items.length - ins && `${items.length - ins} port-out${items.length - ins === 1 ? '' : 's'}`,
  ];
  return parts.filter(Boolean).join(', ');
}
