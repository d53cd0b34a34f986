/**
 * The entity workflows: one per phone number and one per WABA, living for years, granting leases
 * to migrations and keeping the number's register ledger.
 *
 * Why this design (issue 18; see also docs/architecture.md#entities):
 * - Linearizable: every lease decision is made by one update handler of one workflow, and the
 *   handlers are synchronous (no await), so Temporal runs them one at a time in the order the
 *   server accepted them: the mutex sample's guarantee, without its queue of waiters.
 * - Never waits: a lease is granted or refused at once, naming the holder. Nobody waits for a
 *   lock, so a partner change and the migrations of its numbers cannot deadlock, and of two
 *   simultaneous conflicting starts exactly one wins (the first the entity accepted).
 * - Cheap: a migration takes its leases with Update-with-Start from an activity (one round trip,
 *   the entity is created on first use); the release is a signal from the holder's own end. A
 *   holder that cannot run code any more (terminated, timed out, reset away) is evicted by the next
 *   migration that finds it in the way and sees it closed (activities/leases.ts).
 * - Bounded: continue-as-new after DEFAULT_ENTITY_MAX_HISTORY events or ENTITY_MAX_RUN_AGE, whichever
 *   comes first, carries holders and ledgers; it waits for running handlers. From the moment the
 *   carried state is taken, validators refuse every update with EntityRestarting: an update the
 *   server hands this run after that (in the task that closes it) would otherwise be answered yet
 *   missing from the next run. The caller's activity asks again and lands on the next run.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  DEFAULT_ENTITY_MAX_HISTORY,
  ENTITY_MAX_RUN_AGE,
  entityId,
  type EntityInput,
  type EntityLedgers,
  type EntityState,
  type HeldLease,
} from '../../contracts/entities';
import { MIGRATION_KINDS } from '../../contracts/migration';
import {
  acquireLeaseUpdate,
  evictEndedHolderUpdate,
  getEntityQuery,
  recordRegisterCallUpdate,
  releaseLeaseSignal,
} from '../../contracts/messages';
import { rejectUpdate } from '../kit/updates';
import { LeaseBook } from './lease-book';
import { RegisterLedger } from './register-ledger';

export async function runEntity(input: EntityInput, _self: (input: EntityInput) => Promise<never>): Promise<never> {
  const carried: EntityLedgers = input.carried ?? {
    holders: [],
    past: [],
    registerCalls: [],
    grants: 0,
    generation: 0,
  };
  const generation = carried.generation + 1;
  const book = new LeaseBook(carried);
  const ledger = new RegisterLedger(carried.registerCalls);
  const id = entityId(input.kind, input.key);

  const state = (): EntityState => {
    const now = new Date();
    return {
      entityId: id,
      kind: input.kind,
      key: input.key,
      ...book.snapshot(),
      registerCalls: ledger.snapshot(now),
      registerBudget: ledger.budget(now),
      generation,
    };
  };
  const render = () => setCurrentDetails(describe(state()));
  let closing = false;
  const refuseWhileClosing = () => {
    if (closing) throw rejectUpdate('EntityRestarting', `${id} is starting its next run; ask again`);
  };

  setHandler(getEntityQuery, state);
  // Releases first: messages that arrived before a new run's first task are delivered as their
  // handlers are set, so a release acknowledged before an acquire was sent is applied before it.
  setHandler(releaseLeaseSignal, ({ workflowId, how }) => {
    if (book.release(workflowId, how, new Date())) render();
  });
  setHandler(
    acquireLeaseUpdate,
    (request) => {
      const answer = book.acquire(request, new Date());
      render();
      return answer;
    },
    {
      description: 'Take a lease on this entity (granted, or refused naming the holder)',
      validator: (request) => {
        refuseWhileClosing();
        const { holder, mode } = request ?? {};
        if (!holder?.workflowId || !holder.runId || !MIGRATION_KINDS.includes(holder.kind))
          throw rejectUpdate('InvalidLeaseRequest', 'a lease needs the holder workflowId, runId and migration kind');
        if (mode !== 'exclusive' && mode !== 'shared')
          throw rejectUpdate('InvalidLeaseRequest', 'mode must be exclusive or shared');
      },
    },
  );
  setHandler(
    evictEndedHolderUpdate,
    ({ workflowId, runId, status }) => {
      const released = book.release(
        workflowId,
        `run ended without releasing (${status.toLowerCase()})`,
        new Date(),
        runId,
      );
      if (released) render();
      return { released };
    },
    { description: 'Release the lease of a holder whose run has ended (terminated, timed out, reset)' },
  );
  setHandler(
    recordRegisterCallUpdate,
    ({ workflowId, call }) => {
      const answer = ledger.record(call, workflowId, new Date());
      render();
      return answer;
    },
    {
      description: "Record a register/deregister call before making it (Meta's 10 per 72 h budget)",
      validator: (request) => {
        refuseWhileClosing();
        if (input.kind !== 'number') throw rejectUpdate('NotANumber', 'register calls are counted per phone number');
        if (request?.call !== 'register' && request?.call !== 'deregister')
          throw rejectUpdate('InvalidRegisterCall', 'call must be register or deregister');
        if (!book.holds(request.workflowId ?? ''))
          throw rejectUpdate('NotLeaseHolder', `${request.workflowId} does not hold ${id}`);
      },
    },
  );
  render();

  const limit = input.maxHistoryEvents ?? DEFAULT_ENTITY_MAX_HISTORY;
  await condition(
    () => workflowInfo().historyLength >= limit || workflowInfo().continueAsNewSuggested,
    ENTITY_MAX_RUN_AGE,
  );
  // Handlers are synchronous today; waiting keeps a future async one from being cut off.
  await condition(allHandlersFinished);
  closing = true;
  const { holders, past, registerCalls, grants } = state();
  return continueAsNew<typeof _self>({ ...input, carried: { holders, past, registerCalls, grants, generation } });
}

/** The Web UI's one line: who holds it, the register budget, how many migrations it has seen. */
export function describe(s: EntityState): string {
  const title = s.kind === 'number' ? `Number ${s.key}` : `WABA ${s.key}`;
  const held = s.holders.length ? `held by ${s.holders.map(holderText).join(', ')}` : 'free';
  const budget =
    s.kind === 'number'
      ? ` · register calls ${s.registerBudget.used}/${s.registerBudget.limit} in 72 h` +
        (s.registerBudget.nextPossibleAt ? ` (next at ${s.registerBudget.nextPossibleAt})` : '')
      : '';
  return `**${title}** · ${held}${budget} · ${s.past.length} past migration(s)`;
}

function holderText(h: HeldLease): string {
  return `${h.workflowId} (${h.mode}, since ${h.since})`;
}
