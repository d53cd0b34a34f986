/** The batch benchmark's figures (bench/batch.ts): the batch against separate starts, side by side. */
import type { BatchStatus } from '../../contracts/batch';
import type { RunHistory } from './flows-batch';
import type { WindowStats } from './probe';
import { fig, type Figure } from './report';

const MiB = 2 ** 20;

export interface Side {
  name: string;
  wallS: number;
  /** The simulator's gauge: the most outside requests in flight at once during the side. */
  peakCalls: number;
  completed: number;
  /** Port-outs that ended (any outcome) by the end of the side; all of them unless the time limit hit. */
  ended: number;
  finished: boolean;
  /** Port-outs by outcome (those that ended). */
  outcomes: Record<string, number>;
  rss: { peakMiB: number; startMiB: number; points: [number, number][] };
  /** (seconds since the first start, port-outs ended). */
  progress: [number, number][];
  window: WindowStats;
  /** Activity attempts that failed (the worker's counter): retried, but each costs a backoff. */
  activityFailures: number;
  /** ERROR lines the server logged during the side, by message. */
  serverErrors: string[];
  /** Answers asked again after an error (an update's deadline under load), and the first few errors. */
  answersRetried: number;
  answerErrors: string[];
  /** Starts that failed (the API answered an error). */
  errors: string[];
}

export interface BatchSide extends Side {
  status: BatchStatus;
  runs: RunHistory[];
  /** Items the batch never listed as waiting on a person though they were (found in visibility). */
  lostReports: string[];
  /** Waiting 15 s, not listed, and the batch answered no query: answered from visibility. */
  unlisted: string[];
  /** The longest stretch without an answer to getBatch. */
  queryGapMaxS: number;
}

export const countErrors = (summary: string[]) => summary.reduce((n, l) => n + Number(/^(\d+)x/.exec(l)?.[1] ?? 0), 0);

export function batchFigures(b: BatchSide, s: Side, items: number, concurrency: number): Figure[] {
  const sep = (value: number) => ({ baseline: { name: 'separate starts', value } });
  const events = b.runs.reduce((n, r) => n + r.events, 0);
  const bytes = b.runs.reduce((n, r) => n + r.bytes, 0);
  const maxEvents = Math.max(...b.runs.map((r) => r.events));
  const maxBytes = Math.max(...b.runs.map((r) => r.bytes));
  const [bLog, sLog] = [countErrors(b.serverErrors), countErrors(s.serverErrors)];
  const c = concurrency;
  const cut = (x: Side) => (x.finished ? '' : ` (time limit: only ${x.ended} ended)`);
  return [
    fig(`batch of ${items}: wall time, start call to drained${cut(b)}`, b.wallS, 's', sep(s.wallS)),
    fig(`separate starts: wall time, first start to all ${items} ended${cut(s)}`, s.wallS, 's'),
    fig('batch: peak concurrent outside calls', b.peakCalls, 'calls', {
      ...sep(s.peakCalls),
      target: `<= ${c}`,
      met: b.peakCalls <= c,
    }),
    fig('separate starts: peak concurrent outside calls (no limit applies)', s.peakCalls, 'calls'),
    fig('batch: most items active at once (peakActive)', b.status.peakActive, 'items', {
      target: `<= ${c}`,
      met: b.status.peakActive <= c,
    }),
    fig('batch: worker RSS peak', b.rss.peakMiB, 'MiB', sep(s.rss.peakMiB)),
    fig('separate starts: worker RSS peak', s.rss.peakMiB, 'MiB'),
    fig('batch workflow: runs (continue-as-new)', b.runs.length, 'runs'),
    fig('batch workflow: history events, all runs', events, 'events'),
    fig('batch workflow: history size, all runs', bytes / MiB, 'MiB'),
    fig('batch workflow: history events per item', events / items, 'events'),
    fig('batch workflow: largest run, history events', maxEvents, 'events', {
      target: '< 50000',
      met: maxEvents < 50_000,
    }),
    fig('batch workflow: largest run, history size', maxBytes / MiB, 'MiB', {
      target: '< 50 MB',
      met: maxBytes < 50e6,
    }),
    fig('batch: items waiting on the owner that the batch did not list (report lost)', b.lostReports.length, 'items', {
      target: '0',
      met: b.lostReports.length === 0,
    }),
    fig('batch: longest stretch without an answer to getBatch', b.queryGapMaxS, 's'),
    fig('port-outs completed: batch / separate starts', b.completed, `/ ${s.completed}`, {
      target: `${items} / ${items}`,
      met: b.completed === items && s.completed === items,
    }),
    fig('activity attempts failed (retried): batch / separate starts', b.activityFailures, `/ ${s.activityFailures}`),
    fig('server log errors: batch / separate starts', bLog, `/ ${sLog}`, { target: '0', met: bLog + sLog === 0 }),
    fig('answers asked again after an error: batch / separate starts', b.answersRetried, `/ ${s.answersRetried}`),
    fig('starts refused by the API (separate starts)', s.errors.length, '', {
      target: '0',
      met: s.errors.length === 0,
    }),
  ];
}
