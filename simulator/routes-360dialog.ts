/**
 * 360dialog Partner API, porting and channels: port-in requests (with every documented outcome),
 * channel listing with JSON `filters`, and API-key creation (a new key revokes the older ones and
 * none can be made before the channel runs). Auth (`X-API-Key`, partner ID) is checked by the scope.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { D360, d360Error, type SimResponse } from './catalog';
import { page, parseFilters, parseOr, type SimContext } from './context';
import { Counters } from './counters';
import { once } from './idempotency';
import type { ChannelState, PortingState, SimState } from './state';

type P = { pid: string };

const PortInBody = z.object({
  cc: z.string().regex(/^\d{1,3}$/),
  phone_number: z.string().regex(/^\d{4,14}$/),
  waba_id: z.string().min(1),
  meta_business_id: z.string().min(1),
});

const bad = (message: string) => d360Error(400, `Invalid request: ${message}`);

export function channelView(state: SimState, ch: ChannelState) {
  return {
    id: ch.id,
    client_id: ch.clientId,
    status: state.channelStatus(ch),
    setup_info: { phone_number: ch.e164.slice(1), phone_name: `Business ${ch.e164.slice(-4)}` },
    waba_account: { id: `wa-${ch.wabaId}`, external_id: ch.wabaId },
    partner_permission: ch.permittedPartners,
  };
}

function portingView(state: SimState, p: PortingState) {
  const n = state.findNumber(p.e164);
  const ch = state.channels.get(p.channelId);
  return {
    id: p.id,
    phone_number: p.e164.slice(1),
    waba_id: p.wabaId,
    channel_id: p.channelId,
    phone_number_id: p.phoneNumberId,
    status: ch ? state.channelStatus(ch) : 'pending',
    mob_status: n?.mobAccepted ? 'accepted' : 'pending',
  };
}

/** The port-in submission and its documented outcomes, in the order the real checks would hit them. */
function submitPortIn(state: SimState, body: z.infer<typeof PortInBody>): SimResponse {
  const n = state.number(`+${body.cc}${body.phone_number}`);
  state.counters.portInSubmissions++;
  Counters.inc(state.counters.portInSubmissionsByNumber, n.e164);
  if (n.somethingWrongLeft > 0) {
    n.somethingWrongLeft--;
    return d360Error(400, D360.somethingWentWrong);
  }
  if (n.scenario.portInOutcome === 'eligible-direct') return d360Error(400, D360.eligibleDirect);
  const existing = n.channelId ? state.channels.get(n.channelId) : undefined;
  const moved = existing && ['running', 'live'].includes(state.channelStatus(existing));
  if (n.scenario.portInOutcome === 'already-moved' || moved) return d360Error(400, D360.alreadyMoved);
  const live = n.scenario.liveProfileNumber ?? n.e164;
  if (live.slice(1) !== `${body.cc}${body.phone_number}`) {
    return d360Error(
      400,
      `The phone number +${body.cc}${body.phone_number} does not match the WhatsApp profile of this number exactly`,
    );
  }
  if (state.waba(body.waba_id).ownerBusinessId !== body.meta_business_id) return d360Error(400, D360.businessMismatch);
  if (n.twoFaEnabled) return d360Error(400, D360.twoFaEnabled);
  if (!n.mobAccepted && n.scenario.mobGate === 'submit') return d360Error(400, D360.mobNotAccepted);

  let porting = n.portingId ? state.portings.get(n.portingId) : undefined;
  if (!porting) {
    const channel = state.createChannel(n.e164, body.waba_id, 'pending');
    porting = {
      id: state.nextId('pi'),
      e164: n.e164,
      wabaId: body.waba_id,
      channelId: channel.id,
      phoneNumberId: n.phoneNumberId,
    };
    state.portings.set(porting.id, porting);
    n.portingId = porting.id;
    n.channelId = channel.id;
  }
  return { status: 201, body: portingView(state, porting) };
}

function mintApiKey(state: SimState, ch: ChannelState): SimResponse {
  const status = state.channelStatus(ch);
  if (status !== 'running' && status !== 'live') return d360Error(400, D360.channelNotRunning);
  for (const k of ch.apiKeys) k.revoked = true;
  const key = { id: state.nextId('key'), key: randomBytes(24).toString('base64url'), revoked: false };
  ch.apiKeys.push(key);
  Counters.inc(state.counters.apiKeysMintedByChannel, ch.id);
  Counters.inc(state.counters.apiKeysMintedByNumber, ch.e164);
  return {
    status: 201,
    body: { id: key.id, api_key: key.key, address: 'https://waba-v2.360dialog.io', app_id: `app-${ch.id}` },
  };
}

const CHANNEL_FILTERS: Record<string, (ch: ChannelState, v: unknown, s: SimState) => boolean> = {
  id: (ch, v) => ch.id === v,
  waba_id: (ch, v) => ch.wabaId === v,
  client_id: (ch, v) => ch.clientId === v,
  status: (ch, v, s) => s.channelStatus(ch) === v,
  phone_number: (ch, v) => ch.e164.slice(1) === String(v).replace(/\D/g, ''),
};

export function registerDialog360Porting(scope: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  scope.post<{ Params: P }>('/partners/:pid/port_in_requests', { config: { op: '360.submitPortIn' } }, (req, reply) => {
    const parsed = parseOr(PortInBody, req.body, bad);
    if (!parsed.ok) return reply.code(parsed.error.status).send(parsed.error.body);
    return once(state, '360.submitPortIn', req, reply, () => submitPortIn(state, parsed.value));
  });

  scope.get<{ Params: P & { id: string } }>(
    '/partners/:pid/port_in_requests/:id',
    { config: { op: '360.getPortIn' } },
    (req, reply) => {
      const p = state.portings.get(req.params.id);
      if (!p) return reply.code(404).send(d360Error(404, D360.notFound('Port-in request')).body);
      return portingView(state, p);
    },
  );

  scope.get<{ Params: P; Querystring: Record<string, string> }>(
    '/partners/:pid/channels',
    { config: { op: '360.listChannels' } },
    (req, reply) => {
      const filters = parseFilters(req.query.filters);
      const unknown = filters && Object.keys(filters).find((k) => !CHANNEL_FILTERS[k]);
      if (!filters || unknown)
        return reply.code(400).send(bad(unknown ? `unknown filter ${unknown}` : 'filters must be a JSON object').body);
      const all = [...state.channels.values()].filter((ch) =>
        Object.entries(filters).every(([k, v]) =>
          (CHANNEL_FILTERS[k] as (c: ChannelState, v: unknown, s: SimState) => boolean)(ch, v, state),
        ),
      );
      const { items, limit, offset } = page(all, req.query);
      return {
        count: items.length,
        total: all.length,
        limit,
        offset,
        sort: ['-created_at'],
        filters,
        partner_channels: items.map((ch) => channelView(state, ch)),
      };
    },
  );

  scope.post<{ Params: P & { channelId: string } }>(
    '/partners/:pid/channels/:channelId/api_keys',
    { config: { op: '360.createApiKey' } },
    (req, reply) => {
      return once(state, '360.createApiKey', req, reply, () => {
        const ch = state.channels.get(req.params.channelId);
        return ch ? mintApiKey(state, ch) : d360Error(404, D360.notFound('Channel'));
      });
    },
  );
}
