/**
 * Stop-on-signal for the launchers (`npm start`, `npm run cluster`, the benchmarks): SIGINT or SIGTERM stops
 * everything once and exits 130 or 143. Their children run in their own process groups, so the
 * stop must run to its end: Ctrl-C reaches the launcher both from the terminal and relayed by npm
 * and tsx, and a second signal that exited early would leave those children running.
 */

export interface StopOnSignalsOptions {
  /** How the launcher prints a progress line. */
  say: (msg: string) => void;
  /** Stops everything the launcher started; may throw. */
  stop: () => Promise<void>;
  /** What to say when the stop begins. */
  message?: string;
}

export interface Shutdown {
  /**
   * Stops everything, once, then exits with `code`. A later call, or a signal, while stopping
   * changes nothing and waits with the first. An error thrown by `stop` is printed and the
   * process exits non-zero (1 where `code` was 0).
   */
  (code: number): Promise<never>;
  /** True from the first call (or signal) on: child exits after it are expected. */
  readonly stopping: boolean;
}

/** Installs the SIGINT (130) and SIGTERM (143) handlers and returns the shutdown they call. */
export function stopOnSignals({ say, stop, message = 'stopping...' }: StopOnSignalsOptions): Shutdown {
  let running: Promise<never> | undefined;
  const run = async (code: number): Promise<never> => {
    say(message);
    let exitCode = code;
    try {
      await stop();
      say('stopped');
    } catch (err) {
      process.stderr.write(`\n✖ stopping failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      exitCode = code === 0 ? 1 : code;
    }
    process.exit(exitCode);
  };
  const shutdown = ((code: number) => (running ??= run(code))) as Shutdown;
  Object.defineProperty(shutdown, 'stopping', { get: () => running !== undefined });
  process.on('SIGINT', () => void shutdown(130));
  process.on('SIGTERM', () => void shutdown(143));
  return shutdown;
}
