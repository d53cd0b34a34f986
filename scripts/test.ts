/**
 * `npm test`: prepares the Temporal binaries (cached; built on first use), runs the Jest suite
 * against the real dev server, time-skipping server and simulator, and prints a one-line summary.
 * Extra arguments go to Jest (`npm test -- test/workflows`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../temporal.config';
import { ensureTemporalCli, ensureTestServer } from './temporal-binaries';

const config = loadConfig();
ensureTemporalCli(config);
ensureTestServer(config);

const report = path.join(tmpdir(), `jest-report-${process.pid}.json`);
const jest = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  process.stdout.write(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
  rmSync(report, { force: true });
} catch {
  process.stdout.write('\nTests: no report (Jest did not run to completion)\n');
}
process.exit(jest.status ?? 1);
