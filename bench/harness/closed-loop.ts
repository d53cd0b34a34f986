/**
 * A closed-loop load: `clients` lanes each run one iteration after the other for a warm-up and a
 * measurement window; only iterations that end inside the window count. Resource snapshots are
 * taken exactly at the window's edges.
 */
import { now, sleep } from './stats';

export interface LoopOptions {
  clients: number;
  warmupS: number;
  durationS: number;
  iteration: (lane: number) => Promise<string>;
  onWindowStart?: () => Promise<void> | void;
  onWindowEnd?: () => Promise<void> | void;
  /** After the window, in-flight iterations get this long to finish before the next phase. */
  drainMs?: number;
}

export interface LoopResult {
  windowS: number;
  completed: number;
  perSecond: number;
  /** Latency (ms) of each iteration that ended in the window, and its workflow ID. */
  latencies: number[];
  ids: string[];
  errors: number;
  firstErrors: string[];
}

export async function closedLoop(o: LoopOptions): Promise<LoopResult> {
  const t0 = now();
  const windowStart = t0 + o.warmupS * 1000;
  const windowEnd = windowStart + o.durationS * 1000;
  const latencies: number[] = [];
  const ids: string[] = [];
  const firstErrors: string[] = [];
  let errors = 0;

  const edges = (async () => {
    await sleep(windowStart - now());
    await o.onWindowStart?.();
    await sleep(windowEnd - now());
    await o.onWindowEnd?.();
  })();

  const lane = async (i: number) => {
    while (now() < windowEnd) {
      const started = now();
      try {
        const id = await o.iteration(i);
        const ended = now();
        if (ended >= windowStart && ended <= windowEnd) {
          latencies.push(ended - started);
          ids.push(id);
        }
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  const lanes = Promise.all(Array.from({ length: o.clients }, (_, i) => lane(i)));
  await edges;
  await Promise.race([lanes, sleep(o.drainMs ?? 60_000)]);
  return {
    windowS: o.durationS,
    completed: ids.length,
    perSecond: ids.length / o.durationS,
    latencies,
    ids,
    errors,
    firstErrors,
  };
}
