/**
 * What a number or WABA entity knows (contracts/entities.ts): who holds it now, its past
 * migrations and, for a number, Meta's register budget. The entities are the source of truth for
 * "who may touch this number"; visibility (describe.ts, list-migrations.ts) is for lists only.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  numberEntityId,
  REGISTER_BUDGET,
  wabaEntityId,
  type EntityState,
  type HeldLease,
  type PastLease,
} from '../contracts/entities';
import { getEntityQuery } from '../contracts/messages';
import { identifier, phoneNumberSchema } from '../contracts/schemas';
import { RegisterLedger } from '../workflows/entities/register-ledger';
import { parseInput, withQueryDeadline, type ClientDeps } from './context';
import { MigrationServiceUnavailableError } from './errors';

export interface RegisterBudgetView {
  limit: number;
  windowHours: number;
  used: number;
  remaining: number;
  /** Set when none are left: when the oldest call in the window leaves it. */
  nextFreeAt?: string;
}

interface KnownEntity {
  known: true;
  /** The entity's workflow ID, e.g. `number:+5511987654321`. */
  id: string;
  /** The canonical E.164 number or the WABA ID. */
  key: string;
  holders: HeldLease[];
  past: PastLease[];
  grants: number;
  generation: number;
}

/** `known: false`: no migration ever took a lease on it, so no entity exists ("never migrated"). */
export type UnknownEntity = { known: false; id: string };
export type NumberEntityView = UnknownEntity | (KnownEntity & { registerBudget: RegisterBudgetView });
// Register calls are counted per number; a WABA has no budget.
export type WabaEntityView = UnknownEntity | KnownEntity;

const numberInput = z.object({ e164: phoneNumberSchema });
const wabaInput = z.object({ wabaId: identifier });

/** Either Brazilian spelling finds the same entity. Throws InvalidMigrationInputError for a bad number. */
export async function describeNumber(deps: ClientDeps, e164: string): Promise<NumberEntityView> {
  const { e164: phone } = parseInput(numberInput, { e164 });
  const state = await queryEntity(deps, numberEntityId(phone.e164));
  if (!state) return { known: false, id: numberEntityId(phone.e164) };
  return { ...known(state), registerBudget: budgetOf(state, new Date()) };
}

/** Throws InvalidMigrationInputError for a string that cannot be a WABA ID. */
export async function describeWaba(deps: ClientDeps, wabaId: string): Promise<WabaEntityView> {
  const input = parseInput(wabaInput, { wabaId });
  const state = await queryEntity(deps, wabaEntityId(input.wabaId));
  return state ? known(state) : { known: false, id: wabaEntityId(input.wabaId) };
}

async function queryEntity(deps: ClientDeps, id: string): Promise<EntityState | undefined> {
  try {
    return await withQueryDeadline(deps, () => deps.client.workflow.getHandle(id).query(getEntityQuery));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    // Anything else is the entity (or Temporal) not answering: no worker on its task queue, a failing
    // task, a timeout. Temporary for the caller (503), never a conflict with a migration's state.
    const cause = (err as { cause?: { details?: string } }).cause?.details;
    throw new MigrationServiceUnavailableError(
      `${id} did not answer (is a worker running on its task queue?): ${cause ?? (err as Error).message}`,
      { cause: err },
    );
  }
}

function known(s: EntityState): KnownEntity {
  const { entityId: id, key, holders, past, grants, generation } = s;
  return { known: true, id, key, holders, past, grants, generation };
}

/**
 * From the ledger with this process's clock: the state's own budget was computed at the entity's
 * last workflow task, so for an idle entity it still counts calls that have left the window since.
 */
export function budgetOf(s: Pick<EntityState, 'registerCalls'>, now: Date): RegisterBudgetView {
  const { used, limit, nextPossibleAt } = new RegisterLedger(s.registerCalls).budget(now);
  return {
    limit,
    windowHours: REGISTER_BUDGET.windowMs / 3_600_000,
    used,
    remaining: Math.max(0, limit - used),
    ...(nextPossibleAt ? { nextFreeAt: nextPossibleAt } : {}),
  };
}
