/**
 * Control endpoints (`/_sim/...`): script numbers, act as the humans (accept MoB, disable 2FA,
 * approve a partner change, resolve a ticket), read the phone's inbox and the counters, inject
 * faults; Cloud-API sources, destinations and Meta's clock in routes-control-cloud.ts. Never
 * subject to fault injection. Documented in simulator/README.md.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { preset, PRESET_NAMES } from './catalog';
import type { SimContext } from './context';
import { applyScenario, channelControlView, numberView, seedWaba, wabaControlView } from './control-ops';
import { FaultsSchema } from './faults';
import { registerControlCloud } from './routes-control-cloud';
import { clearIdempotency } from './idempotency';
import { pcrView } from './routes-360dialog-partner';
import { ticketView } from './routes-support';
import { BalancePatchSchema, PartnerSettingsPatchSchema, ScenarioPatchSchema, SeedWabaSchema } from './scenarios';

type E = { Params: { e164: string } };
type Id = { Params: { id: string } };

const ScriptErrorBody = z
  .object({
    op: z.string().min(1),
    preset: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    times: z.number().int().min(1).default(1),
    /** Only requests whose URL, JSON body or Idempotency-Key contain this (one test's number, WABA, key). */
    match: z.string().min(1).optional(),
    /** Instead of an error: run the handler, then never answer (the effect happens, the response is lost). */
    hang: z.literal(true).optional(),
  })
  .refine((b) => b.preset !== undefined || b.status !== undefined || b.hang, 'give a preset, a status or hang: true');

const e164Of = (raw: string) => (raw.startsWith('+') ? raw : `+${raw.trim()}`);

function fail(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ error });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  void fail(reply, 400, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return undefined;
}

export function registerControl(app: FastifyInstance, ctx: SimContext): void {
  const { state, faults } = ctx;

  app.post('/_sim/reset', () => {
    state.reset();
    faults.reset();
    clearIdempotency(state);
    return { reset: true };
  });
  app.get('/_sim/counters', () => state.counters);
  // Concurrent requests on the services' routes; the peak resets to what is in flight now.
  app.get('/_sim/in-flight', () => state.counters.requestsInFlight);
  app.delete('/_sim/in-flight/peak', () => {
    const gauge = state.counters.requestsInFlight;
    gauge.peak = gauge.current;
    return gauge;
  });

  app.get('/_sim/faults', () => faults.config);
  app.post('/_sim/faults', (req, reply) => {
    const cfg = parse(FaultsSchema, req.body, reply);
    if (!cfg) return reply;
    faults.set(cfg);
    return cfg;
  });
  app.delete('/_sim/faults', () => {
    faults.reset();
    return faults.config;
  });

  app.get('/_sim/errors', () => ({ scripted: faults.listScripted(), presets: PRESET_NAMES }));
  app.post('/_sim/errors', (req, reply) => {
    const b = parse(ScriptErrorBody, req.body, reply);
    if (!b) return reply;
    if (b.hang) {
      faults.script(b.op, { hang: true }, b.times, b.match);
      return { scripted: faults.listScripted() };
    }
    const response = b.preset
      ? preset(b.preset)
      : { status: b.status as number, body: b.body ?? {}, headers: b.headers };
    if (!response) return fail(reply, 400, `unknown preset ${b.preset}; see GET /_sim/errors`);
    faults.script(
      b.op,
      b.headers ? { ...response, headers: { ...response.headers, ...b.headers } } : response,
      b.times,
      b.match,
    );
    return { scripted: faults.listScripted() };
  });
  app.delete('/_sim/errors', () => {
    faults.clearScripted();
    return { scripted: [] };
  });

  // Numbers: scenario, human actions, the phone's inbox.
  const scenario = (req: { params: { e164: string }; body: unknown }, reply: FastifyReply) => {
    const patch = parse(ScenarioPatchSchema, req.body, reply);
    return patch ? numberView(state, applyScenario(state, e164Of(req.params.e164), patch)) : reply;
  };
  app.put<E>('/_sim/numbers/:e164/scenario', scenario);
  app.post<E>('/_sim/numbers/:e164/scenario', scenario);
  app.get<E>('/_sim/numbers/:e164', (req) => numberView(state, state.number(e164Of(req.params.e164))));
  app.get<E>('/_sim/inbox/:e164', (req) => state.inbox(e164Of(req.params.e164)));
  app.post<E>('/_sim/numbers/:e164/accept-mob', (req) =>
    numberView(state, applyScenario(state, e164Of(req.params.e164), { mobAccepted: true })),
  );
  app.post<E>('/_sim/numbers/:e164/disable-2fa', (req) =>
    numberView(state, applyScenario(state, e164Of(req.params.e164), { twoFaEnabled: false })),
  );
  app.post<E>('/_sim/numbers/:e164/enable-2fa', (req) =>
    numberView(state, applyScenario(state, e164Of(req.params.e164), { twoFaEnabled: true })),
  );
  app.post<E>('/_sim/numbers/:e164/complete-setup', (req, reply) => {
    const n = state.findNumber(e164Of(req.params.e164));
    const ch = n?.channelId ? state.channels.get(n.channelId) : undefined;
    if (!ch) return fail(reply, 404, 'number has no channel');
    ch.phase = 'running';
    return channelControlView(state, ch.id);
  });
  app.post<E>('/_sim/numbers/:e164/left', (req, reply) => {
    const n = state.findNumber(e164Of(req.params.e164));
    const ch = n?.channelId ? state.channels.get(n.channelId) : undefined;
    if (!ch) return fail(reply, 404, 'number has no channel');
    ch.phase = 'migrated_away';
    return channelControlView(state, ch.id);
  });

  app.get<Id>(
    '/_sim/channels/:id',
    (req, reply) => channelControlView(state, req.params.id) ?? fail(reply, 404, 'no such channel'),
  );
  app.post<Id>('/_sim/channels/:id/complete-setup', (req, reply) => {
    const ch = state.channels.get(req.params.id);
    if (!ch) return fail(reply, 404, 'no such channel');
    ch.phase = 'running';
    return channelControlView(state, ch.id);
  });

  // WABAs, clients, partners and partner change requests.
  app.post('/_sim/wabas', (req, reply) => {
    const seed = parse(SeedWabaSchema, req.body, reply);
    return seed ? reply.code(201).send(seedWaba(state, seed)) : reply;
  });
  app.get<Id>(
    '/_sim/wabas/:id',
    (req, reply) => wabaControlView(state, req.params.id) ?? fail(reply, 404, 'no such WABA'),
  );
  app.post<Id>('/_sim/wabas/:id/company-info', (req, reply) => {
    if (!state.wabas.has(req.params.id)) return fail(reply, 404, 'no such WABA');
    state.clientOfWaba(req.params.id).companyInfoComplete = true;
    return wabaControlView(state, req.params.id);
  });
  app.post<Id>('/_sim/wabas/:id/payment-method', (req, reply) => {
    if (!state.wabas.has(req.params.id)) return fail(reply, 404, 'no such WABA');
    state.clientOfWaba(req.params.id).hasPaymentMethod = true;
    return wabaControlView(state, req.params.id);
  });
  // The client's account: prepaid funds (negative = owed) and invoices not paid yet.
  app.put<Id>('/_sim/wabas/:id/balance', (req, reply) => {
    if (!state.wabas.has(req.params.id)) return fail(reply, 404, 'no such WABA');
    const patch = parse(BalancePatchSchema, req.body, reply);
    if (!patch) return reply;
    Object.assign(state.clientOfWaba(req.params.id), patch);
    return wabaControlView(state, req.params.id);
  });
  app.put<Id>('/_sim/partners/:id', (req, reply) => {
    const patch = parse(PartnerSettingsPatchSchema, req.body, reply);
    if (!patch) return reply;
    Object.assign(state.partner(req.params.id), patch);
    return { partnerId: req.params.id, ...state.partner(req.params.id) };
  });
  app.get('/_sim/pcrs', () => [...state.pcrs.values()].map((p) => pcrView(state, p)));
  app.post<Id>('/_sim/pcrs/:id/approve', (req, reply) => {
    const p = state.pcrs.get(req.params.id);
    if (!p) return fail(reply, 404, 'no such partner change request');
    if (state.pcrStatus(p) === 'pending' || p.status === 'created') state.completePcr(p);
    return pcrView(state, p);
  });
  // Rejected by the destination partner, or failed on 360dialog's side (both end a pending request).
  const endPcr =
    (status: 'rejected' | 'failed', defaultReason: string) =>
    (req: { params: { id: string }; body: unknown }, reply: FastifyReply) => {
      const p = state.pcrs.get(req.params.id);
      if (!p) return fail(reply, 404, 'no such partner change request');
      const body = (req.body ?? {}) as { reason?: unknown };
      if (state.pcrStatus(p) === 'pending' || p.status === 'created') {
        p.status = status;
        p.failureReason = typeof body.reason === 'string' ? body.reason : defaultReason;
      }
      return pcrView(state, p);
    };
  app.post<Id>('/_sim/pcrs/:id/reject', endPcr('rejected', 'Rejected by the destination partner'));
  app.post<Id>('/_sim/pcrs/:id/fail', endPcr('failed', 'The partner change failed'));

  registerControlDesk(app, ctx);
  registerControlCloud(app, ctx);
}

/** Tickets, callbacks and websites. */
function registerControlDesk(app: FastifyInstance, { state }: SimContext): void {
  app.put('/_sim/support', (req, reply) => {
    const b = parse(z.object({ autoResolveAfterMs: z.number().int().min(0).nullable() }), req.body, reply);
    if (!b) return reply;
    state.support.autoResolveAfterMs = b.autoResolveAfterMs;
    return state.support;
  });
  app.get('/_sim/tickets', () =>
    [...state.tickets.values()].map((t) => ({ ...ticketView(state, t), comments: t.comments })),
  );
  app.post<Id>('/_sim/tickets/:id/resolve', (req, reply) => {
    const t = state.tickets.get(req.params.id);
    if (!t) return fail(reply, 404, 'no such ticket');
    t.status = 'solved';
    return ticketView(state, t);
  });
  app.post<Id>('/_sim/tickets/:id/status', (req, reply) => {
    const t = state.tickets.get(req.params.id);
    const b = parse(z.object({ status: z.enum(['new', 'open', 'pending', 'solved']) }), req.body, reply);
    if (!b) return reply;
    if (!t) return fail(reply, 404, 'no such ticket');
    t.status = b.status;
    return ticketView(state, t);
  });

  app.get<{ Params: { name: string } }>('/_sim/callbacks/:name', (req) => state.callbacks.get(req.params.name) ?? []);
  app.put<{ Params: { name: string } }>('/_sim/callbacks/:name', (req, reply) => {
    const b = parse(z.object({ status: z.number().int().min(200).max(599) }), req.body, reply);
    if (!b) return reply;
    state.callbackStatus.set(req.params.name, b.status);
    return { name: req.params.name, status: b.status };
  });
  app.delete<{ Params: { name: string } }>('/_sim/callbacks/:name', (req) => {
    state.callbacks.delete(req.params.name);
    return { name: req.params.name, events: 0 };
  });

  app.put<{ Params: { name: string } }>('/_sim/sites/:name', (req, reply) => {
    const b = parse(
      z.object({ status: z.number().int().min(200).max(599).default(200), hang: z.boolean().default(false) }),
      req.body,
      reply,
    );
    if (!b) return reply;
    state.sites.set(req.params.name, b);
    return { name: req.params.name, ...b };
  });
}
