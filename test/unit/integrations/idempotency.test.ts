/**
 * Costly effects happen once per idempotency key, as the simulator's counters prove: tickets,
 * API keys, code sends, port-in submissions, partner change requests — also when the first
 * response was lost after the effect took place (a hang) and the caller retried.
 */
import { expectClass, freshNumber, portIn, startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterEach(async () => {
  await f.ctl.clearFaults();
});
afterAll(async () => {
  await f.sim.close();
});

const ticket = (key: string) => ({
  idempotencyKey: key,
  topic: 'PIN not received',
  subject: 'No PIN after 1 h',
  body: 'Escalation',
  tags: ['port-in'],
});

test('same key twice -> one ticket, the same ticket returned; another key -> another ticket', async () => {
  const a = await f.world.supportDesk.createTicket(ticket('wf-1:pin:1'));
  const again = await f.world.supportDesk.createTicket(ticket('wf-1:pin:1'));
  const b = await f.world.supportDesk.createTicket(ticket('wf-1:pin:2'));
  expect(again).toEqual(a);
  expect(b.id).not.toBe(a.id);
  const c = await f.ctl.counters();
  expect(c.ticketsOpenedByKey).toMatchObject({ 'wf-1:pin:1': 1, 'wf-1:pin:2': 1 });
  expect(c.ticketsOpened).toBe(2);
});

test('same key twice -> one API key minted, the same key returned, nothing revoked', async () => {
  const waba = await f.ctl.createWaba({ count: 1 });
  const channelId = waba.channels[0]?.id ?? '';
  const first = await f.world.dialog360.createApiKey(channelId, 'wf-2:api-key');
  const second = await f.world.dialog360.createApiKey(channelId, 'wf-2:api-key');
  expect(second).toEqual(first);
  expect((await f.ctl.counters()).apiKeysMintedByChannel[channelId]).toBe(1);
  expect((await f.ctl.channel(channelId)).apiKeys).toEqual([{ id: first.id, revoked: false }]);
});

test('same key twice -> one code sent; a new key sends again', async () => {
  const e164 = freshNumber();
  const s = await portIn(f.world, e164);
  const send = (key: string) =>
    f.world.meta.requestCode({ phoneNumberId: s.phoneNumberId, method: 'SMS', language: 'en_US', idempotencyKey: key });
  await send('wf-3:code:1');
  await send('wf-3:code:1');
  expect((await f.ctl.counters()).codesSentByNumber[e164]).toBe(1);
  expect(await f.ctl.inbox(e164)).toHaveLength(1);
  await send('wf-3:code:2');
  expect((await f.ctl.counters()).codesSentByNumber[e164]).toBe(2);
});

test('same key twice -> one port-in submission and one partner change request', async () => {
  const e164 = freshNumber();
  const first = await portIn(f.world, e164, { key: 'wf-4:submit' });
  expect(await portIn(f.world, e164, { key: 'wf-4:submit' })).toEqual(first);
  expect((await f.ctl.counters()).portInSubmissionsByNumber[e164]).toBe(1);

  const waba = await f.ctl.createWaba({ count: 2 });
  const req = {
    wabaId: waba.wabaId,
    destinationPartnerId: 'IDEMPA',
    channelIds: waba.channels.map((c) => c.id),
    idempotencyKey: 'wf-5:pcr',
  };
  const pcr = await f.world.dialog360.createPartnerChangeRequest(req);
  expect(await f.world.dialog360.createPartnerChangeRequest(req)).toEqual(pcr);
  expect((await f.ctl.counters()).pcrsCreatedByWaba[waba.wabaId]).toBe(1);
});

test('a failed attempt is not remembered: the retry with the same key really tries again', async () => {
  const e164 = freshNumber();
  await f.ctl.setScenario(e164, { setupMs: 'manual' });
  const s = await portIn(f.world, e164);
  await expectClass(f.world.dialog360.createApiKey(s.channelId, 'wf-6:api-key'), 'waiting', 'CHANNEL_NOT_RUNNING');
  await f.ctl.completeSetup(s.channelId);
  await expect(f.world.dialog360.createApiKey(s.channelId, 'wf-6:api-key')).resolves.toMatchObject({
    apiKey: expect.any(String),
  });
});

test('lost response: the effect happened, the caller timed out, the retry returns the original result', async () => {
  const slow = f.worldWith({ HTTP_TIMEOUT_MS: '150' });
  await f.ctl.faults({ hangRate: 1, services: ['support'] });
  const err = await expectClass(slow.supportDesk.createTicket(ticket('wf-7:setup:1')), 'transient', 'TIMEOUT');
  expect(err.retryable).toBe(true);
  expect((await f.ctl.counters()).ticketsOpenedByKey['wf-7:setup:1']).toBe(1);
  await f.ctl.clearFaults();
  const t = await slow.supportDesk.createTicket(ticket('wf-7:setup:1'));
  expect(t.status).toBe('open');
  const c = await f.ctl.counters();
  expect(c.ticketsOpenedByKey['wf-7:setup:1']).toBe(1);
  expect(c.idempotentReplaysByOperation['support.createTicket']).toBeGreaterThanOrEqual(1);
});

test('without an Idempotency-Key the effect repeats (the simulator does not cheat)', async () => {
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${f.ctl.urls.support}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.config.SUPPORT_DESK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { topic: 't', subject: 's', comment: { body: 'b' } } }),
    });
    expect(res.status).toBe(201);
  }
  expect((await f.ctl.counters()).ticketsOpenedByKey['(no key)']).toBe(2);
});
