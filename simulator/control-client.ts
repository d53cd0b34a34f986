/**
 * A typed client of the simulator's control API (`/_sim/...`), for tests, the demo and workflow
 * tests: script numbers, play the humans (accept MoB, disable 2FA, approve a PCR, resolve a
 * ticket), read the phone's inbox and the counters, inject faults.
 */
import type { cloudNumberView, cloudWabaView } from './cloud-ops';
import type { CloudSourcePatch, CloudWabaPatch } from './cloud-scenarios';
import type { Counters, InFlight } from './counters';
import type { FaultsConfig } from './faults';
import type { PartnerSettings, ScenarioPatch, SeedWaba } from './scenarios';
import type { CallbackRecord } from './state';
import type { channelControlView, numberView, wabaControlView } from './control-ops';

export type NumberView = ReturnType<typeof numberView>;
export type ChannelView = NonNullable<ReturnType<typeof channelControlView>>;
export type WabaView = NonNullable<ReturnType<typeof wabaControlView>>;
export type CountersView = Omit<Counters, never>;
export type CloudNumberView = ReturnType<typeof cloudNumberView>;
export type CloudWabaView = ReturnType<typeof cloudWabaView>;
/** The `templates` of a cloud source patch as the control API takes them (defaults filled in by it). */
export type CloudSourceScript = Omit<CloudSourcePatch, 'templates'> & {
  templates?: (Partial<NonNullable<CloudSourcePatch['templates']>[number]> & { name: string })[];
};
export interface InboxMessage {
  code: string;
  method: 'SMS' | 'VOICE';
  at: string;
}
export interface PcrView {
  id: string;
  waba_id: string;
  source_partner_id: string;
  destination_partner_id: string;
  channel_ids: string[];
  status: 'created' | 'pending' | 'completed' | 'failed' | 'rejected';
  failure_reason: string | null;
}
export interface TicketView {
  id: string;
  status: 'new' | 'open' | 'pending' | 'solved';
  topic: string;
  subject: string;
  tags: string[];
  comments?: string[];
}
/** `match`: only requests whose URL, JSON body or Idempotency-Key contain it (scopes the script to one test). */
export type ScriptedError = { op: string; times?: number; match?: string } & (
  { preset: string } | { status: number; body?: unknown; headers?: Record<string, string> } | { hang: true }
);

export class SimulatorControlError extends Error {
  override name = 'SimulatorControlError' as const;
}

const num = (e164: string) => encodeURIComponent(e164);
const seg = (s: string) => encodeURIComponent(s);

export class SimulatorControl {
  constructor(readonly baseUrl: string) {}

  /** Base URLs of the simulated services, for config overrides. */
  get urls() {
    return {
      dialog360: `${this.baseUrl}/360dialog/api/v2`,
      meta: `${this.baseUrl}/meta/v21.0`,
      support: `${this.baseUrl}/support/api`,
    };
  }
  siteUrl(name: string): string {
    return `${this.baseUrl}/sites/${seg(name)}`;
  }
  callbackUrl(name: string): string {
    return `${this.baseUrl}/callbacks/${seg(name)}`;
  }

  reset = () => this.call<{ reset: true }>('POST', '/_sim/reset');
  counters = () => this.call<CountersView>('GET', '/_sim/counters');
  /** Concurrent requests on the services' routes: now and the peak since the last reset. */
  inFlight = () => this.call<InFlight>('GET', '/_sim/in-flight');
  /** Sets the peak to what is in flight now, to measure the next stretch alone. */
  resetInFlightPeak = () => this.call<InFlight>('DELETE', '/_sim/in-flight/peak');
  faults = (cfg: Partial<FaultsConfig>) => this.call<FaultsConfig>('POST', '/_sim/faults', cfg);
  clearFaults = () => this.call<FaultsConfig>('DELETE', '/_sim/faults');
  scriptError = (e: ScriptedError) => this.call<{ scripted: unknown[] }>('POST', '/_sim/errors', e);
  clearErrors = () => this.call<{ scripted: [] }>('DELETE', '/_sim/errors');

  setScenario = (e164: string, patch: ScenarioPatch) =>
    this.call<NumberView>('PUT', `/_sim/numbers/${num(e164)}/scenario`, patch);
  number = (e164: string) => this.call<NumberView>('GET', `/_sim/numbers/${num(e164)}`);
  inbox = (e164: string) => this.call<InboxMessage[]>('GET', `/_sim/inbox/${num(e164)}`);
  acceptMob = (e164: string) => this.call<NumberView>('POST', `/_sim/numbers/${num(e164)}/accept-mob`);
  disableTwoFa = (e164: string) => this.call<NumberView>('POST', `/_sim/numbers/${num(e164)}/disable-2fa`);
  enableTwoFa = (e164: string) => this.call<NumberView>('POST', `/_sim/numbers/${num(e164)}/enable-2fa`);
  markNumberLeft = (e164: string) => this.call<ChannelView>('POST', `/_sim/numbers/${num(e164)}/left`);
  channel = (channelId: string) => this.call<ChannelView>('GET', `/_sim/channels/${seg(channelId)}`);

  /** Finishes channel setup of a number (`+…`) or a channel ID. */
  completeSetup = (numberOrChannel: string): Promise<ChannelView> =>
    numberOrChannel.startsWith('+')
      ? this.call('POST', `/_sim/numbers/${num(numberOrChannel)}/complete-setup`)
      : this.call('POST', `/_sim/channels/${seg(numberOrChannel)}/complete-setup`);

  createWaba = (seed: Partial<SeedWaba> = {}) => this.call<WabaView>('POST', '/_sim/wabas', seed);
  waba = (wabaId: string) => this.call<WabaView>('GET', `/_sim/wabas/${seg(wabaId)}`);
  completeCompanyInfo = (wabaId: string) => this.call<WabaView>('POST', `/_sim/wabas/${seg(wabaId)}/company-info`);
  addPaymentMethod = (wabaId: string) => this.call<WabaView>('POST', `/_sim/wabas/${seg(wabaId)}/payment-method`);
  /** The client's prepaid funds (negative = owed) and unpaid invoices. */
  setBalance = (wabaId: string, patch: { balance?: number; currency?: string; unpaidInvoices?: number }) =>
    this.call<WabaView>('PUT', `/_sim/wabas/${seg(wabaId)}/balance`, patch);
  setPartner = (partnerId: string, settings: Partial<PartnerSettings>) =>
    this.call<PartnerSettings & { partnerId: string }>('PUT', `/_sim/partners/${seg(partnerId)}`, settings);
  pcrs = () => this.call<PcrView[]>('GET', '/_sim/pcrs');
  approvePcr = (pcrId: string) => this.call<PcrView>('POST', `/_sim/pcrs/${seg(pcrId)}/approve`);
  rejectPcr = (pcrId: string, reason?: string) =>
    this.call<PcrView>('POST', `/_sim/pcrs/${seg(pcrId)}/reject`, reason ? { reason } : {});
  failPcr = (pcrId: string, reason?: string) =>
    this.call<PcrView>('POST', `/_sim/pcrs/${seg(pcrId)}/fail`, reason ? { reason } : {});

  /** Cloud API: a number in another BSP's WABA, a destination WABA, a signup code, Meta's clock. */
  setCloudSource = (e164: string, script: CloudSourceScript) =>
    this.call<CloudNumberView>('PUT', `/_sim/cloud/numbers/${num(e164)}`, script);
  cloudNumber = (e164: string) => this.call<CloudNumberView>('GET', `/_sim/cloud/numbers/${num(e164)}`);
  setCloudWaba = (wabaId: string, patch: CloudWabaPatch) =>
    this.call<CloudWabaView>('PUT', `/_sim/cloud/wabas/${seg(wabaId)}`, patch);
  cloudWaba = (wabaId: string) => this.call<CloudWabaView>('GET', `/_sim/cloud/wabas/${seg(wabaId)}`);
  signupCode = () => this.call<{ code: string }>('POST', '/_sim/cloud/signup-codes');
  /** The owner completes Embedded Signup: what the client's page reports (the FINISH event and the code). */
  embeddedSignup = (body: { e164: string; wabaId: string; accountModel?: 'classic' | 'new' }) =>
    this.call<{ code: string; wabaId: string; phoneNumberId: string; businessId: string; waacId?: string }>(
      'POST',
      '/_sim/cloud/embedded-signup',
      body,
    );
  clock = () => this.call<{ now: string; offsetMs: number }>('GET', '/_sim/clock');
  advanceClock = (advanceMs: number) =>
    this.call<{ now: string; offsetMs: number }>('POST', '/_sim/clock', { advanceMs });

  setSupport = (s: { autoResolveAfterMs: number | null }) => this.call<typeof s>('PUT', '/_sim/support', s);
  tickets = () => this.call<TicketView[]>('GET', '/_sim/tickets');
  resolveTicket = (ticketId: string) => this.call<TicketView>('POST', `/_sim/tickets/${seg(ticketId)}/resolve`);
  setTicketStatus = (ticketId: string, status: TicketView['status']) =>
    this.call<TicketView>('POST', `/_sim/tickets/${seg(ticketId)}/status`, { status });

  callbacks = (name: string) => this.call<CallbackRecord[]>('GET', `/_sim/callbacks/${seg(name)}`);
  setCallbackStatus = (name: string, status: number) =>
    this.call<{ status: number }>('PUT', `/_sim/callbacks/${seg(name)}`, { status });
  clearCallbacks = (name: string) => this.call<unknown>('DELETE', `/_sim/callbacks/${seg(name)}`);
  setSite = (name: string, site: { status?: number; hang?: boolean }) =>
    this.call<unknown>('PUT', `/_sim/sites/${seg(name)}`, site);

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new SimulatorControlError(`${method} ${path} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
