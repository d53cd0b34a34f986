/**
 * Records the history of a finished test run as a replay fixture (test/replay/histories/), when
 * RECORD_REPLAY_FIXTURES=1. The replay suite then proves every committed history still replays
 * with the current workflow code: a non-deterministic change fails CI.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

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
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), json);
}
