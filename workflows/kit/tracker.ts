/**
 * Keeps one migration's step, timeline, waits and escalations, and mirrors them to what ops see:
 * typed search attributes (filterable in the Web UI and CLI) and the "current details" Markdown.
 * Every flow's workflow owns one tracker and exposes `tracker.status()` through the status query.
 */
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type {
  EscalationRecord,
  MigrationKind,
  MigrationStatus,
  Outcome,
  TimelineEntry,
} from '../../contracts/migration';
import {
  EscalatedKey,
  MigrationKindKey,
  MigrationOutcomeKey,
  MigrationStepKey,
  PartnerIdKey,
  PhoneNumberKey,
  TicketIdsKey,
  WabaIdKey,
  WaitingSinceKey,
} from '../../contracts/search-attributes';
import { BatchMembership } from './batch-member';
import { MigrationMetrics } from './metrics';

export interface WaitInfo {
  waitingFor: string;
  escalatesAt?: Date;
  deadlineAt?: Date;
}

/**
 * What a migration is about, upserted as search attributes at start when given, so visibility
 * queries (ops filters, the mutual-exclusion check) find the run even if the starter set none.
 */
export interface MigrationIdentity {
  wabaId: string;
  phoneNumber?: string;
  partnerId?: string;
}

export class MigrationTracker<Step extends string> {
  private step: Step;
  private readonly timeline: TimelineEntry[] = [];
  private readonly tickets: EscalationRecord[] = [];
  private wait?: WaitInfo & { since: Date };
  private outcome?: Outcome;
  private reason?: string;
  /** Set when a batch started this migration: phase changes are reported to it. */
  private readonly batch = BatchMembership.ofThisRun();
  private readonly metrics: MigrationMetrics;
  /** Workflow time the current step began (its duration is recorded when it ends). */
  private stepSince = Date.now();

  constructor(
    private readonly kind: MigrationKind,
    private readonly title: string,
    first: Step,
    identity?: MigrationIdentity,
    /** The port-in's path, a label of its metrics. */
    path = '-',
  ) {
    this.step = first;
    this.metrics = new MigrationMetrics({ kind, path });
    this.metrics.started();
    this.timeline.push({ step: first, at: new Date().toISOString() });
    if (identity) {
      upsertSearchAttributes([
        { key: MigrationKindKey, value: kind },
        { key: WabaIdKey, value: identity.wabaId },
        ...(identity.phoneNumber ? [{ key: PhoneNumberKey, value: identity.phoneNumber }] : []),
        ...(identity.partnerId ? [{ key: PartnerIdKey, value: identity.partnerId }] : []),
      ]);
    }
    this.render();
  }

  get current(): Step {
    return this.step;
  }

  /** Moves to a new step (recorded once, with a timestamp) and clears any wait. */
  enter(step: Step, note?: string): void {
    // Entering the step it is in (another round of it) does not end the step's time.
    if (step !== this.step) this.stepEnded();
    this.step = step;
    this.wait = undefined;
    this.timeline.push({ step, at: new Date().toISOString(), note });
    upsertSearchAttributes([
      { key: MigrationStepKey, value: step },
      { key: WaitingSinceKey, value: null },
    ]);
    this.render();
    this.toBatch();
  }

  /** Adds a note to the timeline without changing step (reminders, wrong PINs, resends). */
  note(note: string): void {
    this.timeline.push({ step: this.step, at: new Date().toISOString(), note });
  }

  /** Marks the current step as a wait (what for, when it escalates, when it gives up). */
  waiting(info: WaitInfo): void {
    const since = new Date();
    this.wait = { ...info, since };
    this.metrics.waitBegan(this.step);
    upsertSearchAttributes([{ key: WaitingSinceKey, value: since }]);
    this.render();
    this.toBatch();
  }

  escalated(record: Omit<EscalationRecord, 'at'>): void {
    this.tickets.push({ ...record, at: new Date().toISOString() });
    this.note(`escalated to support ticket ${record.ticketId}`);
    this.metrics.escalated(record.step);
    this.metrics.ticketOpened(record.step, 'escalation');
    upsertSearchAttributes([
      { key: EscalatedKey, value: true },
      { key: TicketIdsKey, value: this.tickets.map((t) => t.ticketId) },
    ]);
    this.render();
    this.toBatch();
  }

  /**
   * Records a ticket that is part of the flow, not an escalation (port-out's "2FA disable request"):
   * level 0. One rule for ops: a ticket opened means support is involved, so `Escalated` is set too.
   */
  ticketOpened(record: { step: string; ticketId: string; purpose: string }): void {
    this.tickets.push({ step: record.step, level: 0, ticketId: record.ticketId, at: new Date().toISOString() });
    this.note(`${record.purpose}: support ticket ${record.ticketId}`);
    this.metrics.ticketOpened(record.step, 'request');
    upsertSearchAttributes([
      { key: EscalatedKey, value: true },
      { key: TicketIdsKey, value: this.tickets.map((t) => t.ticketId) },
    ]);
    this.render();
    this.toBatch();
  }

  /** Escalations so far for a step (level-0 request tickets do not count). */
  escalationLevel(step: string): number {
    return this.tickets.filter((t) => t.step === step && t.level > 0).length;
  }

  /** A wait of the current step reached its deadline (the caller decides what that means). */
  deadlineReached(): void {
    this.metrics.deadlineReached(this.step);
  }

  finish(outcome: Outcome, reason?: string): void {
    this.stepEnded();
    this.metrics.ended(outcome);
    this.outcome = outcome;
    this.reason = reason;
    this.wait = undefined;
    this.timeline.push({
      step: this.step,
      at: new Date().toISOString(),
      note: `outcome: ${outcome}${reason ? ` (${reason})` : ''}`,
    });
    upsertSearchAttributes([
      { key: MigrationOutcomeKey, value: outcome },
      { key: WaitingSinceKey, value: null },
    ]);
    this.render();
    this.toBatch();
  }

  /** Resolves once the batch (if any) has heard every change so far. */
  async batchInformed(): Promise<void> {
    await this.batch?.flush();
  }

  private stepEnded(): void {
    const now = Date.now();
    this.metrics.stepTime(this.step, (now - this.stepSince) / 1000);
    this.stepSince = now;
  }

  private toBatch(): void {
    this.batch?.changed(() => ({
      migrationId: workflowInfo().workflowId,
      phase: this.outcome ? 'ended' : this.wait ? 'waiting' : 'working',
      step: this.step,
      escalated: this.tickets.length > 0,
      outcome: this.outcome,
      reason: this.reason && clip(this.reason, 300),
    }));
  }

  status(): MigrationStatus<Step> {
    return {
      migrationId: workflowInfo().workflowId,
      kind: this.kind,
      step: this.step,
      waitingFor: this.wait?.waitingFor,
      waitingSince: this.wait?.since.toISOString(),
      escalatesAt: this.wait?.escalatesAt?.toISOString(),
      deadlineAt: this.wait?.deadlineAt?.toISOString(),
      escalated: this.tickets.length > 0,
      tickets: [...this.tickets],
      timeline: [...this.timeline],
      outcome: this.outcome,
      reason: this.reason,
    };
  }

  get ticketRecords(): EscalationRecord[] {
    return [...this.tickets];
  }

  /**
   * The Web UI's "current details": what this migration waits for and when it escalates. Short
   * lines, the open-ended parts (reason, tickets) last and bounded, so the panel shows it all
   * without scrolling; the full list is in TicketIds and the status query.
   */
  private render(): void {
    // The Web UI shows about four lines of it without scrolling: step on the title line.
    const lines = [`**${this.title}** · Step: \`${this.step}\``];
    if (this.wait) {
      lines.push(`Waiting for: ${this.wait.waitingFor} since ${this.wait.since.toISOString()}`);
      const times = [
        this.wait.escalatesAt && `escalates ${this.wait.escalatesAt.toISOString()}`,
        this.wait.deadlineAt && `gives up ${this.wait.deadlineAt.toISOString()}`,
      ].filter(Boolean);
      if (times.length) lines.push(`Then: ${times.join(' · ')}`);
    }
    if (this.outcome) lines.push(`Outcome: **${this.outcome}**${this.reason ? ` (${clip(this.reason, 160)})` : ''}`);
    if (this.tickets.length) {
      const shown = this.tickets.slice(-MAX_TICKETS_SHOWN).map((t) => t.ticketId);
      const more = this.tickets.length - shown.length;
      lines.push(`Support tickets (${this.tickets.length}): ${shown.join(', ')}${more ? ` (+${more} earlier)` : ''}`);
    }
    setCurrentDetails(lines.join('  \n'));
  }
}

const MAX_TICKETS_SHOWN = 3;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
