/**
 * Response and path schemas of the batch routes (api/routes/batches.ts): the start's answer, the
 * progress (contracts/batch.ts `BatchStatus`), a page of items, and the answers of the commands.
 * The compile-time checks at the end keep them in step with the client's types.
 */
import { z } from 'zod';
import type { InvalidBatchItem, StartBatchResult } from '../client';
import type {
  BatchCancelReport,
  BatchItemState,
  BatchItemView,
  BatchRetryReport,
  BatchStatus,
} from '../contracts/batch';
import type { Outcome } from '../contracts/migration';
import { batchIdSchema } from '../contracts/schemas';

const OUTCOMES = ['completed', 'add-as-new-number', 'failed', 'cancelled', 'stalled', 'routed-to-support'] as const;
const ITEM_STATES = ['pending', 'working', 'waiting', 'ended', 'cancelled', 'not-started'] as const;
const count = z.number().int().min(0);

export const batchParamsSchema = z.object({
  batchId: batchIdSchema.describe('the batch ID (`batchId` of the start; the workflow is `batch:<batchId>`)'),
});

const fieldIssue = z.object({ field: z.string(), message: z.string() });

export const startBatchResultSchema = z
  .object({
    batchId: z.string().describe('the given `batchId`, or a generated one'),
    runId: z.string(),
    created: z.boolean().describe('false: a batch with this `batchId` was already running (idempotent repeat)'),
    accepted: count.describe('items the batch will start'),
    skipped: z
      .array(
        z.object({
          index: count.describe("the item's position in the request's `items`"),
          issues: z.array(fieldIssue).describe('e.g. `items[3].phoneNumber`'),
        }),
      )
      .describe('with `skipInvalid`: the items left out and why'),
  })
  .meta({ id: 'StartBatchResult' });

const byState = z
  .object(Object.fromEntries(ITEM_STATES.map((s) => [s, count])) as Record<BatchItemState, typeof count>)
  .describe(
    'pending: not started yet; working: in its active (outside-call) phase; waiting: parked in a wait; ' +
      'ended: has an outcome; cancelled: a batch cancel stopped it before it started; not-started: its start was refused',
  );

export const batchStatusSchema = z
  .object({
    batchId: z.string(),
    state: z
      .enum(['scheduled', 'running', 'paused', 'cancelling', 'drained'])
      .describe('scheduled: before `windowStart`; drained: every item ended (open 7 days more for a retry)'),
    windowStart: z.string().optional(),
    limits: z.object({ concurrency: count, callsPerSecond: z.number() }),
    total: count,
    byState,
    byStep: z.record(z.string(), count).describe('open items (working or waiting) by their current step'),
    byOutcome: z
      .object(
        Object.fromEntries(OUTCOMES.map((o) => [o, count.optional()])) as Record<Outcome, z.ZodOptional<typeof count>>,
      )
      .describe('ended items by outcome'),
    waitingOnHuman: count.describe('items waiting on a person (the owner, the client, support)'),
    escalated: count.describe('open items with a support ticket'),
    retryable: count.describe(
      'items a retry would start again (failed, stalled, cancelled, routed to support, not started)',
    ),
    startedAt: z.string(),
    estimatedEndAt: z
      .string()
      .optional()
      .describe('from the pace so far; absent until an item ended, and while paused'),
    commands: z
      .array(z.object({ at: z.string(), by: z.string(), what: z.string() }))
      .describe('who paused, resumed, cancelled or retried, and when (the last 20)'),
    peakActive: count.describe('the most items in their active phase at once so far (at most `limits.concurrency`)'),
    run: z.number().int().min(1).describe('runs of the batch workflow so far (continue-as-new)'),
  })
  .meta({ id: 'BatchStatus' });

export const batchItemSchema = z
  .object({
    index: count.describe("the item's position in the start request"),
    kind: z.enum(['port-in', 'port-out']),
    migrationId: z.string().describe('a normal migration: `GET /v1/migrations/{id}` shows it'),
    state: z.enum(ITEM_STATES),
    step: z.string().optional(),
    escalated: z.boolean().optional(),
    outcome: z.enum(OUTCOMES).optional(),
    reason: z.string().optional(),
    starts: count.optional().describe('how many times the batch started it (a retry starts it again)'),
    waitingOnHuman: z.boolean(),
  })
  .meta({ id: 'BatchItem' });

export const batchItemsPageSchema = z
  .object({
    total: count.describe('items matching the filters'),
    items: z.array(batchItemSchema),
    next: count.optional().describe('the `offset` of the next page, when there is one'),
  })
  .meta({ id: 'BatchItemsPage' });

export const batchCancelReportSchema = z
  .object({
    notStarted: z.array(z.string()).describe('never started: they will not start'),
    cancelRequested: z.array(z.string()).describe('before their point of no return: each is cancelled'),
    leftToFinish: z.array(z.string()).describe('past their point of no return: left to finish'),
  })
  .meta({ id: 'BatchCancelReport' });

export const batchRetryReportSchema = z
  .object({ retried: z.array(z.string()).describe('migration IDs queued to start again') })
  .meta({ id: 'BatchRetryReport' });

/** The CSV form of an items page: one row per item, these columns, in this order. */
export const BATCH_CSV_COLUMNS = [
  'index',
  'kind',
  'migrationId',
  'state',
  'step',
  'outcome',
  'escalated',
  'waitingOnHuman',
  'reason',
] as const satisfies readonly (keyof BatchItemView)[];

// The schemas describe exactly what the client returns (a compile error here means they drifted).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T => true as T;
agree<Same<z.infer<typeof startBatchResultSchema>, StartBatchResult>>();
agree<Same<z.infer<typeof startBatchResultSchema>['skipped'][number], InvalidBatchItem>>();
agree<Same<z.infer<typeof batchStatusSchema>, BatchStatus>>();
agree<Same<z.infer<typeof batchItemSchema>, BatchItemView>>();
agree<Same<z.infer<typeof batchCancelReportSchema>, BatchCancelReport>>();
agree<Same<z.infer<typeof batchRetryReportSchema>, BatchRetryReport>>();
