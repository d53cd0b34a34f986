/** The history-budget figures (bench/history-budget.ts) from what each flow's history measured. */
import { fig, type Figure } from './report';

export interface Measured {
  name: string;
  events: number;
  /** Events other than workflow-task scheduled/started/completed: what the code commands and what answers it. */
  commandEvents: number;
  bytes: number;
  billable: number;
  byType: Record<string, number>;
  pollAttempts: number;
  largestPayload: { bytes: number; eventType: string };
  eventTypes: Record<string, number>;
}

export function historyFigures(
  flows: string[],
  m: Map<string, Measured>,
  proofs: [string, Measured, Measured][],
): Figure[] {
  const base = m.get('noop-act');
  const vsBase = (pick: (b: Measured) => number) => (base ? { name: 'noop-act', value: pick(base) } : undefined);
  const out: Figure[] = [];
  const names = flows.flatMap((flow) => [`${flow} happy path`, `${flow} worst case`]);
  for (const name of names) {
    const r = m.get(name);
    if (!r) continue;
    const worst = name.endsWith('worst case');
    out.push(
      fig(`${name}: history events`, r.events, 'events', {
        baseline: vsBase((b) => b.events),
        target: worst ? '< 4096' : undefined,
        met: worst ? r.events < 4096 : undefined,
      }),
    );
    out.push(
      fig(`${name}: history size`, r.bytes / 1024, 'KiB', {
        baseline: vsBase((b) => b.bytes / 1024),
        target: worst ? '< 4 MB' : undefined,
        met: worst ? r.bytes < 4 * 2 ** 20 : undefined,
      }),
    );
    out.push(
      fig(`${name}: billable actions (estimate)`, r.billable, 'actions', { baseline: vsBase((b) => b.billable) }),
    );
    if (r.pollAttempts)
      out.push(fig(`${name}: of which poll attempts (server-side retries)`, r.pollAttempts, 'actions'));
  }
  const [p1, p2] = [m.get('noop-park, 1 min'), m.get('noop-park, 1 h')];
  if (p1 && p2) proofs.unshift(['engine baseline (noop-park)', p1, p2]);
  for (const [label, short, long] of proofs) {
    const reminders = label.includes('reminders');
    out.push(
      fig(`${label}: command events, ${long.name} vs ${short.name}`, long.commandEvents, 'events', {
        baseline: { name: short.name, value: short.commandEvents },
        target: reminders ? 'grows only by reminders' : 'equal',
        met: reminders ? undefined : long.commandEvents === short.commandEvents,
      }),
      fig(`${label}: all events (incl. workflow tasks), ${long.name} vs ${short.name}`, long.events, 'events', {
        baseline: { name: short.name, value: short.events },
      }),
    );
  }
  const [poll1h, poll30s] = [m.get('MoB 6 h, poll 1 h'), m.get('MoB 6 h, poll 30 s')];
  if (poll1h && poll30s) {
    out.push(
      fig('MoB 6 h wait: billable actions, poll 30 s vs poll 1 h', poll30s.billable, 'actions', {
        baseline: { name: 'poll 1 h', value: poll1h.billable },
      }),
    );
  }
  const biggest = [...m.values()].sort((a, b) => b.largestPayload.bytes - a.largestPayload.bytes)[0];
  if (biggest)
    out.push(
      fig(
        `largest payload (${biggest.name}, ${biggest.largestPayload.eventType})`,
        biggest.largestPayload.bytes / 1024,
        'KiB',
        { target: '< 256 KB', met: biggest.largestPayload.bytes < 256 * 1024 },
      ),
    );
  return out;
}
