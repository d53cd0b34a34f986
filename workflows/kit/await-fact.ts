/**
 * Awaits a fact of the outside world (MoB accepted, 2FA off, channel running) the two ways it can
 * arrive: a signal (webhook or operator, the fast path) or a polling activity retried by the server
 * (the safety net for lost webhooks), with the escalation and deadline of every wait.
 */
import { CancellationScope, isCancellation, log } from '@temporalio/workflow';
import type { Duration } from '../../contracts/durations';
import { escalate, type EscalationRequest } from './escalation';
import type { Notifier } from './notifier';
import type { MigrationTracker } from './tracker';
import { waitWithEscalation, type WaitResult } from './wait';

export type Poller = () => Promise<unknown>;

export interface AwaitFactOptions {
  tracker: MigrationTracker<string>;
  notifier: Notifier;
  waitingFor: string;
  /** True once a signal reported the fact. */
  signalled: () => boolean;
  /**
   * Resolves once polling observed the fact; omitted when there is nothing to poll. Several
   * pollers (e.g. Meta's 2FA state and a solved ticket) race: the first to observe wins, and one
   * that gives up does not stop the others.
   */
  poll?: Poller | Poller[];
  escalateAfter: Duration;
  deadline: Duration;
  escalation: Omit<EscalationRequest, 'step'>;
  /** Runs after the escalation ticket is open (e.g. a comment on a related ticket). */
  onEscalated?: (ticketId: string) => Promise<void>;
  remindEvery?: Duration;
  /** Event type for reminders sent to the requester. */
  reminderEvent?: string;
}

export async function awaitFact(opts: AwaitFactOptions): Promise<WaitResult> {
  let observed = false;
  const pollScope = new CancellationScope();
  const pollers = opts.poll === undefined ? [] : Array.isArray(opts.poll) ? opts.poll : [opts.poll];
  const polling = pollers.map((poll) =>
    pollScope.run(poll).then(
      () => void (observed = true),
      (err: unknown) => {
        // The signal path still works; a dead poller only loses the safety net.
        if (!isCancellation(err)) log.warn('poller stopped', { waitingFor: opts.waitingFor, error: String(err) });
      },
    ),
  );
  const step = opts.tracker.current;
  try {
    const result = await waitWithEscalation({
      waitingFor: opts.waitingFor,
      until: () => observed || opts.signalled(),
      escalateAfter: opts.escalateAfter,
      deadline: opts.deadline,
      escalate: async () => {
        const { ticketId } = await escalate(opts.tracker, opts.notifier, { ...opts.escalation, step });
        await opts.onEscalated?.(ticketId);
      },
      remindEvery: opts.reminderEvent ? opts.remindEvery : undefined,
      remind: async () => {
        opts.tracker.note(`reminder sent: ${opts.waitingFor}`);
        if (opts.reminderEvent) opts.notifier.emit(opts.reminderEvent, { step, waitingFor: opts.waitingFor });
      },
      // An escalation timer set at or past the deadline never fires (the step escalated already):
      // ops see no escalation time rather than one after "gives up".
      onWaitStart: ({ escalatesAt, deadlineAt }) =>
        opts.tracker.waiting({
          waitingFor: opts.waitingFor,
          escalatesAt: escalatesAt < deadlineAt ? escalatesAt : undefined,
          deadlineAt,
        }),
    });
    if (result === 'deadline') opts.tracker.deadlineReached();
    return result;
  } finally {
    pollScope.cancel();
    await Promise.all(polling);
  }
}
