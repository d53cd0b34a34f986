/**
 * The simulator's world, in memory: numbers (with their scenario), WABAs, businesses, 360dialog
 * clients, channels, partners, porting requests, partner change requests, tickets, callbacks.
 * Time-based transitions (setup finishing, codes arriving, tickets auto-solved, PCRs completing)
 * are stored as timestamps and evaluated on read, so there are no timers to clean up.
 */
import { randomInt } from 'node:crypto';
import { brazilAlternateForm } from '../contracts/phone-number';
import { SimClock } from './clock';
import { CloudWorld } from './cloud-migration-state';
import { Counters } from './counters';
import type {
  CallbackRecord,
  ChannelState,
  ClientState,
  NumberState,
  PcrState,
  PortingState,
  SimChannelStatus,
  TicketState,
  WabaState,
} from './model';
import { DEFAULT_SCENARIO, defaultWabaId, PartnerSettingsSchema, type PartnerSettings } from './scenarios';

export type * from './model';

export class SimState {
  numbers = new Map<string, NumberState>();
  wabas = new Map<string, WabaState>();
  businesses = new Map<string, 'verified' | 'pending' | 'not_verified'>();
  clients = new Map<string, ClientState>();
  channels = new Map<string, ChannelState>();
  partners = new Map<string, PartnerSettings>();
  portings = new Map<string, PortingState>();
  pcrs = new Map<string, PcrState>();
  tickets = new Map<string, TicketState>();
  callbacks = new Map<string, CallbackRecord[]>();
  callbackStatus = new Map<string, number>();
  sites = new Map<string, { status: number; hang: boolean }>();
  support = { autoResolveAfterMs: null as number | null };
  counters = new Counters();
  /** Meta's clock (codes, register window, templates), advanceable by the control API. */
  clock = new SimClock();
  cloud = new CloudWorld();
  // Starts at a random point: several simulators (the tests' shared one and the reliability tests'
  // private ones) hand out numbers and IDs against one Temporal server, and must not hand out the
  // same number twice (a completed port-out of it cannot be started again).
  private seq = randomInt(0, 400_000_000);

  constructor(readonly ownPartnerId: string) {}

  reset(): void {
    for (const m of [
      this.numbers,
      this.wabas,
      this.businesses,
      this.clients,
      this.channels,
      this.partners,
      this.portings,
      this.pcrs,
      this.tickets,
      this.callbacks,
      this.callbackStatus,
      this.sites,
    ])
      m.clear();
    this.support.autoResolveAfterMs = null;
    this.counters = new Counters();
    this.clock = new SimClock();
    this.cloud = new CloudWorld();
  }

  nextId(prefix: string): string {
    return `${prefix}${(++this.seq).toString(36).padStart(6, '0')}`;
  }

  /** Numeric, like Meta's node IDs. */
  nextGraphId(): string {
    return String(100_000_000_000_000 + ++this.seq);
  }

  /** The number's state, created with the default scenario on first touch. */
  number(e164: string): NumberState {
    const known = this.findNumber(e164);
    if (known) return known;
    const scenario = { ...DEFAULT_SCENARIO };
    const n: NumberState = {
      e164,
      scenario,
      phoneNumberId: this.nextGraphId(),
      wabaId: defaultWabaId(e164),
      twoFaEnabled: scenario.twoFaEnabled,
      mobAccepted: scenario.mobAccepted,
      somethingWrongLeft: 0,
      codes: [],
      wrongAttempts: 0,
      verified: false,
    };
    this.numbers.set(e164, n);
    this.attach(n, n.wabaId);
    return n;
  }

  /** A known number by E.164, also under its other Brazilian form. */
  findNumber(e164: string): NumberState | undefined {
    const alt = brazilAlternateForm(e164);
    return this.numbers.get(e164) ?? (alt ? this.numbers.get(alt) : undefined);
  }

  attach(n: NumberState, wabaId: string): void {
    const old = this.wabas.get(n.wabaId);
    if (old) old.numbers = old.numbers.filter((x) => x !== n.e164);
    n.wabaId = wabaId;
    const waba = this.waba(wabaId);
    if (!waba.numbers.includes(n.e164)) waba.numbers.push(n.e164);
  }

  /** A WABA, created on first touch: owned by the default business, with a 360dialog client of ours. */
  waba(id: string, ownerBusinessId = DEFAULT_SCENARIO.metaBusinessId): WabaState {
    let w = this.wabas.get(id);
    if (!w) {
      const clientId = this.nextId('cl');
      w = { id, ownerBusinessId, reviewStatus: 'APPROVED', sandbox: false, ownership: 'owned', clientId, numbers: [] };
      this.wabas.set(id, w);
      this.clients.set(clientId, {
        id: clientId,
        wabaId: id,
        partnerId: this.ownPartnerId,
        companyInfoComplete: true,
        hasPaymentMethod: true,
        subscription: 'active',
        balance: 0,
        currency: 'EUR',
        unpaidInvoices: 0,
      });
    }
    return w;
  }

  businessStatus(id: string): 'verified' | 'pending' | 'not_verified' {
    return this.businesses.get(id) ?? 'verified';
  }

  partner(id: string): PartnerSettings {
    let p = this.partners.get(id);
    if (!p) {
      p = PartnerSettingsSchema.parse({});
      this.partners.set(id, p);
    }
    return p;
  }

  clientOfWaba(wabaId: string): ClientState {
    return this.clients.get(this.waba(wabaId).clientId) as ClientState;
  }

  channelStatus(ch: ChannelState, now = Date.now()): SimChannelStatus {
    if (ch.phase === 'submitted' && ch.runningAt !== null && now >= ch.runningAt) ch.phase = 'running';
    return ch.phase;
  }

  createChannel(e164: string, wabaId: string, phase: SimChannelStatus): ChannelState {
    const ch: ChannelState = {
      id: this.nextId('ch'),
      e164,
      wabaId,
      clientId: this.waba(wabaId).clientId,
      phase,
      runningAt: null,
      apiKeys: [],
      permittedPartners: [this.clientOfWaba(wabaId).partnerId],
    };
    this.channels.set(ch.id, ch);
    return ch;
  }

  pcrStatus(p: PcrState, now = Date.now()): PcrState['status'] {
    if ((p.status === 'created' || p.status === 'pending') && p.completeAt !== null && now >= p.completeAt)
      this.completePcr(p);
    return p.status;
  }

  /** The whole WABA moves: client and channels now belong to the destination partner. */
  completePcr(p: PcrState): void {
    p.status = 'completed';
    this.clientOfWaba(p.wabaId).partnerId = p.destinationPartnerId;
    // The new partner must be granted permission per number afterwards.
    for (const id of p.channelIds) {
      const ch = this.channels.get(id);
      if (ch) ch.permittedPartners = [];
    }
  }

  ticketStatus(t: TicketState, now = Date.now()): TicketState['status'] {
    if (t.status !== 'solved' && t.solveAt !== null && now >= t.solveAt) t.status = 'solved';
    return t.status;
  }

  /** Codes the phone has received so far, like its owner reading SMS and call logs. */
  inbox(e164: string, now = this.clock.now()): { code: string; method: 'SMS' | 'VOICE'; at: string }[] {
    const n = this.findNumber(e164);
    if (!n) return [];
    return n.codes
      .filter((c) => c.deliverAt !== null && c.deliverAt <= now)
      .map((c) => ({ code: c.code, method: c.method, at: new Date(c.deliverAt as number).toISOString() }));
  }
}
