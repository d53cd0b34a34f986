/**
 * What every flow's run shares: a tracker, a notifier and a typed end (`finish`), plus the one way
 * a workflow function runs its steps (`runMigration`): flush callbacks and wait for handlers
 * before returning, and turn a cancellation into a clean 'cancelled' result and an activity
 * failure that no step handles into a clean 'failed' one.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  TemporalFailure,
} from '@temporalio/workflow';
import type { MigrationKind, MigrationResult, Outcome } from '../../contracts/migration';
import { Notifier } from './notifier';
import { MigrationTracker, type MigrationIdentity } from './tracker';

export interface MigrationContextOptions<Step extends string> {
  kind: MigrationKind;
  /** Shown in the Web UI's current details, e.g. "Port-out of +4915... from 360dialog". */
  title: string;
  first: Step;
  identity: MigrationIdentity;
  callbackUrl?: string;
}

export abstract class MigrationContext<Step extends string, Result extends MigrationResult = MigrationResult> {
  readonly tracker: MigrationTracker<Step>;
  readonly notifier: Notifier;
  readonly kind: MigrationKind;

  constructor(opts: MigrationContextOptions<Step>) {
    this.kind = opts.kind;
    this.tracker = new MigrationTracker(opts.kind, opts.title, opts.first, opts.identity);
    this.notifier = new Notifier(opts.callbackUrl);
  }

  /** Ends the migration with a typed result (and tells the requester). */
  finish(outcome: Outcome, reason?: string): Result {
    this.tracker.finish(outcome, reason);
    this.notifier.emit(`migration.${outcome}`, { step: this.tracker.current, reason });
    const { migrationId } = this.tracker.status();
    const step = this.tracker.current;
    return this.result({ migrationId, kind: this.kind, outcome, step, reason, tickets: this.tracker.ticketRecords });
  }

  /** Adds the flow's own fields to the common result. */
  protected abstract result(common: MigrationResult): Result;
}

/**
 * Patch ID: an activity failure that escapes the steps (non-retryable, or retries exhausted) ends
 * the run with outcome 'failed' instead of failing the execution. Runs that failed raw before this
 * change replay (e.g. for a query) without it.
 */
const ACTIVITY_FAILURE_OUTCOME = 'activity-failure-outcome';

/** Runs the steps of one migration to a typed result, whatever ends it (result, cancellation, activity failure). */
export async function runMigration<Result extends MigrationResult>(
  ctx: MigrationContext<string, Result>,
  steps: () => Promise<Result>,
): Promise<Result> {
  try {
    const result = await steps();
    await ctx.notifier.flush();
    await condition(allHandlersFinished);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      return CancellationScope.nonCancellable(async () => {
        const result = ctx.finish('cancelled', `cancelled at step ${ctx.tracker.current}`);
        await ctx.notifier.flush();
        return result;
      });
    }
    if (!(err instanceof ActivityFailure) || !patched(ACTIVITY_FAILURE_OUTCOME)) throw err;
    const result = ctx.finish('failed', `${err.activityType} failed: ${failureText(err)}`);
    await ctx.notifier.flush();
    await condition(allHandlersFinished);
    return result;
  }
}

/**
 * The causes' messages, outermost first ("activity ScheduleToClose timeout: 360dialog: ..."). They
 * are the adapters' messages, already free of secrets, or Temporal's own.
 */
function failureText(err: ActivityFailure): string {
  const parts: string[] = [];
  for (let c = err.cause; c; c = c instanceof TemporalFailure ? c.cause : undefined) {
    if (c.message && !parts.includes(c.message)) parts.push(c.message);
  }
  return parts.join(': ') || err.message;
}
