/**
 * The 360dialog adapter against the simulator over HTTP: every row of the port-in answers table
 * (docs/domain.md#port-in-answers) is classified as the table says, and the waits resolve when
 * the human acts.
 */
import {
  eventually,
  expectClass,
  freshNumber,
  parts,
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

describe('documented port-in outcomes', () => {
  test('unscripted number: submitted, MoB accepted, channel pending', async () => {
    const e164 = freshNumber();
    const s = await portIn(f.world, e164);
    expect(s).toEqual({
      portingId: expect.any(String),
      channelId: expect.any(String),
      phoneNumberId: expect.stringMatching(/^\d+$/),
      mobStatus: 'accepted',
    });
    expect(await f.world.dialog360.getPortingStatus(s.portingId)).toEqual({
      portingId: s.portingId,
      mobStatus: 'accepted',
    });
    expect(await f.world.dialog360.getChannel(s.channelId)).toEqual({
      id: s.channelId,
      phoneNumber: e164,
      wabaId: wabaOf(e164),
      clientId: expect.any(String),
      status: 'pending',
    });
  });

  test('"Message on behalf request not yet accepted" is a waiting condition until the client accepts', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { mobAccepted: false, mobGate: 'submit' });
    const err = await expectClass(portIn(f.world, e164), 'waiting', 'MOB_NOT_ACCEPTED');
    expect(err.retryable).toBe(false);
    expect(err.type).toBe('UpstreamWaitingConditionError');
    expect(err.message).toContain('Message on behalf request not yet accepted');
    await f.ctl.acceptMob(e164);
    await expect(portIn(f.world, e164)).resolves.toMatchObject({ channelId: expect.any(String) });
  });

  test('MoB pending on the porting request: status pending, then accepted after the client acts', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { mobAccepted: false });
    const s = await portIn(f.world, e164);
    expect((await f.world.dialog360.getPortingStatus(s.portingId)).mobStatus).toBe('pending');
    // No code can be requested while the number is not in migration yet (Meta 136024/2388091).
    await expectClass(
      f.world.meta.requestCode({
        phoneNumberId: s.phoneNumberId,
        method: 'SMS',
        language: 'en_US',
        idempotencyKey: `rc-${e164}`,
      }),
      'redirect',
      'NOT_IN_MIGRATION',
    );
    await f.ctl.acceptMob(e164);
    expect((await f.world.dialog360.getPortingStatus(s.portingId)).mobStatus).toBe('accepted');
  });

  test('"Two-factor authentication not yet disabled" is a waiting condition until 2FA is off', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { twoFaEnabled: true });
    await expectClass(portIn(f.world, e164), 'waiting', 'TWO_FA_ENABLED');
    expect((await f.world.meta.findPhoneNumber(wabaOf(e164), e164))?.twoStepVerificationEnabled).toBe(true);
    await f.ctl.disableTwoFa(e164);
    expect((await f.world.meta.findPhoneNumber(wabaOf(e164), e164))?.twoStepVerificationEnabled).toBe(false);
    await expect(portIn(f.world, e164)).resolves.toMatchObject({ portingId: expect.any(String) });
  });

  test('"eligible to be added directly" is a final redirect to onboarding as a new number', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { portInOutcome: 'eligible-direct' });
    const err = await expectClass(portIn(f.world, e164), 'redirect', 'ADD_AS_NEW_NUMBER');
    expect(err.retryable).toBe(false);
    // Final: asking again gives the same answer.
    await expectClass(portIn(f.world, e164), 'redirect', 'ADD_AS_NEW_NUMBER');
  });

  test('"already been moved" is success-equivalent and the channel is found on the WABA', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { portInOutcome: 'already-moved' });
    const err = await expectClass(portIn(f.world, e164), 'success-equivalent', 'ALREADY_MOVED');
    expect(err.type).toBe('UpstreamAlreadyDoneError');
    const channels = await f.world.dialog360.listWabaChannels(wabaOf(e164));
    expect(channels).toEqual([expect.objectContaining({ phoneNumber: e164, status: 'running' })]);
  });

  test('a number whose migration completed answers "already moved" when submitted again', async () => {
    const e164 = freshNumber();
    await verifiedPortIn(f, e164);
    await expectClass(portIn(f.world, e164), 'success-equivalent', 'ALREADY_MOVED');
  });

  test('"need to represent the same business" is an input error (wrong Meta Business ID)', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { metaBusinessId: '5550001111' });
    const err = await expectClass(
      portIn(f.world, e164, { metaBusinessId: '1234567890' }),
      'input',
      'BUSINESS_MISMATCH',
    );
    expect(err.retryable).toBe(false);
    // The corrected business ID goes through.
    await expect(portIn(f.world, e164, { metaBusinessId: '5550001111' })).resolves.toBeDefined();
  });

  test('"Something went wrong" is transient: N failures, then success', async () => {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { somethingWentWrongTimes: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await expectClass(portIn(f.world, e164), 'transient', 'SOMETHING_WENT_WRONG');
      expect(err.retryable).toBe(true);
    }
    await expect(portIn(f.world, e164)).resolves.toMatchObject({ channelId: expect.any(String) });
  });

  test('Brazil: the lookup finds the live-profile form, and the submission must use it exactly', async () => {
    const withNine = '+5531987654321';
    const live = '+553187654321';
    await f.ctl.setScenario(withNine, { liveProfileNumber: live });
    const found = await f.world.meta.findPhoneNumber(wabaOf(withNine), withNine);
    expect(found?.displayPhoneNumber.replace(/\D/g, '')).toBe(live.slice(1));
    const err = await expectClass(portIn(f.world, withNine, { wabaId: wabaOf(withNine) }), 'input', 'BAD_REQUEST');
    expect(err.message).toContain('does not match the WhatsApp profile');
    await expect(
      f.world.dialog360.submitPortIn({
        phone: parts(live),
        wabaId: wabaOf(withNine),
        metaBusinessId: '1234567890',
        idempotencyKey: 'br-live',
      }),
    ).resolves.toBeDefined();
  });
});

describe('setup and API key', () => {
  async function verifiedChannel(setupMs: number | 'manual') {
    const e164 = freshNumber();
    await f.ctl.setScenario(e164, { setupMs });
    return { e164, ...(await verifiedPortIn(f, e164)) };
  }

  test('an API key before the channel runs is a waiting condition; after setup it is minted', async () => {
    const { channelId } = await verifiedChannel('manual');
    expect((await f.world.dialog360.getChannel(channelId)).status).toBe('submitted');
    const err = await expectClass(
      f.world.dialog360.createApiKey(channelId, `key-${channelId}`),
      'waiting',
      'CHANNEL_NOT_RUNNING',
    );
    expect(err.retryable).toBe(false);
    await f.ctl.completeSetup(channelId);
    const key = await f.world.dialog360.createApiKey(channelId, `key-${channelId}`);
    expect(key).toEqual({
      id: expect.any(String),
      apiKey: expect.stringMatching(/^\S{16,}$/),
      address: expect.stringMatching(/^https:/),
      appId: expect.any(String),
    });
  });

  test('setup finishes by itself after the scripted duration', async () => {
    const started = Date.now();
    const { channelId } = await verifiedChannel(1_000);
    expect((await f.world.dialog360.getChannel(channelId)).status).toBe('submitted');
    await eventually(async () => (await f.world.dialog360.getChannel(channelId)).status === 'running');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  test('a new API key revokes every older key of the channel', async () => {
    const { channelId } = await verifiedChannel(0);
    const first = await f.world.dialog360.createApiKey(channelId, 'first');
    const second = await f.world.dialog360.createApiKey(channelId, 'second');
    expect(second.apiKey).not.toBe(first.apiKey);
    const view = await f.ctl.channel(channelId);
    expect(view.apiKeys).toEqual([
      { id: first.id, revoked: true },
      { id: second.id, revoked: false },
    ]);
  });

  test('an unknown channel is an input error NOT_FOUND', async () => {
    await expectClass(f.world.dialog360.getChannel('ch-nope'), 'input', 'NOT_FOUND');
    await expectClass(f.world.dialog360.createApiKey('ch-nope', 'k'), 'input', 'NOT_FOUND');
    await expectClass(f.world.dialog360.getPortingStatus('pi-nope'), 'input', 'NOT_FOUND');
  });
});
