/**
 * Support desk, signed requester callbacks and the website check against the simulator over HTTP.
 */
import { signPayload, verifySignature } from '../../../integrations/callbacks';
import type { CallbackEvent } from '../../../integrations/ports';
import { eventually, expectClass, startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => {
  await f.sim.close();
});

const event = (id: string): CallbackEvent => ({
  id,
  type: 'migration.step',
  migrationId: 'port-in:+4915100000000',
  occurredAt: new Date().toISOString(),
  data: { step: 'AWAITING_PIN' },
});

describe('support desk', () => {
  test('a ticket is open until ops resolve it; comments are added', async () => {
    const t = await f.world.supportDesk.createTicket({
      idempotencyKey: 'sd-1',
      topic: '2FA disable request',
      subject: 'Disable 2FA',
      body: 'Shared WABA',
      tags: ['port-out'],
    });
    expect(t).toEqual({ id: expect.any(String), status: 'open', topic: '2FA disable request' });
    await f.world.supportDesk.addComment({ ticketId: t.id, body: 'Reminder: still waiting' });
    expect((await f.ctl.tickets()).find((x) => x.id === t.id)?.comments).toEqual([
      'Shared WABA',
      'Reminder: still waiting',
    ]);
    await f.ctl.setTicketStatus(t.id, 'pending');
    expect((await f.world.supportDesk.getTicket(t.id)).status).toBe('pending');
    await f.ctl.resolveTicket(t.id);
    expect((await f.world.supportDesk.getTicket(t.id)).status).toBe('solved');
  });

  test('tickets resolve by themselves after the configured delay', async () => {
    await f.ctl.setSupport({ autoResolveAfterMs: 1_000 });
    const t = await f.world.supportDesk.createTicket({
      idempotencyKey: 'sd-2',
      topic: 'PIN',
      subject: 's',
      body: 'b',
      tags: [],
    });
    await f.ctl.setSupport({ autoResolveAfterMs: null });
    expect((await f.world.supportDesk.getTicket(t.id)).status).toBe('open');
    await eventually(async () => (await f.world.supportDesk.getTicket(t.id)).status === 'solved');
  });

  test('unknown tickets are NOT_FOUND; an invalid ticket is an input error', async () => {
    await expectClass(f.world.supportDesk.getTicket('999999'), 'input', 'NOT_FOUND');
    await expectClass(f.world.supportDesk.addComment({ ticketId: '999999', body: 'x' }), 'input', 'NOT_FOUND');
    await expectClass(
      f.world.supportDesk.createTicket({ idempotencyKey: 'sd-3', topic: '', subject: 's', body: 'b', tags: [] }),
      'input',
      'BAD_REQUEST',
    );
  });
});

describe('callbacks', () => {
  test('events arrive signed; the receiver verifies the signature with the shared secret', async () => {
    await f.world.callbacks.send(f.ctl.callbackUrl('acme'), event('ev-1'));
    const [received] = await f.ctl.callbacks('acme');
    expect(received).toMatchObject({
      eventId: 'ev-1',
      signatureValid: true,
      body: expect.objectContaining({ id: 'ev-1', type: 'migration.step' }),
    });
  });

  test('a sender with another secret is recorded as invalid', async () => {
    const forger = f.worldWith({ CALLBACK_SIGNING_SECRET: 'not-the-shared-secret-at-all' });
    await forger.callbacks.send(f.ctl.callbackUrl('forged'), event('ev-2'));
    expect((await f.ctl.callbacks('forged')).map((c) => c.signatureValid)).toEqual([false]);
  });

  test('a failing receiver is transient (5xx) or input (4xx)', async () => {
    await f.ctl.setCallbackStatus('down', 503);
    await expectClass(f.world.callbacks.send(f.ctl.callbackUrl('down'), event('ev-3')), 'transient', 'SERVER_ERROR');
    await f.ctl.setCallbackStatus('gone', 410);
    await expectClass(f.world.callbacks.send(f.ctl.callbackUrl('gone'), event('ev-4')), 'input', 'BAD_REQUEST');
    await expectClass(f.world.callbacks.send('http://127.0.0.1:1/cb', event('ev-5')), 'transient', 'NETWORK');
  });

  test('signPayload / verifySignature: timing-safe check of body, timestamp and freshness', () => {
    const secret = 'a-secret-of-enough-length';
    const body = JSON.stringify(event('ev-6'));
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = signPayload(secret, ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature({ secret, body, timestamp: ts, signature })).toBe(true);
    expect(verifySignature({ secret, body: `${body} `, timestamp: ts, signature })).toBe(false);
    expect(verifySignature({ secret: `${secret}x`, body, timestamp: ts, signature })).toBe(false);
    expect(verifySignature({ secret, body, timestamp: String(Number(ts) + 1), signature })).toBe(false);
    expect(verifySignature({ secret, body, timestamp: ts, signature: 'sha256=00' })).toBe(false);
    expect(verifySignature({ secret, body, timestamp: undefined, signature })).toBe(false);
    const old = String(Number(ts) - 3600);
    expect(verifySignature({ secret, body, timestamp: old, signature: signPayload(secret, old, body) })).toBe(false);
  });
});

describe('website check', () => {
  test('live on 2xx and 3xx, not live on 5xx, timeouts, bad URLs and closed ports; never throws', async () => {
    expect(await f.world.website.isLive(f.ctl.siteUrl('shop'))).toEqual({ live: true, detail: 'HTTP 200' });
    await f.ctl.setSite('moved', { status: 301 });
    expect(await f.world.website.isLive(f.ctl.siteUrl('moved'))).toEqual({ live: true, detail: 'HTTP 301' });
    await f.ctl.setSite('broken', { status: 500 });
    expect(await f.world.website.isLive(f.ctl.siteUrl('broken'))).toEqual({ live: false, detail: 'HTTP 500' });
    await f.ctl.setSite('slow', { hang: true });
    expect(await f.world.website.isLive(f.ctl.siteUrl('slow'))).toEqual({
      live: false,
      detail: 'no response within 500 ms',
    });
    expect((await f.world.website.isLive('not a url')).live).toBe(false);
    expect((await f.world.website.isLive('ftp://example.com')).live).toBe(false);
    expect(await f.world.website.isLive('http://127.0.0.1:1/')).toMatchObject({
      live: false,
      detail: expect.stringMatching(/^unreachable/),
    });
  });
});
