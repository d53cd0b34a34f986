/**
 * The migrations' side of the entities (workflows/entities/entity.ts): take a lease with
 * Update-with-Start (the entity is created on first use, one round trip), and record a register
 * call in the number's ledger. Both are idempotent per migration, so a retried activity (a worker
 * killed mid-call) asks again and gets the same answer.
 */
import { Context } from '@temporalio/activity';
import {
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  entityId,
  type EntityKind,
  type HeldLease,
  type LeaseAnswer,
  type LeaseRequest,
  type RegisterCallAnswer,
  type RegisterCallRequest,
} from '../contracts/entities';
import { acquireLeaseUpdate, evictEndedHolderUpdate, recordRegisterCallUpdate } from '../contracts/messages';
import type { TemporalDeps } from './exclusion';

export interface AcquireLeaseInput {
  entity: EntityKind;
  /** The E.164 number (either Brazilian form) or the WABA ID. */
  key: string;
  request: LeaseRequest;
}

export interface RecordRegisterCallInput {
  e164: string;
  request: RegisterCallRequest;
}

const ENTITY_WORKFLOW: Record<EntityKind, string> = { number: 'numberEntityWorkflow', waba: 'wabaEntityWorkflow' };

export function createLeaseActivities(temporal?: TemporalDeps) {
  const clientOf = (): Client => temporal?.client ?? Context.current().client;
  // An update waits for the entity's worker; the activity's cancellation (a timeout, worker
  // shutdown) must end that wait, or a draining worker waits on itself. The abort signal alone does
  // not end Update-with-Start's wait for the outcome (CI: a drain held 60 s by 14 asks), so the
  // cancellation also ends the activity itself; an ask asked again is answered the same (leases are
  // per holder).
  const cancellable = <T>(client: Client, ask: () => Promise<T>): Promise<T> => {
    const signal = Context.current().cancellationSignal;
    const cancelled = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return Promise.race([client.withAbortSignal(signal, ask), cancelled]);
  };
  return {
    /**
     * Granted, or refused naming the holders. A holder whose run has ended without releasing
     * (terminated, timed out, reset away) is evicted and the lease asked for once more.
     */
    async acquireLease(input: AcquireLeaseInput): Promise<LeaseAnswer> {
      const client = clientOf();
      const id = entityId(input.entity, input.key);
      return cancellable(client, async () => {
        const answer = await whileRestarting(() => askEntity(client, input, id));
        if (answer.granted) return answer;
        const evicted = await evictEnded(client, id, answer.heldBy);
        return evicted ? whileRestarting(() => askEntity(client, input, id)) : answer;
      });
    },

    /** Records a register/deregister call in the number's ledger before it is made (or says when it may be). */
    async recordRegisterCall(input: RecordRegisterCallInput): Promise<RegisterCallAnswer> {
      const client = clientOf();
      const handle = client.workflow.getHandle(entityId('number', input.e164));
      return cancellable(client, () =>
        whileRestarting(() => handle.executeUpdate(recordRegisterCallUpdate, { args: [input.request] })),
      );
    },
  };
}

/**
 * Asks again while the entity refuses with EntityRestarting (it is between two runs, for a few
 * milliseconds): the next attempt lands on the new run. Also while the server turns the update away
 * because the entity has its maximum of updates in flight (10 by default: a burst of migrations on
 * one WABA, e.g. a batch), after a short random pause, rather than failing the activity attempt and
 * waiting for its backoff. Anything else is the caller's to handle.
 */
async function whileRestarting<T>(ask: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (err) {
      const restarting =
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === 'EntityRestarting';
      const crowded = isCrowded(err);
      if ((!restarting && !crowded) || attempt >= 50) throw err;
      Context.current().heartbeat();
      const pause = restarting ? Math.min(20 * attempt, 200) : 50 + Math.random() * Math.min(50 * attempt, 500);
      await Context.current().sleep(pause);
    }
  }
}

// gRPC codes: the entity has too many updates in flight (8), or the server aborted one of them (14).
const CROWDED_CODES = new Set([8, 14]);

function isCrowded(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (
      isGrpcServiceError(e) &&
      CROWDED_CODES.has(e.code) &&
      /in-flight updates|update was aborted|could not be executed/.test(e.message)
    )
      return true;
  }
  return false;
}

async function askEntity(client: Client, input: AcquireLeaseInput, id: string): Promise<LeaseAnswer> {
  const canonicalKey = id.slice(id.indexOf(':') + 1);
  return client.workflow.executeUpdateWithStart(acquireLeaseUpdate, {
    args: [input.request],
    startWorkflowOperation: new WithStartWorkflowOperation(ENTITY_WORKFLOW[input.entity], {
      workflowId: id,
      taskQueue: Context.current().info.taskQueue,
      args: [{ kind: input.entity, key: canonicalKey }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: input.entity === 'number' ? `Number ${canonicalKey}` : `WABA ${canonicalKey}`,
      staticDetails: `Leases for the migrations of ${input.entity === 'number' ? 'number' : 'WABA'} ${canonicalKey}${
        input.entity === 'number' ? " and Meta's register budget (10 calls per 72 h)" : ''
      }. Query getEntity for holders, ledger and past migrations.`,
    }),
  });
}

/** Evicts the holders whose latest run is no longer running; true when any was released. */
async function evictEnded(client: Client, id: string, holders: HeldLease[]): Promise<boolean> {
  let released = false;
  for (const holder of holders) {
    const status = await latestStatus(client, holder.workflowId);
    if (status === 'RUNNING') continue;
    const answer = await whileRestarting(() =>
      client.workflow.getHandle(id).executeUpdate(evictEndedHolderUpdate, {
        args: [{ workflowId: holder.workflowId, runId: holder.runId, status }],
      }),
    );
    if (answer.released) {
      Context.current().log.warn('lease holder ended without releasing: evicted', {
        entity: id,
        holder: holder.workflowId,
        status,
      });
    }
    released ||= answer.released;
  }
  return released;
}

async function latestStatus(client: Client, workflowId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
    throw err;
  }
}
