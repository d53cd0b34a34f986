/**
 * Fault injection on the API routes (never on control routes): random 5xx answers in the service's
 * own envelope, added latency, and hangs. A hang happens AFTER the handler ran: the effect took
 * place but the response never arrives — the nastiest case for idempotency, on purpose.
 * Scripted errors (`POST /_sim/errors`) answer the next N calls of one operation with a preset,
 * or hang after the effect; `match` scopes them to requests naming one number, WABA, client or key.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SimResponse } from './catalog';
import { Counters } from './counters';
import type { SimState } from './state';

export type ServiceName = '360dialog' | 'meta' | 'support' | 'sites';

export const FaultsSchema = z.object({
  errorRate: z.number().min(0).max(1).default(0),
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  /** Extra random latency, uniform in [0, latencyJitterMs]: some calls slow, some not. */
  latencyJitterMs: z.number().int().min(0).max(120_000).default(0),
  hangRate: z.number().min(0).max(1).default(0),
  /** Services affected; default all. */
  services: z.array(z.enum(['360dialog', 'meta', 'support', 'sites'])).optional(),
  /** Seed for a reproducible sequence of faults. */
  seed: z.number().int().optional(),
});
export type FaultsConfig = z.infer<typeof FaultsSchema>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Operation name, e.g. `meta.requestCode`; scripted errors target it. */
    op?: string;
  }
  interface FastifyRequest {
    simHang?: boolean;
  }
}

/** mulberry32: tiny seeded PRNG, enough for reproducible fault sequences. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  config: FaultsConfig = FaultsSchema.parse({});
  private rand: () => number = Math.random;
  private scripted: ScriptedEntry[] = [];

  set(config: FaultsConfig): void {
    this.config = config;
    this.rand = config.seed === undefined ? Math.random : seeded(config.seed);
  }

  reset(): void {
    this.set(FaultsSchema.parse({}));
    this.scripted = [];
  }

  applies(service: ServiceName): boolean {
    return !this.config.services || this.config.services.includes(service);
  }

  roll(rate: number): boolean {
    return rate > 0 && this.rand() < rate;
  }

  random(): number {
    return this.rand();
  }

  script(op: string, answer: ScriptedAnswer, times: number, match?: string): void {
    this.scripted.push({ op, answer, remaining: times, match });
  }

  clearScripted(): void {
    this.scripted = [];
  }

  listScripted(): { op: string; status?: number; hang?: true; match?: string; remaining: number }[] {
    return this.scripted.map((s) => ({
      op: s.op,
      ...('hang' in s.answer ? { hang: true as const } : { status: s.answer.status }),
      match: s.match,
      remaining: s.remaining,
    }));
  }

  /**
   * The next scripted answer for `op` (`meta.*` style wildcards allowed), consuming one use. An
   * entry with `match` applies only when `request()` (URL, JSON body, Idempotency-Key) contains it.
   */
  take(op: string, request: () => string): ScriptedAnswer | undefined {
    const hit = this.scripted.find(
      (s) =>
        s.remaining > 0 &&
        (s.op === op || (s.op.endsWith('*') && op.startsWith(s.op.slice(0, -1)))) &&
        (s.match === undefined || request().includes(s.match)),
    );
    if (!hit) return undefined;
    hit.remaining--;
    this.scripted = this.scripted.filter((s) => s.remaining > 0);
    return hit.answer;
  }
}

/** A scripted error response, or a hang after the effect (the response is lost, as with `hangRate`). */
export type ScriptedAnswer = SimResponse | { hang: true };
interface ScriptedEntry {
  op: string;
  answer: ScriptedAnswer;
  remaining: number;
  match?: string;
}

/** What a scripted `match` is looked for in: the URL, the JSON body and the Idempotency-Key. */
function requestText(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  return `${req.url}\n${req.body === undefined ? '' : JSON.stringify(req.body)}\n${typeof key === 'string' ? key : ''}`;
}

export function send(reply: FastifyReply, r: SimResponse): FastifyReply {
  return reply
    .code(r.status)
    .headers(r.headers ?? {})
    .send(r.body);
}

/** Resolves after `ms`, or early when the client goes away (no timer outlives a closed socket). */
function sleepUnlessClosed(ms: number, reply: FastifyReply): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    reply.raw.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Installs fault injection in one service's scope. `serverError` builds that service's 5xx
 * envelope. `authenticate` runs before scripted errors, like the real gateway would.
 */
export function installFaults(
  scope: FastifyInstance,
  service: ServiceName,
  deps: {
    faults: Faults;
    state: SimState;
    serverError: () => SimResponse;
    authenticate?: (req: FastifyRequest) => SimResponse | undefined;
  },
): void {
  const { faults } = deps;
  scope.addHook('onRequest', async (req, reply) => {
    const counters = deps.state.counters;
    Counters.inc(counters.requestsByService, service);
    if (!faults.applies(service)) return;
    const { latencyMs, latencyJitterMs, errorRate, hangRate } = faults.config;
    // Injected errors answer at once (an overloaded gateway); latency delays the real handling.
    if (faults.roll(errorRate)) {
      counters.faults.errors++;
      return send(reply, deps.serverError());
    }
    const delay = latencyMs + (latencyJitterMs > 0 ? Math.round(faults.random() * latencyJitterMs) : 0);
    if (delay > 0) {
      counters.faults.delayed++;
      await sleepUnlessClosed(delay, reply);
    }
    if (faults.roll(hangRate)) req.simHang = true;
  });
  scope.addHook('preHandler', async (req, reply) => {
    const denied = deps.authenticate?.(req);
    if (denied) return send(reply, denied);
    const op = req.routeOptions.config.op;
    const scripted = op ? faults.take(op, () => requestText(req)) : undefined;
    if (!scripted) return;
    deps.state.counters.faults.scripted++;
    // A scripted hang lets the handler run (the effect happens) and loses the response in onSend.
    if ('hang' in scripted) req.simHang = true;
    else return send(reply, scripted);
  });
  scope.addHook('onSend', async (req, reply, payload) => {
    if (req.simHang) {
      deps.state.counters.faults.hangs++;
      await new Promise<void>((resolve) => reply.raw.once('close', () => resolve()));
    }
    return payload;
  });
}
