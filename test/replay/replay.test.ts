/**
 * Deploy safety: every committed history (recorded from real runs of each workflow type and
 * branch) replays with the current workflow code; a deliberately incompatible change fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { loadConfig } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { HISTORIES_DIR } from '../harness/replay-fixtures';

const fixtures = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => ({
  workflowId: file.replace(/\.json$/, ''),
  history: JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown,
});
const options = () => ({
  workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
  dataConverter: dataConverter(loadConfig({})),
});

test('replay fixtures exist for every workflow type', () => {
  for (const kind of ['port-in', 'port-out', 'partner-change'])
    expect(fixtures.some((f) => f.startsWith(kind))).toBe(true);
});

test.each(fixtures)('%s replays with the current workflow code', async (file) => {
  await Worker.runReplayHistory(options(), load(file).history, load(file).workflowId);
});

test('a deliberately incompatible change fails replay with a readable determinism error', async () => {
  const file = fixtures.find((f) => f.startsWith('port-in') && f.includes('happy'));
  expect(file).toBeDefined();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./incompatible/workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const error = await Worker.runReplayHistory(
    { workflowBundle: { code }, dataConverter: options().dataConverter },
    load(file as string).history,
  ).catch((err: unknown) => err);
  expect((error as Error).name).toBe('DeterminismViolationError');
  expect(String((error as Error).message)).toMatch(/[Nn]ondeterminism|determinism/);
}, 60_000);
