/**
 * Plain-TypeScript contracts shared by workflows, activities, client and API (no zod, no Node
 * built-ins, so the workflow bundle can import it). The zod schemas for inputs live in
 * `contracts/schemas.ts` and are checked against these types.
 */

export const MIGRATION_KINDS = ['port-in', 'port-out', 'partner-change'] as const;
export type MigrationKind = (typeof MIGRATION_KINDS)[number];

/** Final outcomes, shared by every flow. */
export type Outcome =
  | 'completed'
  | 'add-as-new-number' // port-in redirect: the number needs no porting
  | 'failed' // a final reason, see `reason`
  | 'cancelled'
  | 'stalled' // a hard deadline passed in a wait
  | 'routed-to-support'; // partner change: different payment processor

export interface TimelineEntry {
  step: string;
  at: string; // ISO timestamp (workflow time)
  note?: string;
}

export interface EscalationRecord {
  step: string;
  level: number;
  ticketId: string;
  at: string;
}

/** What the status query returns for every kind (`details` is kind specific). */
export interface MigrationStatus<Step extends string = string> {
  migrationId: string;
  kind: MigrationKind;
  step: Step;
  /** What the migration waits for right now, in words, or undefined when not waiting. */
  waitingFor?: string;
  waitingSince?: string;
  escalatesAt?: string;
  deadlineAt?: string;
  /** True once any support ticket is open for it: an escalation, or a ticket the flow itself asks for. */
  escalated: boolean;
  tickets: EscalationRecord[];
  timeline: TimelineEntry[];
  outcome?: Outcome;
  reason?: string;
}

export interface MigrationResult {
  migrationId: string;
  kind: MigrationKind;
  outcome: Outcome;
  /** The step the migration ended in (for stalled/failed: where it stopped). */
  step: string;
  reason?: string;
  tickets: EscalationRecord[];
}
