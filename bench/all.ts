/**
 * Every benchmark, one after the other, each in its own process with its own server
 * (`npm run bench:all`; `-- --quick` for small sizes), then the results section of bench/README.md
 * regenerated from bench/results/*.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from './harness/args';
import { figuresTable, RESULTS_DIR, type BenchReport } from './harness/report';
import { round } from './harness/stats';

const args = parseArgs({ quick: false, only: '' });

/** Name, script, and the arguments of a quick run (the defaults are the full run). */
const BENCHMARKS: [string, string, string[]][] = [
  ['cold-start', 'cold-start.ts', ['--runs=2', '--live-runs=1']],
  ['history', 'history-budget.ts', []],
  ['pin-latency', 'pin-latency.ts', ['--samples=40', '--others=50']],
  ['throughput', 'throughput.ts', ['--clients=10', '--warmup=3', '--duration=10']],
  ['burst', 'burst.ts', ['--n=100', '--rates=0,20']],
  ['capacity', 'capacity.ts', ['--sizes=100,300', '--settle-ms=2000']],
  ['entity-leases', 'entity-leases.ts', ['--cycles=1000', '--samples=40']],
  ['batch', 'batch.ts', ['--items=200']],
  [
    'observability-cost',
    'observability-cost.ts',
    ['--samples=40', '--warmup=5', '--clients=10', '--loop-warmup=5', '--duration=10', '--rounds=1'],
  ],
  // Needs the cluster's binaries (`npm run cluster:binaries`): without them it fails at once, saying so.
  ['cluster', 'cluster.ts', ['--clients=10', '--warmup=5', '--duration=15', '--samples=20', '--pin-warmup=3']],
];

const README = path.resolve(__dirname, 'README.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function section(r: BenchReport): string {
  const plots = ['latency', 'memory', 'progress']
    .map((k) => `${r.name}-${k}.svg`)
    .filter((f) => existsSync(path.join(RESULTS_DIR, f)));
  return [
    `### ${r.title}`,
    '',
    `\`${r.command}\` — ${r.finishedAt ?? r.startedAt}, load average ${round(r.machine.loadavgStart, 1)} → ${round(r.machine.loadavgEnd ?? NaN, 1)} ` +
      `([details](results/${r.name}.md))`,
    '',
    figuresTable(r.figures),
    '',
    ...plots.map((p) => `![${p}](results/${p})`),
    ...(plots.length ? [''] : []),
  ].join('\n');
}

/** Rewrites the README between its markers with the latest result of every benchmark. */
export function updateReadme(): void {
  const reports = BENCHMARKS.map(([name]) => path.join(RESULTS_DIR, `${name}.json`))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchReport);
  const readme = readFileSync(README, 'utf8');
  const [before, rest] = readme.split(START);
  const after = rest?.split(END)[1];
  if (before === undefined || after === undefined)
    throw new Error(`bench/README.md lacks the ${START} ... ${END} markers`);
  writeFileSync(README, `${before}${START}\n\n${reports.map(section).join('\n')}\n${END}${after}`);
}

function run(): number {
  const failed: string[] = [];
  for (const [name, script, quick] of BENCHMARKS) {
    if (args.only && !args.only.split(',').includes(name)) continue;
    process.stderr.write(`\n[bench:all] ${name}\n`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, script), ...(args.quick ? quick : [])],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) failed.push(name);
  }
  updateReadme();
  process.stderr.write(
    `\n[bench:all] README updated; ${failed.length ? `FAILED: ${failed.join(', ')}` : 'all benchmarks ran'}\n`,
  );
  return failed.length ? 1 : 0;
}

if (require.main === module) process.exit(run());
