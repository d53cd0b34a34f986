/**
 * What every flow's run shares: a tracker, a notifier and a typed end (`finish`), plus the one way
 * a workflow function runs its steps (`runMigration`). `finish` ends the run from any step by
 * throwing the result up to `runMigration`, so steps return only what the next step needs. There
 * the result is delivered after callbacks are flushed and handlers are done; a cancellation becomes
 * a clean 'cancelled' result and an activity failure that no step handles a clean 'failed' one.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  TemporalFailure,
} from '@temporalio/workflow';
import type { MigrationKind, MigrationResult, Outcome } from '../../contracts/migration';
import type { Blocker } from '../../contracts/visibility';
import { exclusionRefusal } from './exclusion';
import { Leases, type LeaseNeed } from './leases';
import { Notifier } from './notifier';
import { MigrationTracker, type MigrationIdentity } from './tracker';

export interface MigrationContextOptions<Step extends string> {
  kind: MigrationKind;
  /** Shown in the Web UI's current details, e.g. "Port-out of +4915... from 360dialog". */
  title: string;
  first: Step;
  identity: MigrationIdentity;
  callbackUrl?: string;
  /** The port-in's path (a metrics label). */
  path?: string;
}

/**
 * Carries a finished migration's result from the step that ended it to `runMigration`. Not an
 * error and not a Temporal failure: only `runMigration` catches it, and no other code may.
 */
class MigrationFinished<Result extends MigrationResult> {
  constructor(readonly result: Result) {}
}

export abstract class MigrationContext<Step extends string, Result extends MigrationResult = MigrationResult> {
  readonly tracker: MigrationTracker<Step>;
  readonly notifier: Notifier;
  readonly kind: MigrationKind;
  readonly leases: Leases;

  constructor(opts: MigrationContextOptions<Step>) {
    this.kind = opts.kind;
    this.leases = new Leases(opts.kind);
    this.tracker = new MigrationTracker(opts.kind, opts.title, opts.first, opts.identity, opts.path);
    this.notifier = new Notifier(opts.callbackUrl);
  }

  /** Ends the migration here with a typed result (and tells the requester); the steps stop. */
  finish(outcome: Outcome, reason?: string): never {
    throw new MigrationFinished(this.end(outcome, reason));
  }

  /**
   * Takes the leases this step needs on number and WABA entities, or ends the run 'failed' naming
   * the migration in the way. `legacy`: the visibility check of runs started before 1.1.0.
   */
  async requireNoOtherMigration(needs: LeaseNeed[], legacy: Blocker[]): Promise<void> {
    const refused = await exclusionRefusal(this.leases, this.tracker, needs, legacy);
    if (refused) this.finish('failed', refused);
  }

  /** Records the outcome, emits `migration.<outcome>` and builds the result. */
  end(outcome: Outcome, reason?: string): Result {
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
 * Runs the steps of one migration to a typed result, whatever ends it: `ctx.finish` in a step, a
 * cancellation, or an activity failure no step handles (non-retryable, or retries exhausted).
 */
export async function runMigration<Result extends MigrationResult>(
  ctx: MigrationContext<string, Result>,
  steps: () => Promise<void>,
): Promise<Result> {
  try {
    return await delivered(ctx, await finishedBy<Result>(steps));
  } catch (err) {
    if (isCancellation(err)) {
      return CancellationScope.nonCancellable(() =>
        delivered(ctx, ctx.end('cancelled', `cancelled at step ${ctx.tracker.current}`), false),
      );
    }
    if (!(err instanceof ActivityFailure)) throw err;
    return delivered(ctx, ctx.end('failed', `${err.activityType} failed: ${failureText(err)}`));
  }
}

/**
 * Gives the leases back, tells the requester, and lets running handlers finish before the result.
 * The releases go out in the workflow task that records the outcome and schedules its callback, so
 * the entities hear of the end long before a requester reacting to the callback can start the next
 * migration of the number (that start is several round trips away).
 */
async function delivered<Result extends MigrationResult>(
  ctx: MigrationContext<string, Result>,
  result: Result,
  waitForHandlers = true,
): Promise<Result> {
  await CancellationScope.nonCancellable(() => ctx.leases.releaseAll(result.outcome));
  await ctx.notifier.flush();
  await ctx.tracker.batchInformed();
  if (waitForHandlers) await condition(allHandlersFinished);
  return result;
}

/** The result a step finished with; anything else thrown goes on up. */
async function finishedBy<Result extends MigrationResult>(steps: () => Promise<void>): Promise<Result> {
  try {
    await steps();
  } catch (err) {
    if (err instanceof MigrationFinished) return err.result as Result;
    throw err;
  }
  // Every flow's last step finishes: getting here is a bug in workflow code, not an outcome.
  throw ApplicationFailure.nonRetryable('the steps ended without an outcome', 'MigrationWithoutOutcome');
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
