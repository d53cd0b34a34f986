/**
 * The calls bench/entity-leases.ts makes on the server: the two activity bodies it compares (taking
 * a lease, the visibility check), the release signal, the entity's state, and every run of an entity.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createExclusionActivities, type ExclusionResult } from '../../activities/exclusion';
import { createLeaseActivities, type AcquireLeaseInput } from '../../activities/leases';
import type { EntityKind, EntityState, LeaseAnswer, LeaseMode } from '../../contracts/entities';
import { getEntityQuery, releaseLeaseSignal } from '../../contracts/messages';
import { portInBlockers } from '../../contracts/visibility';
import type { BenchStack } from './stack';
import { sleep } from './stats';

/** The activity bodies as the worker runs them, in a mocked activity context on the bench task queue. */
export function activityBodies(stack: BenchStack) {
  const temporal = { client: stack.client };
  const logger = new DefaultLogger('ERROR'); // a failed attempt is counted, not logged
  // A context per call, as each activity attempt on the worker has its own (and its own cancellation signal).
  const env = () =>
    new MockActivityEnvironment({ taskQueue: stack.config.TEMPORAL_TASK_QUEUE }, { client: stack.client, logger });
  const leases = createLeaseActivities(temporal);
  const exclusion = createExclusionActivities(temporal);
  return {
    acquire: (input: AcquireLeaseInput): Promise<LeaseAnswer> => env().run(() => leases.acquireLease(input)),
    conflicts: (e164: string, wabaId: string): Promise<ExclusionResult> =>
      env().run(() =>
        exclusion.findConflictingMigrations({
          selfWorkflowId: `port-in:${e164}`,
          blockers: portInBlockers(wabaId, e164),
        }),
      ),
  };
}
export type ActivityBodies = ReturnType<typeof activityBodies>;

const holder = (workflowId: string) => ({ workflowId, runId: randomUUID(), kind: 'port-in' as const });

export function leaseInput(entity: EntityKind, key: string, workflowId: string, mode: LeaseMode): AcquireLeaseInput {
  return { entity, key, request: { holder: holder(workflowId), mode } };
}

export const release = (client: Client, entity: string, workflowId: string) =>
  client.workflow.getHandle(entity).signal(releaseLeaseSignal, { workflowId, how: 'completed' });

export const entityState = (client: Client, id: string): Promise<EntityState> =>
  client.workflow.getHandle(id).query(getEntityQuery);

/** Queries the entity until `done` holds (the releases are signals: they land a moment later). */
export async function settled(client: Client, id: string, done: (s: EntityState) => boolean): Promise<EntityState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await entityState(client, id);
    if (done(s) || Date.now() > deadline) return s;
    await sleep(20);
  }
}

export interface RunInfo {
  runId: string;
  status: string;
  historyLength: number;
  historyBytes: number;
}

/**
 * Every run of a workflow ID (closed ones from visibility, the open one described, which is exact).
 * Unlike flows-batch.ts's historyOfRuns it fetches no history: visibility's length and size suffice.
 */
export async function runsOf(client: Client, workflowId: string, expected: number): Promise<RunInfo[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const runs: RunInfo[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push({
        runId: wf.runId,
        status: wf.status.name,
        historyLength: wf.historyLength,
        historyBytes: wf.historySize ?? NaN,
      });
    }
    const open = await client.workflow.getHandle(workflowId).describe();
    const current = runs.find((r) => r.runId === open.runId);
    if (current) Object.assign(current, { historyLength: open.historyLength, historyBytes: open.historySize ?? NaN });
    // Visibility is eventually consistent: a closed run's history length is written when it closes.
    const complete = runs.length >= expected && runs.every((r) => r.historyLength > 0);
    if (complete || Date.now() > deadline) return runs;
    await sleep(250);
  }
}
