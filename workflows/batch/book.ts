/**
 * The batch's bookkeeping: one record per item, the queue of items to start, and the counts ops see.
 * Plain data in, plain data out (`carry()`), so continue-as-new hands it to the next run whole.
 */
import {
  BATCH_ITEM_STATES,
  pastPointOfNoReturn,
  RETRYABLE_OUTCOMES,
  waitsOnHuman,
  type BatchCancelReport,
  type BatchCommandRecord,
  type BatchInput,
  type BatchItem,
  type BatchItemRecord,
  type BatchItemReport,
  type BatchItemsPage,
  type BatchItemsQuery,
  type BatchItemState,
  type BatchItemView,
} from '../../contracts/batch';
import type { Outcome } from '../../contracts/migration';
import { ApplicationFailure } from '@temporalio/workflow';

export interface BatchCarry {
  records: BatchItemRecord[];
  /** Indexes still to start, in order (a retry appends). */
  queue: number[];
  paused: boolean;
  cancelling: boolean;
  startedAt: string;
  /** When the first item started and how many ended since: the pace behind the estimate. */
  firstStartAt?: string;
  run: number;
  commands: BatchCommandRecord[];
  peakActive: number;
  /** When the last sweep for unreported closes looked (workflows/batch/workflow.ts). */
  lastSweepAt: string;
}

const OPEN: ReadonlySet<BatchItemState> = new Set(['working', 'waiting']);

export class BatchBook {
  readonly records: BatchItemRecord[];
  queue: number[];
  paused: boolean;
  cancelling: boolean;
  readonly startedAt: string;
  firstStartAt?: string;
  readonly run: number;
  readonly commands: BatchCommandRecord[];
  /** The most items ever in their active phase at once (never above the concurrency). */
  peakActive: number;
  lastSweepAt: string;
  /** Items whose start is in flight (asked, not yet answered). */
  private readonly inFlight = new Set<number>();
  /** Reports that arrived before their item's start was confirmed (applied when it is). */
  private readonly early = new Map<number, BatchItemReport>();
  /** Items whose start was in flight when the batch was cancelled: cancelled as soon as they start. */
  readonly cancelOnStart = new Set<number>();
  private readonly index = new Map<string, number>();

  constructor(
    readonly input: BatchInput,
    carry?: BatchCarry,
  ) {
    input.items.forEach((item, i) => this.index.set(item.migrationId, i));
    this.records = carry?.records ?? input.items.map(() => ({ state: 'pending' }));
    this.queue = carry?.queue ?? input.items.map((_, i) => i);
    this.paused = carry?.paused ?? false;
    this.cancelling = carry?.cancelling ?? false;
    this.startedAt = carry?.startedAt ?? new Date().toISOString();
    this.firstStartAt = carry?.firstStartAt;
    this.run = (carry?.run ?? 0) + 1;
    this.commands = carry?.commands ?? [];
    this.peakActive = carry?.peakActive ?? 0;
    this.lastSweepAt = carry?.lastSweepAt ?? this.startedAt;
  }

  /** Who paused, resumed, cancelled or retried, and when (the last 20). */
  command(by: string, what: string): void {
    this.commands.push({ at: new Date().toISOString(), by, what });
    if (this.commands.length > 20) this.commands.shift();
  }

  record(i: number): BatchItemRecord {
    return this.records[i] ?? { state: 'pending' };
  }

  item(i: number): BatchItem {
    const item = this.input.items[i];
    if (!item) throw ApplicationFailure.nonRetryable(`no item ${i} in this batch`, 'BatchBookBug');
    return item;
  }

  carry(): BatchCarry {
    const { records, queue, paused, cancelling, startedAt, firstStartAt, run, commands, peakActive, lastSweepAt } =
      this;
    return { records, queue, paused, cancelling, startedAt, firstStartAt, run, commands, peakActive, lastSweepAt };
  }

  /** Items in their active phase, counting starts in flight. */
  get active(): number {
    return this.starting + this.records.filter((r) => r.state === 'working').length;
  }

  get starting(): number {
    return this.inFlight.size;
  }

  get open(): number {
    return this.records.filter((r) => OPEN.has(r.state)).length;
  }

  /** Nothing left to start and nothing running: every item is accounted for. */
  get drained(): boolean {
    return this.queue.length === 0 && this.starting === 0 && this.open === 0;
  }

  mayStart(): boolean {
    return !this.paused && !this.cancelling && this.queue.length > 0 && this.active < this.input.limits.concurrency;
  }

  /** Takes the next item off the queue for starting. */
  take(): number {
    const i = this.queue.shift() as number;
    this.inFlight.add(i);
    this.peakActive = Math.max(this.peakActive, this.active);
    this.firstStartAt ??= new Date().toISOString();
    return i;
  }

  started(i: number): void {
    this.inFlight.delete(i);
    const r = this.record(i);
    this.records[i] = { state: 'working', starts: (r.starts ?? 0) + 1 };
    // A report can come in the same workflow task as the start's confirmation, and signals are
    // handled first: it was kept for now.
    const early = this.early.get(i);
    this.early.delete(i);
    if (early) this.report(early);
  }

  notStarted(i: number, reason: string): void {
    this.inFlight.delete(i);
    this.cancelOnStart.delete(i);
    this.records[i] = { ...this.record(i), state: 'not-started', reason };
  }

  /** A member's report. Returns true when it ended the item (the first time). */
  report(r: BatchItemReport): boolean {
    const i = this.index.get(r.migrationId);
    if (i === undefined) return false;
    const record = this.record(i);
    if (this.inFlight.has(i)) {
      this.early.set(i, r);
      return false;
    }
    if (!OPEN.has(record.state)) return false; // late or repeated: an ended item stays ended
    const ended = r.phase === 'ended';
    this.records[i] = {
      state: ended ? 'ended' : r.phase,
      step: r.step,
      escalated: r.escalated,
      outcome: r.outcome,
      reason: r.reason,
      starts: record.starts,
    };
    return ended;
  }

  /** A member's run closed without a report (terminated, or failed before its first step). */
  closedUnreported(migrationId: string, outcome: Outcome, reason: string): boolean {
    const i = this.index.get(migrationId);
    if (i === undefined || !OPEN.has(this.record(i).state)) return false;
    this.records[i] = { ...this.record(i), state: 'ended', outcome, reason };
    return true;
  }

  /** Stops every start and splits the open items by their point of no return. */
  cancel(reason: string): BatchCancelReport {
    this.cancelling = true;
    const notStarted = this.queue.map((i) => this.item(i).migrationId);
    for (const i of this.queue) this.records[i] = { ...this.record(i), state: 'cancelled', reason };
    this.queue = [];
    const report: BatchCancelReport = { notStarted, cancelRequested: [], leftToFinish: [] };
    for (const i of this.inFlight) {
      this.cancelOnStart.add(i);
      report.cancelRequested.push(this.item(i).migrationId);
    }
    this.records.forEach((r, i) => {
      if (!OPEN.has(r.state)) return;
      const { kind, migrationId } = this.item(i);
      (pastPointOfNoReturn(kind, r.step) ? report.leftToFinish : report.cancelRequested).push(migrationId);
    });
    return report;
  }

  retryable(): number[] {
    return this.records.flatMap((r, i) =>
      (r.state === 'ended' && r.outcome && RETRYABLE_OUTCOMES.has(r.outcome)) ||
      r.state === 'not-started' ||
      r.state === 'cancelled'
        ? [i]
        : [],
    );
  }

  /** Queues the failed items again; the batch is no longer cancelling. */
  retry(): string[] {
    const again = this.retryable().filter((i) => !this.queue.includes(i));
    for (const i of again) this.records[i] = { ...this.record(i), state: 'pending' };
    this.queue.push(...again);
    this.cancelling = false;
    this.cancelOnStart.clear(); // the newer command wins: starts in flight go on
    return again.map((i) => this.item(i).migrationId);
  }

  view(i: number): BatchItemView {
    const { kind, migrationId } = this.item(i);
    const r = this.record(i);
    return { index: i, kind, migrationId, ...r, waitingOnHuman: waitsOnHuman(kind, r) };
  }

  page(q: BatchItemsQuery): BatchItemsPage {
    const all = this.records
      .map((_, i) => this.view(i))
      .filter(
        (v) =>
          (q.state === undefined || v.state === q.state) &&
          (q.outcome === undefined || v.outcome === q.outcome) &&
          (q.step === undefined || v.step === q.step) &&
          (q.escalated === undefined || !!v.escalated === q.escalated) &&
          (q.waitingOnHuman === undefined || v.waitingOnHuman === q.waitingOnHuman),
      );
    return { total: all.length, items: all.slice(q.offset, q.offset + q.limit) };
  }

  counts() {
    const byState = Object.fromEntries(BATCH_ITEM_STATES.map((s) => [s, 0])) as Record<BatchItemState, number>;
    const byStep: Record<string, number> = {};
    const byOutcome: Partial<Record<Outcome, number>> = {};
    let waitingOnHuman = 0;
    let escalated = 0;
    this.records.forEach((r, i) => {
      byState[r.state]++;
      if (OPEN.has(r.state) && r.step) byStep[r.step] = (byStep[r.step] ?? 0) + 1;
      if (r.outcome && r.state === 'ended') byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
      if (waitsOnHuman(this.item(i).kind, r)) waitingOnHuman++;
      if (r.escalated && OPEN.has(r.state)) escalated++;
    });
    return { byState, byStep, byOutcome, waitingOnHuman, escalated };
  }

  /** Now plus the items left at the pace of those ended so far. */
  estimate(): string | undefined {
    const done = this.records.filter((r) => !OPEN.has(r.state) && r.state !== 'pending').length;
    const left = this.records.length - done;
    if (!this.firstStartAt || done === 0 || left === 0 || this.paused) return undefined;
    const perItem = (Date.now() - Date.parse(this.firstStartAt)) / done;
    return new Date(Date.now() + perItem * left).toISOString();
  }
}
