/**
 * The versioning path of docs/versioning.md on a real in-flight run: a run starts under release N
 * and waits; release N's worker stops; release N+1 (a new activity behind `patched()`) finishes it
 * on the old branch while a new run takes the new one. Then: the same change unguarded cannot replay
 * the old run, and the `deprecatePatch()` release replays the new run's history.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { clientInterceptors } from '../../temporal/closed-channel';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { releaseSignal, type PatchingActivities } from './patching/old-release';

const address = () => process.env.TEST_TEMPORAL_ADDRESS as string;
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const bundle = async (release: string) =>
  (await bundleWorkflowCode({ workflowsPath: require.resolve(`./patching/${release}`), logger: quiet })).code;

let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
const taskQueue = `patching-${randomUUID()}`;

beforeAll(async () => {
  connection = await Connection.connect({ address: address(), interceptors: clientInterceptors() });
  nativeConnection = await NativeConnection.connect({ address: address() });
  client = new Client({ connection });
});
afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
});

/** Runs a worker of one release until `during` is done, then shuts it down. */
async function withRelease<T>(code: string, during: () => Promise<T>): Promise<T> {
  const activities: PatchingActivities = { announceWait: async () => undefined };
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: { code }, activities });
  return worker.runUntil(during);
}

async function startedWait(): Promise<WorkflowHandle> {
  const handle = await client.workflow.start('escalatingWaitWorkflow', {
    taskQueue,
    workflowId: `wait-${randomUUID()}`,
  });
  // Waiting: the worker has run the first workflow task, which set the wait's timers.
  for (let i = 0; i < 100 && (await timersStarted(handle)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  return handle;
}

async function timersStarted(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((e) => e.timerStartedEventAttributes).length;
}

async function activitiesScheduled(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** Patch markers in a run's history (recorded when `patched()` first answers true). */
async function patchMarkers(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length;
}

test('a run in flight keeps the old branch under patched(); a new run takes the new one', async () => {
  const oldRelease = await bundle('old-release');
  const newRelease = await bundle('new-release');
  const unguarded = await bundle('unguarded');
  const deprecated = await bundle('deprecated-patch');

  // Release N: the run starts and waits; then release N's worker stops.
  const inFlight = await withRelease(oldRelease, startedWait);
  expect(await timersStarted(inFlight)).toBe(2); // escalation and deadline: the run is waiting

  // Release N+1 finishes it, and starts a new run.
  const { oldRun, newRun, fresh } = await withRelease(newRelease, async () => {
    await inFlight.signal(releaseSignal);
    const oldRun = await inFlight.result();
    const fresh = await startedWait();
    await fresh.signal(releaseSignal);
    return { oldRun, newRun: await fresh.result(), fresh };
  });
  expect(oldRun).toEqual({ result: 'done', announced: false });
  expect(newRun).toEqual({ result: 'done', announced: true });
  expect(await activitiesScheduled(inFlight)).toEqual([]);
  expect(await activitiesScheduled(fresh)).toEqual(['announceWait']);
  expect(await patchMarkers(inFlight)).toBe(0);
  expect(await patchMarkers(fresh)).toBe(1);

  // The same change without the guard: the old run's history no longer replays, and says why.
  const oldHistory = await inFlight.fetchHistory();
  const error = await Worker.runReplayHistory({ workflowBundle: { code: unguarded } }, oldHistory).catch(
    (err: unknown) => err,
  );
  expect((error as Error).name).toBe('DeterminismViolationError');
  expect((error as Error).message).toMatch(/[Nn]ondeterminism/);

  // Once no run of release N is left: deprecatePatch() replays the histories that carry the marker.
  await Worker.runReplayHistory({ workflowBundle: { code: deprecated } }, await fresh.fetchHistory());
}, 120_000);
