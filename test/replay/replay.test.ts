/**
 * Deploy safety: every committed history (recorded from real runs of each workflow type and
 * branch, one folder per release still in flight) replays with the current workflow code; a
 * deliberately incompatible change fails. docs/versioning.md says how the folders come and go.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { loadConfig } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { HISTORIES_DIR, RELEASE } from '../harness/replay-fixtures';

/** `<release>/<name>.json` for every release folder kept. */
const fixtures = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
const named = (prefix: string) => (f: string) => path.basename(f).startsWith(prefix);
const load = (file: string) => {
  const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown;
  return { workflowId: recordedWorkflowId(history) ?? path.basename(file).replace(/\.json$/, ''), history };
};

/**
 * The run's own workflow ID where the code derives something from it that the history compares (a
 * child's ID: `<migration ID>:templates:<run>`); the history itself does not name it.
 */
function recordedWorkflowId(history: unknown): string | undefined {
  const events = (
    history as { events?: { startChildWorkflowExecutionInitiatedEventAttributes?: { workflowId?: string } }[] }
  ).events;
  const child = events?.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
    ?.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
  return child?.match(/^(.*):templates:[^:]+$/)?.[1];
}
const options = () => ({
  workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
  dataConverter: dataConverter(loadConfig({})),
});

/**
 * Name prefixes the current release must have a fixture of: every migration kind, both port-in
 * paths (the Cloud API's happy path, its register-budget wait and its Embedded Signup way) and both
 * entities.
 */
const REQUIRED = [
  'port-in',
  'port-in-cloud-completed',
  'port-in-cloud-register-budget-wait',
  'port-in-cloud-embedded-signup',
  'port-out',
  'partner-change',
  'number-entity',
  'waba-entity',
];

test('replay fixtures of the current release exist for every workflow type', () => {
  const current = fixtures.filter((f) => path.dirname(f) === RELEASE);
  expect(REQUIRED.filter((kind) => !current.some(named(kind)))).toEqual([]);
});

test.each(fixtures)('%s replays with the current workflow code', async (file) => {
  await Worker.runReplayHistory(options(), load(file).history, load(file).workflowId);
});

test('a deliberately incompatible change fails replay with a readable determinism error', async () => {
  const file = fixtures.find((f) => named('port-in-happy-path')(f));
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
