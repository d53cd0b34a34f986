/**
 * Numbers and WABAs as durable entities (docs/architecture.md#entities): one long-lived workflow
 * per phone number and per WABA grants leases to migrations and keeps what belongs to the number
 * rather than to one run (Meta's register budget, the past migrations). Plain TypeScript: the
 * workflow bundle imports it.
 */
import type { MigrationKind } from './migration';

export type EntityKind = 'number' | 'waba';

/** `exclusive`: nobody else; `shared`: any number of shared holders, no exclusive one. */
export type LeaseMode = 'exclusive' | 'shared';

/** A migration run that holds (or asks for) a lease. One lease per workflow ID and entity. */
export interface LeaseHolder {
  workflowId: string;
  runId: string;
  kind: MigrationKind;
}

export interface HeldLease extends LeaseHolder {
  mode: LeaseMode;
  since: string;
}

export interface LeaseRequest {
  holder: LeaseHolder;
  mode: LeaseMode;
}

export type LeaseAnswer = { granted: true } | { granted: false; heldBy: HeldLease[] };

export interface LeaseRelease {
  workflowId: string;
  /** How the holder ended, kept in the entity's past ("completed", "terminated", ...). */
  how: string;
}

/** "The holder's run has ended" (it was terminated, timed out or reset): release what it holds. */
export interface EvictEndedHolder {
  workflowId: string;
  runId: string;
  /** What the evicting side saw, e.g. "TERMINATED". */
  status: string;
}

export interface PastLease {
  workflowId: string;
  kind: MigrationKind;
  mode: LeaseMode;
  since: string;
  until: string;
  how: string;
}

/** Meta's budget: 10 register/deregister calls per number in a moving 72 h window, then a 72 h block. */
export const REGISTER_BUDGET = { calls: 10, windowMs: 72 * 3_600_000 } as const;
export type RegisterCallKind = 'register' | 'deregister';

export interface RegisterCall {
  at: string;
  call: RegisterCallKind;
  by: string;
}

export interface RegisterCallRequest {
  /** The migration making the call: it must hold the number's lease. */
  workflowId: string;
  call: RegisterCallKind;
}

export type RegisterCallAnswer =
  | { recorded: true; callsInWindow: number; remaining: number }
  | { recorded: false; callsInWindow: number; notBefore: string };

/** What an entity carries over continue-as-new, and what its state query shows. */
export interface EntityLedgers {
  holders: HeldLease[];
  past: PastLease[];
  registerCalls: RegisterCall[];
  /** Lease grants since the entity first started (all runs). */
  grants: number;
  /** Runs of this entity so far, this one included (continue-as-new starts the next). */
  generation: number;
}

export interface EntityInput {
  kind: EntityKind;
  /** The canonical E.164 number or the WABA ID. */
  key: string;
  carried?: EntityLedgers;
  /** Continue-as-new once the history passes this many events (tests lower it). */
  maxHistoryEvents?: number;
}

export interface EntityState extends EntityLedgers {
  entityId: string;
  kind: EntityKind;
  key: string;
  /** Register calls in the current 72 h window, and when the next becomes possible if none are left. */
  registerBudget: { used: number; limit: number; nextPossibleAt?: string };
}

/** Past migrations kept per entity (newest last); older ones stay in the migrations' own histories. */
export const PAST_LEASES_KEPT = 50;
export const DEFAULT_ENTITY_MAX_HISTORY = 2_000;
/**
 * An entity continues-as-new at least this often, even when idle, so every open entity history is
 * of a recent release and old patches can retire (docs/versioning.md).
 */
export const ENTITY_MAX_RUN_AGE = '30 days';

/** Both Brazilian spellings of a mobile map to one entity: the form with the extra 9. */
export function canonicalNumber(e164: string): string {
  const m = /^\+55(\d{2})([6-9]\d{7})$/.exec(e164);
  return m ? `+55${m[1]}9${m[2]}` : e164;
}

export function numberEntityId(e164: string): string {
  return `number:${canonicalNumber(e164)}`;
}

export function wabaEntityId(wabaId: string): string {
  return `waba:${wabaId}`;
}

export function entityId(kind: EntityKind, key: string): string {
  return kind === 'number' ? numberEntityId(key) : wabaEntityId(key);
}
