/**
 * The simulator's world as plain objects: numbers created on first touch with the default scenario
 * and a WABA/client of ours, found under either Brazilian form, and the time-based transitions
 * (setup finishing, codes arriving, tickets solved, PCRs completing) evaluated on read.
 */
import { DEFAULT_BUSINESS_ID, DEFAULT_SCENARIO, defaultWabaId, SeedWabaSchema } from '../../../simulator/scenarios';
import { SimState } from '../../../simulator/state';

const OURS = 'OURS1PA';
let s: SimState;
beforeEach(() => {
  s = new SimState(OURS);
});

test('an unknown number gets the happy-path scenario, its own WABA and a client of ours', () => {
  const n = s.number('+4915123456789');
  expect(n).toMatchObject({ e164: '+4915123456789', wabaId: 'waba-4915123456789', twoFaEnabled: false });
  expect(n.mobAccepted).toBe(true);
  expect(n.scenario).toEqual(DEFAULT_SCENARIO);
  expect(n.scenario).not.toBe(DEFAULT_SCENARIO); // scripting one number never changes the others
  expect(n.phoneNumberId).toMatch(/^\d{15}$/);
  const waba = s.wabas.get(n.wabaId);
  expect(waba).toMatchObject({ ownerBusinessId: DEFAULT_BUSINESS_ID, numbers: ['+4915123456789'] });
  expect(s.clients.get(waba?.clientId ?? '')).toMatchObject({ partnerId: OURS, subscription: 'active' });
  expect(s.number('+4915123456789')).toBe(n);
});

test('a Brazilian number is one number under both spellings', () => {
  const n = s.number('+5531998765432');
  expect(s.findNumber('+553198765432')).toBe(n);
  expect(s.number('+553198765432')).toBe(n);
  expect(s.numbers.size).toBe(1);
});

test('attach moves a number between WABAs', () => {
  const n = s.number('+4915123456789');
  s.attach(n, 'waba-b');
  expect(s.wabas.get(defaultWabaId(n.e164))?.numbers).toEqual([]);
  expect(s.wabas.get('waba-b')?.numbers).toEqual([n.e164]);
  expect(n.wabaId).toBe('waba-b');
});

test('a submitted channel turns running once its time has come, not before', () => {
  const ch = s.createChannel('+4915123456789', 'waba-1', 'submitted');
  expect(ch.permittedPartners).toEqual([OURS]);
  expect(s.channelStatus(ch)).toBe('submitted'); // runningAt null: only via the control endpoint
  ch.runningAt = 1_000;
  expect(s.channelStatus(ch, 999)).toBe('submitted');
  expect(s.channelStatus(ch, 1_000)).toBe('running');
});

test('a PCR completes on its time: the WABA moves partner and the new partner needs permissions', () => {
  const ch = s.createChannel('+4915123456789', 'waba-1', 'running');
  const pcr = {
    id: 'pcr1',
    wabaId: 'waba-1',
    sourcePartnerId: OURS,
    destinationPartnerId: 'DEST1PA',
    channelIds: [ch.id],
    status: 'pending' as const,
    completeAt: 5_000,
  };
  s.pcrs.set(pcr.id, { ...pcr });
  const stored = s.pcrs.get('pcr1')!;
  expect(s.pcrStatus(stored, 4_999)).toBe('pending');
  expect(s.pcrStatus(stored, 5_000)).toBe('completed');
  expect(s.clientOfWaba('waba-1').partnerId).toBe('DEST1PA');
  expect(ch.permittedPartners).toEqual([]);
});

test('tickets solve on time; the inbox shows only delivered codes', () => {
  const t = {
    id: 't1',
    topic: 'x',
    subject: 's',
    body: 'b',
    tags: [],
    status: 'open' as const,
    comments: [],
    createdAt: 0,
    solveAt: 100,
  };
  expect(s.ticketStatus({ ...t }, 99)).toBe('open');
  expect(s.ticketStatus({ ...t }, 100)).toBe('solved');

  const n = s.number('+4915123456789');
  const code = (c: string, deliverAt: number | null) => ({
    code: c,
    method: 'SMS' as const,
    sentAt: 0,
    deliverAt,
    expiresAt: 10_000,
    used: false,
  });
  n.codes.push(code('111111', 0), code('222222', 500), code('333333', null));
  expect(s.inbox(n.e164, 499).map((m) => m.code)).toEqual(['111111']);
  expect(s.inbox(n.e164, 500).map((m) => m.code)).toEqual(['111111', '222222']);
  expect(s.inbox('+4900000000')).toEqual([]);
});

test('reset forgets the world and its counters; IDs stay unique', () => {
  s.number('+4915123456789');
  s.counters.ticketsOpened = 3;
  const before = s.nextId('x');
  s.reset();
  expect([s.numbers.size, s.wabas.size, s.clients.size, s.counters.ticketsOpened]).toEqual([0, 0, 0, 0]);
  expect(s.nextId('x')).not.toBe(before);
});

test('seeding a WABA: defaults filled, bad numbers and counts refused', () => {
  expect(SeedWabaSchema.parse({})).toMatchObject({ count: 2, ownership: 'owned', channelStatus: 'running' });
  expect(SeedWabaSchema.safeParse({ numbers: ['4915123456789'] }).success).toBe(false);
  expect(SeedWabaSchema.safeParse({ count: 51 }).success).toBe(false);
  expect(s.partner('NEW1PA')).toEqual({
    autoApprove: true,
    requiresPaymentMethod: false,
    paymentProcessor: 'stripe',
    processingMs: 0,
  });
});
