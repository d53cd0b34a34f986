/**
 * Rejections for update validators and handlers: an `ApplicationFailure` with a stable type the
 * caller can branch on (`UpdateRejection`) and a message meant for people. A validator's rejection
 * writes no history.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { UpdateRejection } from '../../contracts/errors';
import type { MigrationTracker } from './tracker';

export function rejectUpdate(type: UpdateRejection, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Throws `WrongStep` unless the migration is at `step` (and not finished). */
export function requireStep(tracker: MigrationTracker<string>, step: string, what: string): void {
  const status = tracker.status();
  if (status.outcome)
    throw rejectUpdate('MigrationFinished', `the migration has ended (${status.outcome}); it no longer takes ${what}`);
  if (tracker.current !== step) {
    throw rejectUpdate('WrongStep', `the migration is at step ${tracker.current}, not waiting for ${what}`);
  }
}
