/**
 * A batch of port-ins and port-outs for one client. The steps:
 *   1. wait for the window, if one was given;
 *   2. start items as child migrations while fewer than `concurrency` are in their active phase
 *      (members report when they park in a wait and when they end), never while paused;
 *   3. carry on past failures: an item's end is counted, never thrown;
 *   4. once every item is accounted for, tell the requester and stay open for retries a while.
 * History stays bounded: past CONTINUE_AFTER_EVENTS the run continues as new, carrying the book.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { BatchInput, BatchResult, BatchStatus } from '../../contracts/batch';
import {
  batchItemReportSignal,
  cancelBatchUpdate,
  getBatchItemsQuery,
  getBatchStatusQuery,
  pauseBatchUpdate,
  resumeBatchUpdate,
  retryBatchUpdate,
} from '../../contracts/messages';
import { acts } from '../kit/activities';
import { Notifier } from '../kit/notifier';
import { BatchBook, type BatchCarry } from './book';
import { startMember } from './members';
import { renderBatchDetails } from './details';

const CONTINUE_AFTER_EVENTS = 8_000;
const SWEEP_EVERY = '1 hour';
/** How long a batch whose items all ended stays open for "retry the failed items". */
export const RETRY_WINDOW = '7 days';

export interface BatchRunCarry extends BatchCarry {
  eventsSent: number;
}

export async function batchWorkflow(input: BatchInput, carry?: BatchRunCarry): Promise<BatchResult> {
  const book = new BatchBook(input, carry);
  const notifier = new Notifier(input.callbackUrl, workflowInfo().workflowId, carry?.eventsSent ?? 0);
  const windowOpen = () => !input.windowStart || Date.now() >= Date.parse(input.windowStart);
  let closing = false;
  let drainedNoticeSent = false;

  const status = (): BatchStatus => ({
    batchId: input.batchId,
    state:
      book.drained && book.queue.length === 0
        ? 'drained'
        : book.cancelling
          ? 'cancelling'
          : book.paused
            ? 'paused'
            : windowOpen()
              ? 'running'
              : 'scheduled',
    windowStart: input.windowStart,
    limits: input.limits,
    total: input.items.length,
    ...book.counts(),
    retryable: book.retryable().length,
    startedAt: book.startedAt,
    estimatedEndAt: book.estimate(),
    run: book.run,
    commands: book.commands,
    peakActive: book.peakActive,
  });
  const rendered = renderBatchDetails(input, status);

  setHandler(batchItemReportSignal, (report) => {
    book.report(report);
    rendered.soon();
  });
  setHandler(getBatchStatusQuery, status);
  setHandler(getBatchItemsQuery, (q) => book.page(q));
  setHandler(
    pauseBatchUpdate,
    ({ by }) => {
      book.paused = true;
      book.command(by, 'paused');
      rendered.soon();
      return status();
    },
    { validator: (_) => refuseWhen(book.drained, 'BatchDrained', 'every item has ended: nothing to pause') },
  );
  setHandler(
    resumeBatchUpdate,
    ({ by }) => {
      book.paused = false;
      book.command(by, 'resumed');
      rendered.soon();
      return status();
    },
    { validator: (_) => refuseWhen(!book.paused, 'NotPaused', 'the batch is not paused') },
  );
  setHandler(cancelBatchUpdate, async ({ by, reason }) => {
    if (book.drained) closing = true;
    book.command(by, `cancelled: ${reason}`);
    const report = book.cancel(reason);
    rendered.soon();
    // Each item hears it as its own cancel: it ends 'cancelled' and releases its number.
    await Promise.all(
      report.cancelRequested.map((id) =>
        getExternalWorkflowHandle(id)
          .cancel()
          .catch(() => undefined),
      ),
    );
    return report;
  });
  setHandler(
    retryBatchUpdate,
    ({ by }) => {
      const retried = book.retry();
      book.command(by, `retried ${retried.length} items`);
      drainedNoticeSent = false;
      rendered.soon();
      return { retried };
    },
    {
      validator: (_) =>
        refuseWhen(book.retryable().length === 0, 'NothingToRetry', 'no item failed, stalled or was cancelled'),
    },
  );

  void sweepClosedItems(book);
  if (!carry)
    notifier.emit('batch.started', {
      batchId: input.batchId,
      items: input.items.length,
      windowStart: input.windowStart,
    });
  rendered.now();
  if (!windowOpen()) await sleep(Date.parse(input.windowStart as string) - Date.now());

  for (;;) {
    await condition(() => closing || book.mayStart() || book.drained || timeToContinue());
    if (closing) break;
    if (book.drained) {
      if (!drainedNoticeSent) {
        drainedNoticeSent = true;
        notifier.emit('batch.completed', { batchId: input.batchId, ...book.counts() });
        rendered.now();
      }
      const more = await condition(() => closing || !book.drained || timeToContinue(), RETRY_WINDOW);
      if (!more || closing) break;
    }
    if (timeToContinue()) {
      await notifier.flush();
      await condition(() => allHandlersFinished() && book.starting === 0);
      await continueAsNew<typeof batchWorkflow>(input, { ...book.carry(), eventsSent: notifier.sent });
    }
    while (book.mayStart()) startOne(book);
    rendered.soon();
  }
  await notifier.flush();
  await condition(allHandlersFinished);
  const { byOutcome, byState } = book.counts();
  return {
    batchId: input.batchId,
    total: input.items.length,
    byOutcome,
    notStarted: byState['not-started'] + byState.cancelled,
  };

  function timeToContinue(): boolean {
    return (
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.continueAfterEvents ?? CONTINUE_AFTER_EVENTS)
    );
  }
}

/**
 * Every hour while items are open: items that closed without a report (terminated by an operator,
 * or ended while the batch was between runs) are found in visibility and counted as ended.
 */
async function sweepClosedItems(book: BatchBook): Promise<void> {
  for (;;) {
    await condition(() => book.open > 0);
    await sleep(book.input.sweepEvery ?? SWEEP_EVERY);
    if (book.open === 0) continue;
    const now = new Date().toISOString();
    // Visibility lags its writes by a moment: look back a little before the last sweep.
    const since = new Date(Date.parse(book.lastSweepAt) - 5 * 60_000).toISOString();
    const closed = await acts.findClosedBatchItems({ batchId: book.input.batchId, since });
    for (const item of closed) book.closedUnreported(item.migrationId, item.outcome, item.reason);
    book.lastSweepAt = now;
  }
}

/** Starts one item without waiting: its report (or its end, if it never reports) updates the book. */
function startOne(book: BatchBook): void {
  const i = book.take();
  const item = book.item(i);
  void startMember(book.input, item, (book.record(i).starts ?? 0) > 0).then((answer) => {
    if (!answer.started) return book.notStarted(i, answer.reason);
    book.started(i);
    // Cancelled while its start was in flight: it hears the cancel as soon as its start is confirmed.
    if (book.cancelOnStart.delete(i))
      void getExternalWorkflowHandle(item.migrationId)
        .cancel()
        .catch(() => undefined);
    answer.handle.result().then(
      (result) => book.closedUnreported(item.migrationId, result.outcome, result.reason ?? 'ended'),
      () => book.closedUnreported(item.migrationId, 'failed', 'the migration closed without an outcome (terminated?)'),
    );
  });
}

function refuseWhen(refused: boolean, type: string, message: string): void {
  if (refused) throw ApplicationFailure.nonRetryable(message, type);
}

export type { BatchStatus };
