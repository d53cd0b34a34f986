/**
 * The bare-SDK control of bench/pin-latency.ts: starts bench/sdk-floor-worker.ts on the bench's
 * server, parks its workflows, and calls their two updates through a client with the SDK's default
 * data converter (the bare worker has no codec).
 */
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { spawnManaged, waitUntil } from '../../scripts/stack/processes';
import { childEnv } from '../../temporal.config';
import { floorPingLocalUpdate, floorPingUpdate, floorReleaseSignal } from '../workflows/sdk-floor';
import { freePort } from './server';
import { stopManaged } from './worker';

const ENTRY = path.resolve(__dirname, '../sdk-floor-worker.ts');
const TASK_QUEUE = 'sdk-floor';

export interface SdkFloor {
  /** A plain update on parked workflow `i` (modulo the number parked). */
  ping(i: number): Promise<unknown>;
  /** An update that runs one no-op local activity before answering. */
  pingLocal(i: number): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startSdkFloor(address: string, opts: { parked: number; logFile: string }): Promise<SdkFloor> {
  const healthPort = await freePort();
  const managed = spawnManaged('sdk-floor-worker', process.execPath, ['--import', 'tsx', ENTRY], {
    env: childEnv({ TEMPORAL_ADDRESS: address, FLOOR_TASK_QUEUE: TASK_QUEUE, FLOOR_HEALTH_PORT: healthPort }),
    logFile: opts.logFile,
  });
  // Bundles its workflow with webpack at start (no prebuilt bundle: nothing of ours in it).
  await waitUntil('sdk floor worker', async () => (await fetch(`http://127.0.0.1:${healthPort}/`)).ok, {
    timeoutMs: 120_000,
    process: managed,
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const handles: WorkflowHandle[] = await Promise.all(
    Array.from({ length: opts.parked }, (_, i) =>
      client.workflow.start('sdkFloorWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: `sdk-floor-${i}-${Date.now()}`,
      }),
    ),
  );
  const at = (i: number) => handles[i % handles.length] as WorkflowHandle;
  return {
    ping: (i) => at(i).executeUpdate(floorPingUpdate, { args: [i] }),
    pingLocal: (i) => at(i).executeUpdate(floorPingLocalUpdate, { args: [i] }),
    async stop() {
      await Promise.all(handles.map((h) => h.signal(floorReleaseSignal).catch(() => undefined)));
      await connection.close();
      await stopManaged(managed);
    },
  };
}
