/**
 * The Meta Graph adapter against the simulator: the pre-flight facts (business, WABA, number) and
 * the code flow (delivery by SMS/VOICE/never, wrong, expired, no active code, lock-out).
 */
import {
  eventually,
  expectClass,
  freshNumber,
  portIn,
  startSimFixture,
  verifiedPortIn,
  wabaOf,
  type SimFixture,
} from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => {
  await f.sim.close();
});

describe('pre-flight facts', () => {
  test('unscripted number: verified business owns an approved live WABA; On-Premise number, 2FA off', async () => {
    const e164 = freshNumber();
    expect(await f.world.meta.getWaba(wabaOf(e164))).toEqual({
      id: wabaOf(e164),
      ownerBusinessId: '1234567890',
      accountReviewStatus: 'APPROVED',
      isSandbox: false,
    });
    expect(await f.world.meta.getBusiness('1234567890')).toEqual({ id: '1234567890', verificationStatus: 'verified' });
    const phone = await f.world.meta.findPhoneNumber(wabaOf(e164), e164);
    expect(phone).toEqual({
      id: expect.stringMatching(/^\d+$/),
      displayPhoneNumber: expect.any(String),
      platformType: 'ON_PREMISE',
      twoStepVerificationEnabled: false,
      codeVerificationStatus: 'NOT_VERIFIED',
    });
    expect(await f.world.meta.getPhoneNumber(phone?.id ?? '')).toEqual(phone);
  });

  test('scripted: sandbox WABA of another, unverified business; number on Cloud API with 2FA on', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, {
      sandbox: true,
      metaBusinessId: '999000111',
      businessVerification: 'pending',
      onCloudApi: true,
      twoFaEnabled: true,
      wabaReviewStatus: 'PENDING',
    });
    expect(await f.world.meta.getWaba(wabaOf(e164))).toMatchObject({
      ownerBusinessId: '999000111',
      isSandbox: true,
      accountReviewStatus: 'PENDING',
    });
    expect((await f.world.meta.getBusiness('999000111')).verificationStatus).toBe('pending');
    await f.ctl.setScenario(e164, { businessVerification: 'not_verified' });
    expect((await f.world.meta.getBusiness('999000111')).verificationStatus).toBe('not_verified');
    expect(await f.world.meta.findPhoneNumber(wabaOf(e164), e164)).toMatchObject({
      platformType: 'CLOUD_API',
      twoStepVerificationEnabled: true,
    });
  });

  test('a number that is not on the WABA is not found; an unknown node ID is input NOT_FOUND (100/33)', async () => {
    const e164 = freshNumber();
    expect(await f.world.meta.findPhoneNumber(wabaOf(e164), freshNumber())).toBeUndefined();
    const err = await expectClass(f.world.meta.getPhoneNumber('424242'), 'input', 'NOT_FOUND');
    expect(err.upstreamCode).toBe(100);
  });

  test('finds a number beyond the first page of a large WABA (cursor paging)', async () => {
    const waba = await f.ctl.createWaba({ count: 30 });
    const last = waba.channels.at(-1)?.e164 ?? '';
    const found = await f.world.meta.findPhoneNumber(waba.wabaId, last);
    expect(found?.displayPhoneNumber.replace(/\D/g, '')).toBe(last.slice(1));
  });
});

describe('verification codes', () => {
  async function inMigration(scenario: Parameters<typeof f.ctl.setScenario>[1] = {}) {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, scenario);
    const s = await portIn(f.world, e164);
    const send = (method: 'SMS' | 'VOICE', key = `${method}-${Math.random()}`) =>
      f.world.meta.requestCode({ phoneNumberId: s.phoneNumberId, method, language: 'en_US', idempotencyKey: key });
    const verify = (code: string) => f.world.meta.verifyCode({ phoneNumberId: s.phoneNumberId, code });
    return { e164, ...s, send, verify };
  }

  test('each send delivers a fresh random 6-digit code; only the newest one verifies', async () => {
    const m = await inMigration();
    await m.send('SMS');
    await m.send('VOICE');
    const inbox = await f.ctl.inbox(m.e164);
    expect(inbox.map((x) => x.method)).toEqual(['SMS', 'VOICE']);
    expect(inbox.every((x) => /^\d{6}$/.test(x.code))).toBe(true);
    const [older, newest] = inbox.map((x) => x.code) as [string, string];
    if (older !== newest) await expectClass(m.verify(older), 'input', 'WRONG_CODE');
    await m.verify(newest);
    expect((await f.world.meta.getPhoneNumber(m.phoneNumberId)).codeVerificationStatus).toBe('VERIFIED');
    // A repeated verify of the same code (a lost response) succeeds again.
    await expect(m.verify(newest)).resolves.toBeUndefined();
  });

  test('SMS never arrives on a landline, VOICE does', async () => {
    const m = await inMigration({ smsDelivery: 'never' });
    await m.send('SMS');
    expect(await f.ctl.inbox(m.e164)).toEqual([]);
    expect((await f.ctl.counters()).codesSentByNumber[m.e164]).toBe(1);
    await m.send('VOICE');
    expect((await f.ctl.inbox(m.e164)).map((x) => x.method)).toEqual(['VOICE']);
  });

  test('delayed delivery: the code shows up after the scripted delay', async () => {
    const m = await inMigration({ codeDeliveryDelayMs: 1_000 });
    const sent = Date.now();
    await m.send('SMS');
    expect(await f.ctl.inbox(m.e164)).toEqual([]);
    await eventually(async () => (await f.ctl.inbox(m.e164)).length === 1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1_000);
  });

  test('an expired code is CODE_EXPIRED (HTTP 422); verifying without a code is REVERIFY_NEEDED', async () => {
    const m = await inMigration({ codeValidityMs: 50 });
    await expectClass(m.verify('123456'), 'input', 'REVERIFY_NEEDED');
    await m.send('SMS');
    await new Promise((r) => setTimeout(r, 80));
    const [msg] = await f.ctl.inbox(m.e164);
    const err = await expectClass(m.verify(msg?.code ?? ''), 'input', 'CODE_EXPIRED');
    expect(err.httpStatus).toBe(422);
    expect((await f.world.meta.getPhoneNumber(m.phoneNumberId)).codeVerificationStatus).toBe('EXPIRED');
  });

  test('too many wrong codes lock verification (final)', async () => {
    const m = await inMigration({ maxWrongCodes: 2 });
    await m.send('SMS');
    const [msg] = await f.ctl.inbox(m.e164);
    const wrong = msg?.code === '000000' ? '111111' : '000000';
    await expectClass(m.verify(wrong), 'input', 'WRONG_CODE');
    await expectClass(m.verify(wrong), 'input', 'WRONG_CODE');
    await expectClass(m.verify(msg?.code ?? ''), 'final', 'ACCOUNT_LOCKED');
  });

  test('a wrong code never appears in the error message', async () => {
    const m = await inMigration();
    await m.send('SMS');
    const [msg] = await f.ctl.inbox(m.e164);
    const wrong = msg?.code === '987654' ? '456789' : '987654';
    const err = await expectClass(m.verify(wrong), 'input', 'WRONG_CODE');
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(msg?.code);
  });
});

describe('registration (Cloud API register)', () => {
  async function verified() {
    const e164 = freshNumber();
    const s = await verifiedPortIn(f, e164);
    const register = (pin: string) => f.world.meta.register({ phoneNumberId: s.phoneNumberId, pin });
    return { e164, phoneNumberId: s.phoneNumberId, register };
  }

  test('an unverified number must verify first: 133006 REVERIFY_NEEDED', async () => {
    const e164 = freshNumber();
    const s = await portIn(f.world, e164);
    const err = await expectClass(
      f.world.meta.register({ phoneNumberId: s.phoneNumberId, pin: '314159' }),
      'input',
      'REVERIFY_NEEDED',
    );
    expect(err.upstreamCode).toBe(133006);
  });

  test('the first PIN becomes the two-step PIN; another one is 133005 (input), and never in the message', async () => {
    const m = await verified();
    await m.register('271828');
    await m.register('271828'); // re-registering with the same PIN is fine
    const err = await expectClass(m.register('161803'), 'input', 'PIN_MISMATCH');
    expect(err.upstreamCode).toBe(133005);
    expect(err.message).not.toMatch(/161803|271828/);
    expect((await f.ctl.counters()).registrationsByNumber[m.e164]).toBe(3);
  });

  test('the 11th register within 72 hours is 133016: final, retry after 72 h', async () => {
    const m = await verified();
    for (let i = 0; i < 10; i++) await m.register('141421');
    const err = await expectClass(m.register('141421'), 'final', 'REGISTER_RATE_LIMIT');
    expect(err.upstreamCode).toBe(133016);
    expect(err.retryable).toBe(false);
    expect(err.retryAfterMs).toBe(72 * 3_600_000);
  });
});
