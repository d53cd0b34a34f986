/**
 * 360dialog Partner API adapter (`X-API-Key`, partner ID in every path). Documented paths are
 * used as published; where 360dialog documents none (port-in, partner info, PCR create/get,
 * permissions, subscription cancel) the paths are our stand-ins, listed in simulator/README.md.
 * Costly POSTs carry an `Idempotency-Key` so a retried call never repeats the effect.
 */
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { classify360 } from './dialog360-errors';
import { UpstreamError } from './errors';
import type { ChannelApiKey } from '../contracts/port-in';
import { HttpClient, path } from './http';
import {
  ApiKey,
  BalanceWire,
  ChannelList,
  ClientList,
  Ok,
  PartnerWire,
  PcrWire,
  PortIn,
  toChannel,
  toPcr,
} from './dialog360-wire';
import type {
  Channel,
  ClientAccount,
  ClientBalance,
  Dialog360PartnerApi,
  PartnerChangeRequest,
  PartnerInfo,
  PortInRequest,
  PortInSubmission,
  PortingStatus,
} from './ports';

export interface Dialog360Options {
  baseUrl: string;
  partnerId: string;
  apiKey: string;
  timeoutMs: number;
  logger?: Logger;
  observe?: CallObserver;
}

const PAGE = 100;

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
      observe: opts.observe,
    });
  }

  async submitPortIn(req: PortInRequest): Promise<PortInSubmission> {
    const res = await this.http.request({
      method: 'POST',
      path: path`/partners/${this.pid}/port_in_requests`,
      body: {
        cc: req.phone.cc,
        phone_number: req.phone.national,
        waba_id: req.wabaId,
        meta_business_id: req.metaBusinessId,
      },
      idempotencyKey: req.idempotencyKey,
      schema: PortIn,
    });
    return {
      portingId: res.id,
      channelId: res.channel_id,
      phoneNumberId: res.phone_number_id,
      mobStatus: res.mob_status,
    };
  }

  async getPortingStatus(portingId: string): Promise<PortingStatus> {
    const res = await this.http.request({
      method: 'GET',
      path: path`/partners/${this.pid}/port_in_requests/${portingId}`,
      schema: PortIn,
    });
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
    const res = await this.http.request({
      method: 'GET',
      path: path`/partners/${this.pid}/partners/${partnerId}/info`,
      schema: PartnerWire,
    });
    return {
      partnerId: res.partner_id,
      requiresPaymentMethod: res.requires_payment_method,
      autoApprove: res.auto_approve_change_requests,
    };
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
    return toPcr(
      await this.http.request({
        method: 'GET',
        path: path`/partners/${this.pid}/partner_change_requests/${pcrId}`,
        schema: PcrWire,
      }),
    );
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

  async getClientBalance(clientId: string): Promise<ClientBalance> {
    const res = await this.http.request({
      method: 'GET',
      path: path`/partners/${this.pid}/clients/${clientId}/info/balance`,
      schema: BalanceWire,
    });
    return { balance: res.balance, currency: res.currency, unpaidInvoices: res.unpaid_invoices };
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

/** An empty filtered list is how 360dialog says "no such object". */
function notFound(what: string): UpstreamError {
  return new UpstreamError({
    service: '360dialog',
    errorClass: 'input',
    reason: 'NOT_FOUND',
    message: `${what} not found`,
  });
}
