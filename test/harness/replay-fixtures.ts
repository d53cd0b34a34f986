/**
 * Records the history of a finished test run as a replay fixture, when RECORD_REPLAY_FIXTURES=1
 * (`npm run record:replay` re-records them all). Fixtures live in one folder per release,
 * test/replay/histories/<package.json version>/: the replay suite proves that every kept release's
 * histories still replay with the current workflow code (docs/versioning.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

/** The release being built: its fixtures go to its own folder. */
export const RELEASE = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

export async function recordFixture(
  handle: WorkflowHandle,
  name: string,
  address = process.env.TEST_TEMPORAL_ADDRESS as string,
): Promise<void> {
  if (process.env.RECORD_REPLAY_FIXTURES !== '1') return;
  // Exported the way ops would export a production history: `temporal workflow show -o json`.
  const json = execFileSync(
    process.env.TEST_TEMPORAL_CLI as string,
    ['workflow', 'show', '--workflow-id', handle.workflowId, '--output', 'json', '--address', address],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const dir = path.join(HISTORIES_DIR, RELEASE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), json);
}
