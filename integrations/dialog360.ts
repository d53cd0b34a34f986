/**
 * 360dialog Partner API adapter (`X-API-Key`, partner ID in every path). Documented paths are
 * used as published; where 360dialog documents none (port-in, partner info, PCR create/get,
 * permissions, subscription cancel) the paths are our stand-ins, listed in simulator/README.md.
 * Costly POSTs carry an `Idempotency-Key` so a retried call never repeats the effect.
 */
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import { classify360 } from './dialog360-errors';
import { UpstreamError } from './errors';
import { HttpClient, path } from './http';
import type {
  Channel,
  ChannelApiKey,
  ClientAccount,
  Dialog360PartnerApi,
  PartnerChangeRequest,
  PartnerInfo,
  PortInRequest,
  PortInSubmission,
  PortingStatus,
} from './ports';

const PortIn = z.object({
  id: z.string(),
  channel_id: z.string(),
  phone_number_id: z.string(),
  mob_status: z.enum(['pending', 'accepted']),
});

const ChannelWire = z.object({
  id: z.string(),
  client_id: z.string(),
  status: z.enum(['pending', 'submitted', 'ready', 'running', 'live', 'migrated_away']),
  setup_info: z.object({ phone_number: z.string() }),
  waba_account: z.object({ external_id: z.string() }),
});
const ChannelList = z.object({ count: z.number(), total: z.number(), partner_channels: z.array(ChannelWire) });

const ApiKey = z.object({ id: z.string(), api_key: z.string().min(1), address: z.string(), app_id: z.string() });

const ClientWire = z.object({
  id: z.string(),
  partner_id: z.string(),
  waba_id: z.string(),
  company_info_complete: z.boolean(),
  payment_method_attached: z.boolean(),
  waba_ownership: z.enum(['owned', 'shared']),
  subscription_status: z.enum(['active', 'cancelled']),
});
const ClientList = z.object({ count: z.number(), partner_clients: z.array(ClientWire) });

const PartnerWire = z.object({ partner_id: z.string(), requires_payment_method: z.boolean(), auto_approve_change_requests: z.boolean() });

const PcrWire = z.object({
  id: z.string(),
  waba_id: z.string(),
  source_partner_id: z.string(),
  destination_partner_id: z.string(),
  channel_ids: z.array(z.string()),
  status: z.enum(['created', 'pending', 'completed', 'failed', 'rejected']),
  failure_reason: z.string().nullish(),
});

const Ok = z.unknown();
const PAGE = 100;

export interface Dialog360Options {
  baseUrl: string;
  partnerId: string;
  apiKey: string;
  timeoutMs: number;
  logger?: Logger;
}

export class Dialog360Adapter implements Dialog360PartnerApi {
  private readonly http: HttpClient;
  private readonly pid: string;

  constructor(opts: Dialog360Options) {
    this.pid = opts.partnerId;
    this.http = new HttpClient({
      service: '360dialog',
      baseUrl: opts.baseUrl,
      headers: { 'x-api-key': opts.apiKey },
      timeoutMs: opts.timeoutMs,
      classify: classify360,
      secrets: [opts.apiKey],
      logger: opts.logger,
    });
  }

  async submitPortIn(req: PortInRequest): Promise<PortInSubmission> {
    const res = await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/port_in_requests`,
      body: { cc: req.phone.cc, phone_number: req.phone.national, waba_id: req.wabaId, meta_business_id: req.metaBusinessId },
      idempotencyKey: req.idempotencyKey,
      schema: PortIn,
    });
    return { portingId: res.id, channelId: res.channel_id, phoneNumberId: res.phone_number_id };
  }

  async getPortingStatus(portingId: string): Promise<PortingStatus> {
    const res = await this.http.request({ method: 'GET', path: path`/partners/${this.pid}/port_in_requests/${portingId}`, schema: PortIn });
    return { portingId: res.id, mobStatus: res.mob_status };
  }

  async getChannel(channelId: string): Promise<Channel> {
    const [channel] = await this.channels({ id: channelId }, 1);
    if (!channel) throw notFound(`channel ${channelId}`);
    return channel;
  }

  async listWabaChannels(wabaId: string): Promise<Channel[]> {
    return this.channels({ waba_id: wabaId }, 20);
  }

  async createApiKey(channelId: string, idempotencyKey: string): Promise<ChannelApiKey> {
    const res = await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/channels/${channelId}/api_keys`,
      idempotencyKey,
      schema: ApiKey,
    });
    return { id: res.id, apiKey: res.api_key, address: res.address, appId: res.app_id };
  }

  async getClientByWaba(wabaId: string): Promise<ClientAccount> {
    const res = await this.http.request({
      method: 'GET',
      path: path`/partners/${this.pid}/clients`,
      query: { filters: JSON.stringify({ waba_id: wabaId }), limit: '1' },
      schema: ClientList,
    });
    const c = res.partner_clients[0];
    if (!c) throw notFound(`client of WABA ${wabaId}`);
    return {
      clientId: c.id,
      wabaId: c.waba_id,
      companyInfoComplete: c.company_info_complete,
      hasPaymentMethod: c.payment_method_attached,
      wabaOwnership: c.waba_ownership,
      subscription: c.subscription_status,
      partnerId: c.partner_id,
    };
  }

  async getPartner(partnerId: string): Promise<PartnerInfo> {
    const res = await this.http.request({ method: 'GET', path: path`/partners/${this.pid}/partners/${partnerId}/info`, schema: PartnerWire });
    return { partnerId: res.partner_id, requiresPaymentMethod: res.requires_payment_method, autoApprove: res.auto_approve_change_requests };
  }

  async createPartnerChangeRequest(req: {
    wabaId: string;
    destinationPartnerId: string;
    channelIds: string[];
    idempotencyKey: string;
  }): Promise<PartnerChangeRequest> {
    const res = await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/partner_change_requests`,
      body: { waba_id: req.wabaId, destination_partner_id: req.destinationPartnerId, channel_ids: req.channelIds },
      idempotencyKey: req.idempotencyKey,
      schema: PcrWire,
    });
    return toPcr(res);
  }

  async getPartnerChangeRequest(pcrId: string): Promise<PartnerChangeRequest> {
    return toPcr(await this.http.request({ method: 'GET', path: path`/partners/${this.pid}/partner_change_requests/${pcrId}`, schema: PcrWire }));
  }

  async grantChannelPermissions(req: { partnerId: string; channelIds: string[] }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/channels/permissions`,
      body: { partner_id: req.partnerId, channel_ids: req.channelIds },
      schema: Ok,
    });
  }

  async cancelSubscription(req: { clientId: string; idempotencyKey: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/clients/${req.clientId}/subscription/cancel`,
      idempotencyKey: req.idempotencyKey,
      schema: Ok,
    });
  }

  /** Pages through `GET /channels` with a JSON `filters` parameter (limit/offset paging). */
  private async channels(filters: Record<string, string>, maxPages: number): Promise<Channel[]> {
    const out: Channel[] = [];
    for (let page = 0; page < maxPages; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: path`/partners/${this.pid}/channels`,
        query: { filters: JSON.stringify(filters), limit: String(PAGE), offset: String(page * PAGE) },
        schema: ChannelList,
      });
      out.push(...res.partner_channels.map(toChannel));
      if (res.partner_channels.length < PAGE || out.length >= res.total) break;
    }
    return out;
  }
}

function toChannel(c: z.infer<typeof ChannelWire>): Channel {
  const digits = c.setup_info.phone_number.replace(/\D/g, '');
  return { id: c.id, phoneNumber: `+${digits}`, wabaId: c.waba_account.external_id, clientId: c.client_id, status: c.status };
}

function toPcr(p: z.infer<typeof PcrWire>): PartnerChangeRequest {
  return {
    id: p.id,
    wabaId: p.waba_id,
    sourcePartnerId: p.source_partner_id,
    destinationPartnerId: p.destination_partner_id,
    channelIds: p.channel_ids,
    status: p.status,
    ...(p.failure_reason ? { failureReason: p.failure_reason } : {}),
  };
}

/** An empty filtered list is how 360dialog says "no such object". */
function notFound(what: string): UpstreamError {
  return new UpstreamError({ service: '360dialog', errorClass: 'input', reason: 'NOT_FOUND', message: `${what} not found` });
}
