/**
 * `npm test`: prepares the Temporal binaries (cached; built on first use) and runs the Jest suite
 * against the real dev server, time-skipping server and simulator, in two phases on our 2 cores:
 * the bulk in parallel, then the heavy suites (whole-stack, crash, browser) one at a time, so no
 * suite starves the shared SQLite dev server. Ends with one summary line.
 * Extra arguments go to a single Jest run instead (`npm test -- test/workflows`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../temporal.config';
import { ensureTemporalCli, ensureTestServer } from './temporal-binaries';

const HEAVY = ['test/reliability/', 'test/ops/', 'test/security/full-stack-logs'];

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

function jest(args: string[], phase: string): { status: number; report?: Report } {
  const file = path.join(tmpdir(), `jest-report-${process.pid}-${phase}.json`);
  process.stdout.write(`\n::: jest ${phase}: ${args.join(' ')}\n`);
  const run = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${file}`, ...args],
    {
      stdio: 'inherit',
    },
  );
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    rmSync(file, { force: true });
    return { status: run.status ?? 1, report };
  } catch {
    return { status: run.status ?? 1 };
  }
}

const config = loadConfig();
ensureTemporalCli(config);
ensureTestServer(config);

const extra = process.argv.slice(2);
const phases: [string, string[]][] = extra.length
  ? [['selected', extra]]
  : [
      ['parallel', ['--testPathIgnorePatterns', ...HEAVY]],
      ['serial', ['--runInBand', ...HEAVY]],
    ];
const results = phases.map(([name, args]) => jest(args, name));
const sum = (k: keyof Report) => results.reduce((n, r) => n + (r.report?.[k] ?? 0), 0);
const incomplete = results.some((r) => !r.report);
process.stdout.write(
  `\nTests: ${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed, ${sum('numPendingTests')} skipped` +
    `${incomplete ? ' (a Jest phase did not run to completion)' : ''}\n`,
);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
