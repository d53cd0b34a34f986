/**
 * A launcher in miniature for stop-on-signals.test.ts: the shared stop-on-signal helper around a
 * stop that takes STOP_MS and throws when STOP_FAILS=1; with EXIT_AT_ONCE=1 it shuts down with 0
 * by itself, like `npm start -- --once`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { stopOnSignals } from '../../scripts/stack/shutdown';

const say = (msg: string) => process.stdout.write(`${msg}\n`);
let stops = 0;
const shutdown = stopOnSignals({
  say,
  message: 'stopping (test)...',
  stop: async () => {
    stops++;
    say(`stop ${stops} began`);
    await sleep(Number(process.env.STOP_MS ?? 0));
    if (process.env.STOP_FAILS === '1') throw new Error('the stop broke');
    say(`stop ${stops} done`);
  },
});
say('ready');
if (process.env.EXIT_AT_ONCE === '1') void shutdown(0);
else setInterval(() => undefined, 60_000); // stays up until a signal, like a launcher
