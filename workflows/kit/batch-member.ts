/**
 * A migration started by a batch tells its batch when its phase changes (working, parked in a wait,
 * ended), so the batch can pace its starts and count. Changes within one workflow task go out as one
 * signal. A migration not started by a batch (and every run started before batches existed) has no
 * membership and issues no command for it.
 */
import { getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import { isBatchWorkflowId, type BatchItemReport } from '../../contracts/batch';
import { batchItemReportSignal } from '../../contracts/messages';
import { acts } from './activities';

interface BatchMemo {
  batchId: string;
  callbackUrl?: string;
}

export class BatchMembership {
  private readonly pending: Promise<void>[] = [];
  private latest?: () => BatchItemReport;
  private scheduled = false;

  private constructor(
    private readonly batchWorkflowId: string,
    private readonly memo: BatchMemo,
  ) {}

  /** This run's membership, when a batch started it. */
  static ofThisRun(): BatchMembership | undefined {
    const parent = workflowInfo().parent?.workflowId;
    const memo = workflowInfo().memo?.batch as BatchMemo | undefined;
    if (!isBatchWorkflowId(parent) || typeof memo?.batchId !== 'string') return undefined;
    return new BatchMembership(parent, memo);
  }

  /** Queues a report; the newest state at the end of this workflow task is the one sent. */
  changed(report: () => BatchItemReport): void {
    this.latest = report;
    if (this.scheduled) return;
    this.scheduled = true;
    this.pending.push(
      Promise.resolve().then(async () => {
        this.scheduled = false;
        const r = (this.latest as () => BatchItemReport)();
        if (r.phase === 'ended') this.announceEnd(r);
        await getExternalWorkflowHandle(this.batchWorkflowId)
          .signal(batchItemReportSignal, r)
          .catch((err: unknown) => log.warn('batch report not delivered', { error: String(err) }));
      }),
    );
  }

  /** `batch.item_ended` on the batch's callback (the item's own callback gets `migration.<outcome>`). */
  private announceEnd(r: BatchItemReport): void {
    const url = this.memo.callbackUrl;
    if (!url) return;
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const event = {
      id: `${workflowId}:${firstExecutionRunId}:batch-item-ended`,
      type: 'batch.item_ended',
      migrationId: workflowId,
      occurredAt: new Date().toISOString(),
      data: { batchId: this.memo.batchId, outcome: r.outcome, step: r.step, reason: r.reason },
    };
    this.pending.push(
      acts.notifyRequester({ url, event }).catch((err: unknown) => {
        log.warn('batch callback delivery gave up', { error: String(err) });
      }),
    );
  }

  /** Awaits every report and event queued so far (before the run returns). */
  async flush(): Promise<void> {
    for (let n = 0; n < this.pending.length; n = this.pending.length) await Promise.all(this.pending.slice(n));
  }
}
