/**
 * Awaits a fact of the outside world (MoB accepted, 2FA off, channel running) the two ways it can
 * arrive: a signal (webhook or operator, the fast path) or a polling activity retried by the server
 * (the safety net for lost webhooks), with the escalation and deadline of every wait.
 */
import { CancellationScope, isCancellation, log } from '@temporalio/workflow';
import type { Duration } from '../../contracts/migration';
import { escalate, type EscalationRequest } from './escalation';
import type { Notifier } from './notifier';
import type { MigrationTracker } from './tracker';
import { waitWithEscalation, type WaitResult } from './wait';

export interface AwaitFactOptions {
  tracker: MigrationTracker<string>;
  notifier: Notifier;
  waitingFor: string;
  /** True once a signal reported the fact. */
  signalled: () => boolean;
  /** Resolves once polling observed the fact; omitted when there is nothing to poll. */
  poll?: () => Promise<unknown>;
  escalateAfter: Duration;
  deadline: Duration;
  escalation: Omit<EscalationRequest, 'step'>;
  remindEvery?: Duration;
  /** Event type for reminders sent to the requester. */
  reminderEvent?: string;
}

export async function awaitFact(opts: AwaitFactOptions): Promise<WaitResult> {
  let observed = false;
  const pollScope = new CancellationScope();
  const polling = opts.poll
    ? pollScope.run(opts.poll).then(
        () => void (observed = true),
        (err: unknown) => {
          // The signal path still works; a dead poller only loses the safety net.
          if (!isCancellation(err)) log.warn('poller stopped', { waitingFor: opts.waitingFor, error: String(err) });
        },
      )
    : Promise.resolve();
  const step = opts.tracker.current;
  try {
    return await waitWithEscalation({
      waitingFor: opts.waitingFor,
      until: () => observed || opts.signalled(),
      escalateAfter: opts.escalateAfter,
      deadline: opts.deadline,
      escalate: () => escalate(opts.tracker, opts.notifier, { ...opts.escalation, step }),
      remindEvery: opts.reminderEvent ? opts.remindEvery : undefined,
      remind: async () => {
        opts.tracker.note(`reminder sent: ${opts.waitingFor}`);
        if (opts.reminderEvent) opts.notifier.emit(opts.reminderEvent, { step, waitingFor: opts.waitingFor });
      },
      onWaitStart: ({ escalatesAt, deadlineAt }) =>
        opts.tracker.waiting({ waitingFor: opts.waitingFor, escalatesAt, deadlineAt }),
    });
  } finally {
    pollScope.cancel();
    await polling;
  }
}
