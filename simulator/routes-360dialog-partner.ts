/**
 * 360dialog Partner API, accounts and partner change: clients (filtered by WABA), partner
 * requirements, partner change requests (payment processor, company info, payment method and the
 * exact list of numbers are checked; auto or manual approval), channel permissions for the new
 * partner, and subscription cancellation.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { D360, d360Error, type SimResponse } from './catalog';
import { page, parseFilters, parseOr, type SimContext } from './context';
import { Counters } from './counters';
import { once } from './idempotency';
import type { ClientState, PcrState, SimState } from './state';

type P = { pid: string };

const PcrBody = z.object({
  waba_id: z.string().min(1),
  destination_partner_id: z.string().min(1),
  channel_ids: z.array(z.string().min(1)).min(1),
});
const PermissionsBody = z.object({ partner_id: z.string().min(1), channel_ids: z.array(z.string().min(1)).min(1) });

const bad = (message: string) => d360Error(400, `Invalid request: ${message}`);
const notFound = (what: string) => d360Error(404, D360.notFound(what));
const isPartnerId = (id: string) => /PA$/.test(id);

function clientView(state: SimState, c: ClientState) {
  const waba = state.waba(c.wabaId);
  return {
    id: c.id,
    partner_id: c.partnerId,
    waba_id: c.wabaId,
    status: 'active',
    company_info_complete: c.companyInfoComplete,
    payment_method_attached: c.hasPaymentMethod,
    waba_ownership: waba.ownership,
    subscription_status: c.subscription,
  };
}

export function pcrView(state: SimState, p: PcrState) {
  return {
    id: p.id,
    waba_id: p.wabaId,
    source_partner_id: p.sourcePartnerId,
    destination_partner_id: p.destinationPartnerId,
    channel_ids: p.channelIds,
    is_full_migration: true,
    status: state.pcrStatus(p),
    failure_reason: p.failureReason ?? null,
  };
}

function createPcr(state: SimState, body: z.infer<typeof PcrBody>): SimResponse {
  const waba = state.wabas.get(body.waba_id);
  if (!waba) return notFound('WhatsApp Business Account');
  if (!isPartnerId(body.destination_partner_id)) return notFound('Partner');
  const client = state.clientOfWaba(waba.id);
  if (client.partnerId === body.destination_partner_id)
    return bad(`WABA ${waba.id} is already managed by partner ${client.partnerId}`);
  const source = state.partner(client.partnerId);
  const dest = state.partner(body.destination_partner_id);
  if (source.paymentProcessor !== dest.paymentProcessor) return d360Error(400, D360.differentPaymentProcessor);
  if (!client.companyInfoComplete) return d360Error(400, D360.companyInfo);
  if (dest.requiresPaymentMethod && !client.hasPaymentMethod) return d360Error(400, D360.paymentMethod);
  // All numbers of the WABA move together: the request must list exactly the current ones.
  const current = [...state.channels.values()]
    .filter((c) => c.wabaId === waba.id && state.channelStatus(c) !== 'migrated_away')
    .map((c) => c.id);
  const listed = new Set(body.channel_ids);
  if (listed.size !== current.length || current.some((id) => !listed.has(id))) return d360Error(400, D360.pcrChanged);

  const pcr: PcrState = {
    id: state.nextId('pcr'),
    wabaId: waba.id,
    sourcePartnerId: client.partnerId,
    destinationPartnerId: body.destination_partner_id,
    channelIds: current,
    status: 'pending',
    completeAt: dest.autoApprove ? Date.now() + dest.processingMs : null,
  };
  state.pcrs.set(pcr.id, pcr);
  state.counters.pcrsCreated++;
  Counters.inc(state.counters.pcrsCreatedByWaba, waba.id);
  return { status: 201, body: pcrView(state, pcr) };
}

export function registerDialog360Partner(scope: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  scope.get<{ Params: P; Querystring: Record<string, string> }>(
    '/partners/:pid/clients',
    { config: { op: '360.listClients' } },
    (req, reply) => {
      const filters = parseFilters(req.query.filters);
      if (!filters) return reply.code(400).send(bad('filters must be a JSON object').body);
      const all = [...state.clients.values()].filter(
        (c) =>
          (filters.waba_id === undefined || c.wabaId === filters.waba_id) &&
          (filters.id === undefined || c.id === filters.id),
      );
      const { items, limit, offset } = page(all, req.query);
      return {
        count: items.length,
        total: all.length,
        limit,
        offset,
        filters,
        partner_clients: items.map((c) => clientView(state, c)),
      };
    },
  );

  scope.get<{ Params: P & { other: string } }>(
    '/partners/:pid/partners/:other/info',
    { config: { op: '360.partnerInfo' } },
    (req, reply) => {
      if (!isPartnerId(req.params.other)) return reply.code(404).send(notFound('Partner').body);
      const p = state.partner(req.params.other);
      return {
        partner_id: req.params.other,
        requires_payment_method: p.requiresPaymentMethod,
        auto_approve_change_requests: p.autoApprove,
        payment_processor: p.paymentProcessor,
      };
    },
  );

  scope.post<{ Params: P }>(
    '/partners/:pid/partner_change_requests',
    { config: { op: '360.createPcr' } },
    (req, reply) => {
      const parsed = parseOr(PcrBody, req.body, bad);
      if (!parsed.ok) return reply.code(parsed.error.status).send(parsed.error.body);
      return once(state, '360.createPcr', req, reply, () => createPcr(state, parsed.value));
    },
  );

  scope.get<{ Params: P & { id: string } }>(
    '/partners/:pid/partner_change_requests/:id',
    { config: { op: '360.getPcr' } },
    (req, reply) => {
      const p = state.pcrs.get(req.params.id);
      if (!p) return reply.code(404).send(notFound('Partner change request').body);
      return pcrView(state, p);
    },
  );

  scope.post<{ Params: P }>(
    '/partners/:pid/channels/permissions',
    { config: { op: '360.grantPermissions' } },
    (req, reply) => {
      const parsed = parseOr(PermissionsBody, req.body, bad);
      if (!parsed.ok) return reply.code(parsed.error.status).send(parsed.error.body);
      const { partner_id, channel_ids } = parsed.value;
      const channels = channel_ids.map((id) => state.channels.get(id));
      if (channels.some((c) => !c)) return reply.code(404).send(notFound('Channel').body);
      // Only the partner now managing the WABA can be granted its numbers.
      if (channels.some((c) => c && state.clientOfWaba(c.wabaId).partnerId !== partner_id)) {
        return reply.code(403).send(d360Error(403, D360.permissionDenied(partner_id)).body);
      }
      for (const c of channels)
        if (c && !c.permittedPartners.includes(partner_id)) c.permittedPartners.push(partner_id);
      return { partner_id, channel_ids, permission: 'Shared' };
    },
  );

  // Limited to 5 requests per 30 s per client by 360dialog (whatsapp-apis.md); the pollers stay well below.
  scope.get<{ Params: P & { clientId: string } }>(
    '/partners/:pid/clients/:clientId/info/balance',
    { config: { op: '360.getClientBalance' } },
    (req, reply) => {
      const c = state.clients.get(req.params.clientId);
      if (!c) return reply.code(404).send(notFound('Client').body);
      return { client_id: c.id, balance: c.balance, currency: c.currency, unpaid_invoices: c.unpaidInvoices };
    },
  );

  scope.post<{ Params: P & { clientId: string } }>(
    '/partners/:pid/clients/:clientId/subscription/cancel',
    { config: { op: '360.cancelSubscription' } },
    (req, reply) =>
      once(state, '360.cancelSubscription', req, reply, () => {
        const c = state.clients.get(req.params.clientId);
        if (!c) return notFound('Client');
        if (c.subscription === 'active') Counters.inc(state.counters.subscriptionsCancelledByClient, c.id);
        c.subscription = 'cancelled';
        return { status: 200, body: { client_id: c.id, subscription_status: c.subscription } };
      }),
  );
}
