/**
 * The one way a migration waits for a human or the outside world: every wait has an escalation
 * timer that opens a support ticket and keeps waiting (escalate, don't abort), optional reminders,
 * and a hard deadline that ends the wait with a clear result. No wait is unbounded.
 *
 * Costs a constant number of history events whatever the duration: one timer per escalation and
 * reminder, the deadline is the timeout of one `condition`.
 */
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import { durationMs, type Duration } from '../../contracts/durations';

export interface WaitOptions {
  /** Words for ops ("the PIN sent by SMS"). */
  waitingFor: string;
  /** Resolves the wait when it returns true. */
  until: () => boolean;
  escalateAfter: Duration;
  deadline: Duration;
  /** Opens the ticket (idempotently); runs once, to completion even if the wait ends meanwhile. */
  escalate: () => Promise<unknown>;
  /** Optional reminders to the client while waiting, every `remindEvery`. */
  remindEvery?: Duration;
  remind?: () => Promise<void>;
  /** Called when the wait starts with its absolute escalation and deadline times. */
  onWaitStart?: (times: { escalatesAt: Date; deadlineAt: Date }) => void;
}

export type WaitResult = 'done' | 'deadline';

export async function waitWithEscalation(opts: WaitOptions): Promise<WaitResult> {
  const start = Date.now();
  const escalateMs = durationMs(opts.escalateAfter);
  const deadlineMs = durationMs(opts.deadline);
  opts.onWaitStart?.({ escalatesAt: new Date(start + escalateMs), deadlineAt: new Date(start + deadlineMs) });

  const side = new CancellationScope();
  const background: Promise<void>[] = [];
  background.push(
    side.run(async () => {
      await sleep(escalateMs, { summary: `escalate: ${opts.waitingFor}` });
      // Once the ticket is being opened, finish it: a half-recorded escalation would open it again.
      await CancellationScope.nonCancellable(opts.escalate);
    }),
  );
  if (opts.remindEvery && opts.remind) {
    const every = durationMs(opts.remindEvery);
    const remind = opts.remind;
    background.push(
      side.run(async () => {
        for (;;) {
          await sleep(every, { summary: `remind: ${opts.waitingFor}` });
          await CancellationScope.nonCancellable(remind);
        }
      }),
    );
  }

  try {
    const done = await condition(opts.until, deadlineMs, { summary: `deadline: ${opts.waitingFor}` });
    return done ? 'done' : 'deadline';
  } finally {
    side.cancel();
    await Promise.all(background.map((p) => p.catch(swallowCancellation)));
  }
}

function swallowCancellation(err: unknown): void {
  if (!isCancellation(err)) throw err;
}
