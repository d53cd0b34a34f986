/**
 * 360dialog Partner API wire formats (snake_case, as the API sends them) and their mapping to the
 * port types. Parsed with zod at the edge: a response that does not match is an upstream fault.
 */
import { z } from 'zod';
import type { Channel, PartnerChangeRequest } from './ports';

export const PortIn = z.object({
  id: z.string(),
  channel_id: z.string(),
  phone_number_id: z.string(),
  mob_status: z.enum(['pending', 'accepted']),
});

export const ChannelWire = z.object({
  id: z.string(),
  client_id: z.string(),
  status: z.enum(['pending', 'submitted', 'ready', 'running', 'live', 'migrated_away']),
  setup_info: z.object({ phone_number: z.string() }),
  waba_account: z.object({ external_id: z.string() }),
});
export const ChannelList = z.object({ count: z.number(), total: z.number(), partner_channels: z.array(ChannelWire) });

export const ApiKey = z.object({ id: z.string(), api_key: z.string().min(1), address: z.string(), app_id: z.string() });

export const ClientWire = z.object({
  id: z.string(),
  partner_id: z.string(),
  waba_id: z.string(),
  company_info_complete: z.boolean(),
  payment_method_attached: z.boolean(),
  waba_ownership: z.enum(['owned', 'shared']),
  subscription_status: z.enum(['active', 'cancelled']),
});
export const ClientList = z.object({ count: z.number(), partner_clients: z.array(ClientWire) });

/** Unverified field names (whatsapp-apis.md names the call only); unknown fields are allowed. */
export const BalanceWire = z.looseObject({
  balance: z.coerce.number(),
  currency: z.string().default('EUR'),
  unpaid_invoices: z.coerce.number().int().min(0).default(0),
});

export const PartnerWire = z.object({
  partner_id: z.string(),
  requires_payment_method: z.boolean(),
  auto_approve_change_requests: z.boolean(),
});

export const PcrWire = z.object({
  id: z.string(),
  waba_id: z.string(),
  source_partner_id: z.string(),
  destination_partner_id: z.string(),
  channel_ids: z.array(z.string()),
  status: z.enum(['created', 'pending', 'completed', 'failed', 'rejected']),
  failure_reason: z.string().nullish(),
});

export const Ok = z.unknown();

export function toChannel(c: z.infer<typeof ChannelWire>): Channel {
  const digits = c.setup_info.phone_number.replace(/\D/g, '');
  return {
    id: c.id,
    phoneNumber: `+${digits}`,
    wabaId: c.waba_account.external_id,
    clientId: c.client_id,
    status: c.status,
  };
}

export function toPcr(p: z.infer<typeof PcrWire>): PartnerChangeRequest {
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
