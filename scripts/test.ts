/**
 * `npm test`: first the server-free unit tier (jest.unit.config.ts, seconds, no binaries needed),
 * then prepares the Temporal binaries (cached; built on first use) and runs the Jest suite against
 * the real dev server, time-skipping server and simulator, in two phases on our 2 cores: the bulk
 * in parallel, then the heavy suites (whole-stack, crash, browser) one at a time, so no suite
 * starves the shared SQLite dev server. Last, the cluster phase (jest.cluster.config.ts): the
 * production-shaped Temporal of `npm run cluster` on PostgreSQL, its failover tests and the suites
 * that must answer the same there. Ends with one summary line counting every phase.
 * Extra arguments go to a single Jest run instead (`npm test -- test/workflows`); paths that are
 * all under test/unit run with the unit config and need no binaries; `--cluster` runs the cluster
 * phase alone (`npm run test:cluster`, extra arguments go to it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnv, loadConfig } from '../temporal.config';
import { ensureTemporalCli, ensureTestServer } from './temporal-binaries';

const HEAVY = [
  'test/reliability/',
  'test/batches/batch-200',
  'test/ops/',
  'test/security/full-stack-logs',
  'test/api/schemathesis',
];

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

const UNIT = ['--config', 'jest.unit.config.ts'];
// As in `npm run test:unit`: load the unit config without type-checking it (typecheck covers it).
const UNIT_ENV = { TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SKIP_PROJECT: 'true' };

function jest(args: string[], phase: string, env: Record<string, string> = {}): { status: number; report?: Report } {
  const file = path.join(tmpdir(), `jest-report-${process.pid}-${phase}.json`);
  process.stdout.write(`\n::: jest ${phase}: ${args.join(' ')}\n`);
  const run = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${file}`, ...args],
    { stdio: 'inherit', env: childEnv(env) },
  );
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    rmSync(file, { force: true });
    return { status: run.status ?? 1, report };
  } catch {
    return { status: run.status ?? 1 };
  }
}

const CLUSTER = ['--config', 'jest.cluster.config.ts', '--runInBand'];

const onlyCluster = process.argv.includes('--cluster');
const extra = process.argv.slice(2).filter((a) => a !== '--cluster');
const onlyUnit = !onlyCluster && extra.length > 0 && extra.every((a) => a.replace(/^\.\//, '').startsWith('test/unit'));
const results: ReturnType<typeof jest>[] = [];
if (!onlyCluster && (!extra.length || onlyUnit)) results.push(jest([...UNIT, ...extra], 'unit', UNIT_ENV));
if (!onlyUnit && !onlyCluster) {
  const config = loadConfig();
  ensureTemporalCli(config);
  ensureTestServer(config);
  const phases: [string, string[]][] = extra.length
    ? [['selected', extra]]
    : [
        // A CLI ignore list replaces the config's, so it repeats test/unit (run above).
        ['parallel', ['--testPathIgnorePatterns', 'test/unit/', 'test/cluster/', ...HEAVY]],
        ['serial', ['--runInBand', ...HEAVY]],
      ];
  for (const [name, args] of phases) results.push(jest(args, name));
}
if (onlyCluster || !extra.length) results.push(jest([...CLUSTER, ...extra], 'cluster'));
const sum = (k: keyof Report) => results.reduce((n, r) => n + (r.report?.[k] ?? 0), 0);
const incomplete = results.some((r) => !r.report);
// Jest's own summary shape, so a CI log parser reads the whole run's count on the last such line.
const counts = [
  sum('numFailedTests') && `${sum('numFailedTests')} failed`,
  sum('numPendingTests') && `${sum('numPendingTests')} skipped`,
  `${sum('numPassedTests')} passed`,
  `${sum('numFailedTests') + sum('numPendingTests') + sum('numPassedTests')} total`,
].filter(Boolean);
process.stdout.write(
  `\nTests:       ${counts.join(', ')}${incomplete ? ' (a Jest phase did not run to completion)' : ''}\n`,
);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
