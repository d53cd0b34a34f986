/**
 * Results of one benchmark: printed as a table, saved as bench/results/<name>.json (everything,
 * including raw data) and <name>.md (the table plus the run's context), plus any SVG plots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineInfo } from './proc';
import type { ServerInfo } from './server';
import { round } from './stats';

export const RESULTS_DIR = path.resolve(__dirname, '../results');

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** The control it is compared with, e.g. "noop-act", and its value in the same unit. */
  baseline?: { name: string; value: number };
  /** value / baseline (for costs and latencies: how many times the control). */
  ratio?: number;
  target?: string;
  met?: boolean;
}

export interface BenchReport {
  name: string;
  title: string;
  command: string;
  startedAt: string;
  finishedAt?: string;
  machine: MachineInfo;
  server?: ServerInfo;
  worker?: { maxCachedWorkflows?: number | string; process: string };
  params: Record<string, unknown>;
  figures: Figure[];
  /** What limits the figures, bottlenecks, caveats: one sentence each. */
  notes: string[];
  data?: Record<string, unknown>;
}

/** A figure compared with its control; `ratio` is value / baseline. */
export function fig(
  metric: string,
  value: number,
  unit: string,
  more: Partial<Omit<Figure, 'metric' | 'value' | 'unit'>> = {},
): Figure {
  const f: Figure = { metric, value, unit, ...more };
  if (f.baseline && f.ratio === undefined && f.baseline.value) f.ratio = value / f.baseline.value;
  return f;
}

const fmt = (x: number | undefined, digits = 2) => {
  if (x === undefined || Number.isNaN(x)) return '';
  // A histogram quantile beyond its largest bucket (30 s for the SDK latencies).
  return x === Infinity ? '> 30000' : String(round(x, digits));
};

export function figuresTable(figures: Figure[]): string {
  const rows = figures.map((f) =>
    [
      f.metric,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline ? `${fmt(f.baseline.value)} (${f.baseline.name})` : '',
      f.ratio === undefined ? '' : `${fmt(f.ratio)}x`,
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'yes' : '**no**',
    ].join(' | '),
  );
  return [
    '| Figure | Value | Baseline | Ratio | Target | Met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

export function markdown(r: BenchReport, plots: string[]): string {
  const m = r.machine;
  const lines = [
    `# ${r.title}`,
    '',
    `Command: \`${r.command}\`  `,
    `Run: ${r.startedAt} to ${r.finishedAt ?? '?'} on ${m.nproc} cores (${m.cpuModel}), ${m.totalMemGiB} GiB, Node ${m.node}; ` +
      `load average ${fmt(m.loadavgStart)} at start, ${fmt(m.loadavgEnd)} at end (the machine is shared).  `,
  ];
  if (r.server) {
    lines.push(
      `Server: Temporal CLI ${r.server.cliVersion}, server ${r.server.serverVersion}, SQLite file with pragmas ${r.server.pragmas.join(', ')}.  `,
    );
  }
  if (r.worker)
    lines.push(`Worker: ${r.worker.process}; maxCachedWorkflows ${r.worker.maxCachedWorkflows ?? 'SDK default'}.  `);
  lines.push(
    `Parameters: ${Object.entries(r.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    '',
    figuresTable(r.figures),
    '',
  );
  if (r.notes.length) lines.push(...r.notes.map((n) => `- ${n}`), '');
  for (const p of plots) lines.push(`![${p}](${p})`, '');
  return lines.join('\n');
}

/** Prints the table and writes JSON, Markdown and plots under bench/results/ (raw samples under results/raw/, not committed). */
export function writeReport(r: BenchReport, svgs: Record<string, string> = {}, raw?: unknown): void {
  r.finishedAt = new Date().toISOString();
  r.machine.loadavgEnd = os.loadavg()[0];
  mkdirSync(path.join(RESULTS_DIR, 'raw'), { recursive: true });
  if (raw !== undefined) writeFileSync(path.join(RESULTS_DIR, 'raw', `${r.name}.json`), JSON.stringify(raw));
  const plots = Object.keys(svgs).map((k) => `${r.name}-${k}.svg`);
  for (const [k, svg] of Object.entries(svgs)) writeFileSync(path.join(RESULTS_DIR, `${r.name}-${k}.svg`), svg);
  writeFileSync(path.join(RESULTS_DIR, `${r.name}.json`), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, `${r.name}.md`), markdown(r, plots));
  process.stdout.write(`\n${r.title}\n${figuresTable(r.figures)}\n${r.notes.map((n) => `- ${n}`).join('\n')}\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), path.join(RESULTS_DIR, `${r.name}.md`))}\n`);
}
