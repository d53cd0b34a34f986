/**
 * Batch migrations: many port-ins and port-outs for one client, each started as a normal migration
 * (a child workflow with the usual ID) by one batch workflow that paces them. The shapes the client,
 * the batch workflow, its members and the API agree on.
 */
import type { Outcome } from './migration';
import type { PortInInput } from './port-in';
import { PortInStep } from './port-in';
import type { PortOutInput } from './port-out';
import { PortOutStep } from './port-out';

export const BATCH_MAX_ITEMS = 5_000;
export const BATCH_DEFAULT_CONCURRENCY = 20;
export const BATCH_DEFAULT_CALLS_PER_SECOND = 20;

export type BatchItemKind = 'port-in' | 'port-out';

/** `batch:<batchId>`: the batch workflow's ID. */
export function batchWorkflowId(batchId: string): string {
  return `batch:${batchId}`;
}

export function isBatchWorkflowId(workflowId: string | undefined): workflowId is string {
  return !!workflowId?.startsWith('batch:');
}

/** One item as the batch workflow starts it: its migration ID and the workflow input, minus what all items share. */
export interface BatchItem {
  kind: BatchItemKind;
  migrationId: string;
  /** The workflow input's fields that differ from `BatchInput.shared[kind]`. */
  input: Partial<PortInInput> | Partial<PortOutInput>;
}

/** The outside calls of all the batch's items together, enforced by the worker per batch. */
export interface BatchLimits {
  /** Items in their active (outside-call) phase at once; also the concurrent outside calls. */
  concurrency: number;
  /** Outside calls per second of the whole batch. */
  callsPerSecond: number;
}

export interface BatchInput {
  batchId: string;
  limits: BatchLimits;
  /** ISO time: no item starts before it. */
  windowStart?: string;
  /** Receives batch.started, batch.item_ended and batch.completed. */
  callbackUrl?: string;
  /** Workflow-input fields equal across all items of a kind (kept once, not 5,000 times). */
  shared: { 'port-in'?: Partial<PortInInput>; 'port-out'?: Partial<PortOutInput> };
  items: BatchItem[];
  /** Continue-as-new past this many history events (default 8,000; tests set it low). */
  continueAfterEvents?: number;
  /** How often to look for items that closed without a report (default 1 hour; tests set it low). */
  sweepEvery?: string;
}

/**
 * Where an item is. `working`: started and not parked in a wait (its outside-call phase);
 * `waiting`: parked in a wait (on a person, or a long outside state).
 */
export type BatchItemState = 'pending' | 'working' | 'waiting' | 'ended' | 'cancelled' | 'not-started';

export const BATCH_ITEM_STATES: readonly BatchItemState[] = [
  'pending',
  'working',
  'waiting',
  'ended',
  'cancelled',
  'not-started',
];

/** What a member tells its batch when its phase changes (coalesced: at most one per workflow task). */
export interface BatchItemReport {
  migrationId: string;
  phase: 'working' | 'waiting' | 'ended';
  step: string;
  escalated: boolean;
  outcome?: Outcome;
  reason?: string;
}

/** What the batch keeps of one item; carried across continue-as-new. */
export interface BatchItemRecord {
  state: BatchItemState;
  step?: string;
  escalated?: boolean;
  outcome?: Outcome;
  reason?: string;
  /** How many times the batch started it (a retry starts it again). */
  starts?: number;
}

export interface BatchItemView extends BatchItemRecord {
  index: number;
  kind: BatchItemKind;
  migrationId: string;
  /** Waiting on a person (the owner, the client or the requester), not on a machine. */
  waitingOnHuman: boolean;
}

export interface BatchItemsQuery {
  offset: number;
  limit: number;
  state?: BatchItemState;
  outcome?: Outcome;
  step?: string;
  escalated?: boolean;
  waitingOnHuman?: boolean;
}

export interface BatchItemsPage {
  total: number;
  items: BatchItemView[];
}

export interface BatchStatus {
  batchId: string;
  /** `drained`: every item ended; the batch stays open a while for a retry of the failed ones. */
  state: 'scheduled' | 'running' | 'paused' | 'cancelling' | 'drained';
  windowStart?: string;
  limits: BatchLimits;
  total: number;
  byState: Record<BatchItemState, number>;
  byStep: Record<string, number>;
  byOutcome: Partial<Record<Outcome, number>>;
  waitingOnHuman: number;
  escalated: number;
  /** Items that ended and may be retried (failed, stalled, cancelled, routed to support, not started). */
  retryable: number;
  startedAt: string;
  /** From the pace of the items ended so far; absent until one ended or while paused. */
  estimatedEndAt?: string;
  /** Who paused, resumed, cancelled or retried, and when (the last 20). */
  commands: BatchCommandRecord[];
  /**
   * The most items in their active phase when the batch started one (at most `limits.concurrency`).
   * An item a person unblocks goes on at once; the worker's call limits bound the outside calls.
   */
  peakActive: number;
  /** Runs of the batch workflow so far (continue-as-new keeps each run's history bounded). */
  run: number;
}

export interface BatchCommandRecord {
  at: string;
  by: string;
  what: string;
}

export interface BatchCancelReport {
  /** Never started: they will not start. */
  notStarted: string[];
  /** Before their point of no return: cancellation requested. */
  cancelRequested: string[];
  /** Past their point of no return: left to finish. */
  leftToFinish: string[];
}

export interface BatchRetryReport {
  /** Queued to start again. */
  retried: string[];
}

export interface BatchResult {
  batchId: string;
  total: number;
  byOutcome: Partial<Record<Outcome, number>>;
  notStarted: number;
}

/** The outcomes a retry starts again (the same rule as a repeated start of one migration). */
export const RETRYABLE_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>([
  'failed',
  'cancelled',
  'stalled',
  'routed-to-support',
]);

/** Waits on a person: the owner, the client, the requester or support acting on a ticket. */
const HUMAN_STEPS: Record<BatchItemKind, ReadonlySet<string>> = {
  'port-in': new Set<string>([
    PortInStep.AWAITING_MOB_ACCEPTANCE,
    PortInStep.AWAITING_2FA_DISABLED,
    PortInStep.AWAITING_BUSINESS_ID_CORRECTION,
    PortInStep.AWAITING_PIN,
    PortInStep.AWAITING_EMBEDDED_SIGNUP,
  ]),
  'port-out': new Set<string>([
    PortOutStep.AWAITING_INVOICES_CLEARED,
    PortOutStep.AWAITING_2FA_DISABLED,
    PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
  ]),
};

export function waitsOnHuman(kind: BatchItemKind, record: BatchItemRecord): boolean {
  return record.state === 'waiting' && !!record.step && HUMAN_STEPS[kind].has(record.step);
}

/**
 * From these steps on, cancelling would leave the number half-moved, so a batch cancel lets the item
 * finish: on the Cloud API once migrate_phone_number ran, on-premise once the PIN was requested, on a
 * port-out once the number has left.
 */
const POINT_OF_NO_RETURN: Record<BatchItemKind, ReadonlySet<string>> = {
  'port-in': new Set<string>([
    PortInStep.MIGRATING_NUMBER,
    PortInStep.AWAITING_NAME_APPROVAL,
    PortInStep.MIGRATING_TEMPLATES,
    PortInStep.REGISTERING,
    PortInStep.AWAITING_REGISTER_BUDGET,
    PortInStep.REQUESTING_PIN,
    PortInStep.AWAITING_PIN,
    PortInStep.AWAITING_SETUP,
    PortInStep.GENERATING_API_KEY,
    PortInStep.DONE,
  ]),
  'port-out': new Set<string>([
    PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
    PortOutStep.CANCELLING_SUBSCRIPTION,
    PortOutStep.REQUESTING_REFUND,
    PortOutStep.DONE,
  ]),
};

export function pastPointOfNoReturn(kind: BatchItemKind, step: string | undefined): boolean {
  return !!step && POINT_OF_NO_RETURN[kind].has(step);
}
