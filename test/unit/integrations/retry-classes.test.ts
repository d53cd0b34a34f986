/**
 * The error classes of docs/domain.md#error-classes, class by class: each documented error is served by the
 * simulator in the real envelope (scripted with `POST /_sim/errors`) and the adapter's
 * classification is asserted over HTTP. Auth failures come from real wrong credentials.
 */
import type { ErrorClass, UpstreamReason } from '../../../contracts/errors';
import { expectClass, freshNumber, portIn, startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
let phoneNumberId: string;
let channelId: string;

beforeAll(async () => {
  f = await startSimFixture();
  const s = await portIn(f.world, freshNumber());
  phoneNumberId = s.phoneNumberId;
  channelId = s.channelId;
});
afterEach(async () => {
  await f.ctl.clearErrors();
});
afterAll(async () => {
  await f.sim.close();
});

/** `retryAfterMs` is always present (null = not asserted): Jest would take a 4th parameter for `done`. */
type Row = [preset: string, errorClass: ErrorClass, reason: UpstreamReason, retryAfterMs: number | null];

const metaCall = {
  getPhone: () => f.world.meta.getPhoneNumber(phoneNumberId),
  requestCode: () =>
    f.world.meta.requestCode({
      phoneNumberId,
      method: 'SMS',
      language: 'en_US',
      idempotencyKey: `rc-${Math.random()}`,
    }),
  verifyCode: () => f.world.meta.verifyCode({ phoneNumberId, code: '123456' }),
};

async function scripted(op: string, preset: string, call: () => Promise<unknown>) {
  await f.ctl.scriptError({ op, preset });
  return call();
}

describe('retry with backoff', () => {
  const rows: Row[] = [
    ['meta.1', 'transient', 'SERVER_ERROR', null],
    ['meta.2', 'transient', 'SERVER_ERROR', null],
    ['meta.131000', 'transient', 'SERVER_ERROR', null],
    ['meta.131016', 'transient', 'SERVER_ERROR', null],
    ['meta.133004', 'transient', 'SERVER_ERROR', null],
    ['meta.4', 'rate-limited', 'RATE_LIMIT', null],
    ['meta.80007', 'rate-limited', 'RATE_LIMIT', null],
    ['meta.133008', 'rate-limited', 'PIN_GUESS_LIMIT', 30_000], // wait taken from error_data.details
    ['meta.133009', 'rate-limited', 'PIN_GUESS_LIMIT', 10_000],
    ['meta.133015', 'rate-limited', 'RECENTLY_DELETED', 5 * 60_000],
  ];
  test.each(rows)('Meta %s -> %s %s', async (preset, errorClass, reason, retryAfterMs) => {
    const err = await expectClass(scripted('meta.getNode', preset, metaCall.getPhone), errorClass, reason);
    expect(err.retryable).toBe(true);
    expect(err.service).toBe('meta');
    expect(err.upstreamCode).toBe(Number(preset.split('.')[1]));
    if (retryAfterMs !== null) expect(err.retryAfterMs).toBe(retryAfterMs);
  });

  const d360: Row[] = [
    ['d360.internal', 'transient', 'SERVER_ERROR', null],
    ['d360.integration-missing', 'transient', 'SERVER_ERROR', null],
    ['d360.something-went-wrong', 'transient', 'SOMETHING_WENT_WRONG', null],
    ['d360.rate-limit', 'rate-limited', 'RATE_LIMIT', 5_000], // HTTP 400 "exceeded the limit of 1 request every 5 seconds"
  ];
  test.each(d360)('360dialog %s -> %s %s', async (preset, errorClass, reason, retryAfterMs) => {
    const err = await expectClass(
      scripted('360.listChannels', preset, () => f.world.dialog360.getChannel(channelId)),
      errorClass,
      reason,
    );
    expect(err.retryable).toBe(true);
    if (retryAfterMs !== null) expect(err.retryAfterMs).toBe(retryAfterMs);
  });

  test('429 with an HTTP-date Retry-After is honoured', async () => {
    const err = await expectClass(
      scripted('support.getTicket', 'http.429', () => f.world.supportDesk.getTicket('1')),
      'rate-limited',
      'RATE_LIMIT',
    );
    expect(err.retryAfterMs).toBeGreaterThan(4_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(7_000);
  });

  test('429 with Retry-After in seconds is honoured', async () => {
    await f.ctl.scriptError({
      op: '360.listChannels',
      status: 429,
      body: { meta: { httpCode: 429, developerMessage: 'Too many requests', success: false } },
      headers: { 'retry-after': '12' },
    });
    const err = await expectClass(f.world.dialog360.getChannel(channelId), 'rate-limited', 'RATE_LIMIT');
    expect(err.retryAfterMs).toBe(12_000);
  });
});

describe('go back a step', () => {
  test.each<Row>([
    ['meta.133006', 'input', 'REVERIFY_NEEDED', null],
    ['meta.136025', 'input', 'WRONG_CODE', null],
    ['meta.136025-expired', 'input', 'CODE_EXPIRED', null],
  ])('Meta %s -> %s %s', async (preset, errorClass, reason) => {
    const err = await expectClass(scripted('meta.verifyCode', preset, metaCall.verifyCode), errorClass, reason);
    expect(err.retryable).toBe(false);
  });
});

describe('non-retryable', () => {
  test.each<Row>([
    ['meta.133005', 'input', 'PIN_MISMATCH', null],
    ['meta.136024', 'input', 'CODE_REQUEST_REFUSED', null],
    ['meta.2388091', 'redirect', 'NOT_IN_MIGRATION', null], // not in migration: the normal registration path
    ['meta.100', 'input', 'BAD_REQUEST', null],
    ['meta.0', 'permission', 'INVALID_CREDENTIALS', null],
    ['meta.190', 'permission', 'INVALID_CREDENTIALS', null],
    ['meta.10', 'permission', 'PERMISSION_DENIED', null],
    ['meta.200', 'permission', 'PERMISSION_DENIED', null],
    ['meta.368', 'final', 'ACCOUNT_LOCKED', null],
    ['meta.131031', 'final', 'ACCOUNT_LOCKED', null],
    ['meta.133016', 'final', 'REGISTER_RATE_LIMIT', null],
    ['meta.1005', 'final', 'PERMISSION_DENIED', null],
  ])('Meta %s on request_code -> %s %s', async (preset, errorClass, reason) => {
    const err = await expectClass(scripted('meta.requestCode', preset, metaCall.requestCode), errorClass, reason);
    expect(err.retryable).toBe(false);
  });

  test('Meta 2388093 on verify_code -> redirect NOT_IN_MIGRATION', async () => {
    await expectClass(scripted('meta.verifyCode', 'meta.2388093', metaCall.verifyCode), 'redirect', 'NOT_IN_MIGRATION');
  });

  test.each<Row>([
    ['d360.invalid-key', 'permission', 'INVALID_CREDENTIALS', null],
    ['d360.permission-denied', 'permission', 'PERMISSION_DENIED', null],
    ['d360.path-blocked', 'permission', 'PERMISSION_DENIED', null],
    ['d360.api-disabled', 'permission', 'PERMISSION_DENIED', null],
    ['d360.lack-of-payment', 'permission', 'PERMISSION_DENIED', null],
    ['d360.different-payment-processor', 'final', 'DIFFERENT_PAYMENT_PROCESSOR', null],
    ['meta.368', 'final', 'ACCOUNT_LOCKED', null], // Meta errors pass through 360dialog unchanged
    ['meta.131031', 'final', 'ACCOUNT_LOCKED', null],
  ])('360dialog %s -> %s %s', async (preset, errorClass, reason) => {
    const err = await expectClass(
      scripted('360.getPortIn', preset, () => f.world.dialog360.getPortingStatus('pi-any')),
      errorClass,
      reason,
    );
    expect(err.retryable).toBe(false);
    expect(err.service).toBe('360dialog');
  });

  test('a wrong 360dialog API key: real 401 envelope (httpCode 404 in the body is not trusted)', async () => {
    const err = await expectClass(
      f.worldWith({ D360_PARTNER_API_KEY: 'wrong-key' }).dialog360.getChannel(channelId),
      'permission',
      'INVALID_CREDENTIALS',
    );
    expect(err.httpStatus).toBe(401);
    expect(err.message).toContain('Invalid api_key or token expired');
    expect(err.message).not.toContain('wrong-key');
  });

  test('another partner ID in the path is "Permission denied for partner"', async () => {
    const err = await expectClass(
      f.worldWith({ D360_PARTNER_ID: 'SOMEONEPA' }).dialog360.getChannel(channelId),
      'permission',
      'PERMISSION_DENIED',
    );
    expect(err.message).toContain('Permission denied for partner SOMEONEPA');
  });

  test('a wrong Meta token is 190, a missing one 104: both invalid credentials', async () => {
    const err = await expectClass(
      f.worldWith({ META_ACCESS_TOKEN: 'wrong-token' }).meta.getPhoneNumber(phoneNumberId),
      'permission',
      'INVALID_CREDENTIALS',
    );
    expect(err.upstreamCode).toBe(190);
    expect(err.message).not.toContain('wrong-token');
    const res = await fetch(`${f.ctl.urls.meta}/${phoneNumberId}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(104);
  });

  test('a wrong support-desk token is invalid credentials', async () => {
    await expectClass(
      f.worldWith({ SUPPORT_DESK_TOKEN: 'nope' }).supportDesk.getTicket('1'),
      'permission',
      'INVALID_CREDENTIALS',
    );
  });
});

describe('count as success', () => {
  test('Meta 2388012 (already on the destination WABA) is success-equivalent', async () => {
    const err = await expectClass(
      scripted('meta.requestCode', 'meta.2388012', metaCall.requestCode),
      'success-equivalent',
      'ALREADY_MOVED',
    );
    expect(err.retryable).toBe(false);
  });

  test('360dialog "already been moved" is success-equivalent (also when scripted on any route)', async () => {
    await f.ctl.scriptError({
      op: '360.submitPortIn',
      status: 400,
      body: {
        meta: {
          httpCode: 400,
          developerMessage:
            'The phone number you are trying to port has already been moved to your destination WhatsApp Account.',
          success: false,
        },
      },
    });
    await expectClass(portIn(f.world, freshNumber()), 'success-equivalent', 'ALREADY_MOVED');
  });
});
