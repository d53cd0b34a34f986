/**
 * How a migration ended, in business words, and whether it may be started again. Temporal calls
 * every run that returned a result COMPLETED, including our `failed`, `stalled` and `cancelled`
 * outcomes; callers need the outcome, not the execution status.
 */
import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { Outcome } from '../contracts/migration';
import { MigrationOutcomeKey, MigrationStepKey } from '../contracts/search-attributes';

/** Outcomes after which the same migration may be requested again. */
export const RESTARTABLE: ReadonlySet<Outcome> = new Set<Outcome>([
  'failed',
  'cancelled',
  'stalled',
  'routed-to-support',
]);

export interface HowItEnded {
  /** The outcome, or Temporal's status in lower case for runs that ended without one (terminated). */
  ending: string;
  restartable: boolean;
  /** e.g. `stalled (at AWAITING_PIN); it can be started again`. */
  summary: string;
}

export function howItEnded(description: WorkflowExecutionDescription): HowItEnded {
  const outcome = description.typedSearchAttributes.get(MigrationOutcomeKey) as Outcome | undefined;
  const step = description.typedSearchAttributes.get(MigrationStepKey);
  const ending = outcome ?? description.status.name.toLowerCase().replace(/_/g, ' ');
  // A run that never reported an outcome (terminated, timed out) holds nothing a new start would undo.
  const restartable = outcome ? RESTARTABLE.has(outcome) : description.status.name !== 'RUNNING';
  const where = step && outcome !== 'completed' ? ` (at ${step})` : '';
  const next = restartable ? '; it can be started again' : '';
  return { ending, restartable, summary: `${ending}${where}${next}` };
}
