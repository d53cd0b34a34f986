/**
 * Records the history of a finished test run as a replay fixture (test/replay/histories/), when
 * RECORD_REPLAY_FIXTURES=1. The replay suite then proves every committed history still replays
 * with the current workflow code: a non-deterministic change fails CI.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

export async function recordFixture(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_REPLAY_FIXTURES !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
