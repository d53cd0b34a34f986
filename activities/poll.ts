/**
 * Awaits a long external state inside ONE activity: checks, heartbeats, sleeps, repeats. The
 * workflow pays a constant number of history events however long it takes; a worker crash resumes
 * on another attempt (heartbeat timeout), and workflow cancellation stops it via the abort signal.
 */
import { Context, CancelledFailure } from '@temporalio/activity';

export async function pollUntil<T>(opts: {
  check: () => Promise<T | undefined>;
  everyMs: number;
  describe: string;
}): Promise<T> {
  const ctx = Context.current();
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await opts.check();
      if (result !== undefined) return result;
    } catch (err) {
      // A failing check is not the end of a wait: log it, keep polling, let heartbeats prove liveness.
      ctx.log.warn(`${opts.describe}: check failed, will retry`, { error: String(err), attempt });
    }
    ctx.heartbeat({ attempt });
    await ctx.sleep(opts.everyMs).catch((err: unknown) => {
      throw err instanceof CancelledFailure ? err : new CancelledFailure(String(err));
    });
  }
}
