/**
 * `Idempotency-Key` on costly POSTs: the first successful response is stored per operation and
 * key; a repeat returns it without repeating the effect. Failures are not stored, so a retry after
 * an error (channel not running yet, injected fault) really tries again.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counters } from './counters';
import type { SimState } from './state';

interface Stored {
  status: number;
  body: unknown;
}

const stores = new WeakMap<SimState, Map<string, Stored>>();

function store(state: SimState): Map<string, Stored> {
  let s = stores.get(state);
  if (!s) stores.set(state, (s = new Map()));
  return s;
}

export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

/**
 * Runs `effect` once per (operation, key). Without a key the effect runs every time, as the
 * real services do. Returns the reply (sent from the store on a repeat).
 */
export function once(
  state: SimState,
  op: string,
  req: FastifyRequest,
  reply: FastifyReply,
  effect: () => Stored,
): FastifyReply {
  const key = idempotencyKeyOf(req);
  // Scoped by operation and URL (a key reused for another channel is another request).
  const id = `${op}\u0000${req.url}\u0000${key}`;
  const previous = key ? store(state).get(id) : undefined;
  if (previous) {
    state.counters.idempotentReplays++;
    Counters.inc(state.counters.idempotentReplaysByOperation, op);
    return reply.code(previous.status).header('idempotent-replayed', 'true').send(previous.body);
  }
  const result = effect();
  if (key && result.status >= 200 && result.status < 300) store(state).set(id, result);
  return reply.code(result.status).send(result.body);
}

export function clearIdempotency(state: SimState): void {
  store(state).clear();
}
