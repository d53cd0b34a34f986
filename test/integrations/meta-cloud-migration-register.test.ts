/**
 * After the move (../shared/docs/cloud-migration.md §2 #3-#6, §8): the code (wrong, expired once
 * Meta's clock passed 10 minutes, "already verified"), `register` and its 10-per-72-hours budget
 * shared with `deregister` (crossed by advancing the simulator's clock), the source's storage
 * region, and the scripted one-shot refusals, each classified by the adapters over real HTTP.
 */
import { SIM_META_APP } from '../../simulator/catalog-cloud';
import { cloudCase, startCloudFixture, verifiedMove, verifyWithInbox, type CloudFixture } from './cloud-fixture';
import { expectClass } from './sim-fixture';

let f: CloudFixture;
const errorTexts: string[] = [];
/** Codes this file read from the inbox: none may show in a log line or an error message. */
const codes: string[] = [];
const PIN = '975310';
const HOUR = 3_600_000;

beforeAll(async () => {
  f = await startCloudFixture();
});
afterEach(async () => {
  await f.ctl.clearErrors();
});
afterAll(async () => {
  await f.sim.close();
});

/** expectClass, keeping the message for the secrets check. */
async function refused(...args: Parameters<typeof expectClass>) {
  const err = await expectClass(...args);
  errorTexts.push(err.message);
  return err;
}

const register = (phoneNumberId: string, pin = PIN) => f.cloud.meta.register({ phoneNumberId, pin });

test('a wrong code is WRONG_CODE; a code older than 10 minutes (Meta clock) is CODE_EXPIRED; a new one works', async () => {
  const c = await cloudCase(f);
  const { phoneNumberId } = await c.migrate();
  const send = (key: string) =>
    f.cloud.meta.requestCode({ phoneNumberId, method: 'VOICE', language: 'en_US', idempotencyKey: key });
  await send(`rc-1-${c.e164}`);
  const [first] = await f.ctl.inbox(c.e164);
  const wrong = first?.code === '000000' ? '111111' : '000000';
  await refused(f.cloud.meta.verifyCode({ phoneNumberId, code: wrong }), 'input', 'WRONG_CODE');
  await f.ctl.advanceClock(10 * 60_000 + 1);
  await refused(f.cloud.meta.verifyCode({ phoneNumberId, code: first?.code ?? '' }), 'input', 'CODE_EXPIRED');
  expect((await f.cloud.metaMigration.getNumberStatus(phoneNumberId)).codeVerificationStatus).toBe('EXPIRED');
  await send(`rc-2-${c.e164}`);
  const code = (await f.ctl.inbox(c.e164)).at(-1)?.code ?? '';
  await f.cloud.meta.verifyCode({ phoneNumberId, code });
  // Verified: another code request is answered "already verified" (go on to register).
  await refused(send(`rc-3-${c.e164}`), 'success-equivalent', 'ALREADY_VERIFIED');
  codes.push(first?.code ?? '', code);
});

test('no code before the move (2388091) and no register before verification (133006)', async () => {
  const c = await cloudCase(f);
  const request = f.cloud.meta.requestCode({
    phoneNumberId: c.source.phoneNumberId,
    method: 'SMS',
    language: 'en_US',
    idempotencyKey: `rc-${c.e164}`,
  });
  await refused(request, 'redirect', 'NOT_IN_MIGRATION');
  const { phoneNumberId } = await c.migrate();
  await refused(register(phoneNumberId), 'input', 'REVERIFY_NEEDED');
});

test('the 11th register/deregister in 72 h is REGISTER_RATE_LIMIT; 72 h later register works', async () => {
  const m = await verifiedMove(f);
  for (let i = 0; i < 5; i++) {
    await register(m.phoneNumberId);
    await f.cloud.metaMigration.deregister(m.phoneNumberId);
  }
  const err = await refused(register(m.phoneNumberId), 'final', 'REGISTER_RATE_LIMIT');
  expect([err.upstreamCode, err.retryable, err.retryAfterMs]).toEqual([133016, false, 72 * HOUR]);
  await f.ctl.advanceClock(72 * HOUR);
  await register(m.phoneNumberId);
  expect((await f.cloud.metaMigration.getNumberStatus(m.phoneNumberId)).status).toBe('CONNECTED');
  const counters = await f.ctl.counters();
  expect([counters.registrationsByNumber[m.e164], counters.deregistrationsByNumber[m.e164]]).toEqual([6, 5]); // the refused 11th call is not counted
});

test('a source storing data in India: register is DATA_LOCALIZATION_REQUIRED until /settings sets IN', async () => {
  const m = await verifiedMove(f, { dataLocalizationRegion: 'IN' });
  const err = await refused(register(m.phoneNumberId), 'input', 'DATA_LOCALIZATION_REQUIRED');
  expect(err.message).toContain("Expected data localization region: 'IN'");
  await f.cloud.metaMigration.setDataLocalization({ phoneNumberId: m.phoneNumberId, region: 'IN' });
  await register(m.phoneNumberId);
  expect((await f.ctl.cloudNumber(m.e164)).storageRegion).toBe('IN');
  // Only while unregistered.
  const late = f.cloud.metaMigration.setDataLocalization({ phoneNumberId: m.phoneNumberId, region: 'DE' });
  await refused(late, 'input', 'BAD_REQUEST');
});

test('a second PIN is PIN_MISMATCH, and neither PIN is in the message', async () => {
  const m = await verifiedMove(f);
  await register(m.phoneNumberId);
  const err = await refused(register(m.phoneNumberId, '864200'), 'input', 'PIN_MISMATCH');
  expect(err.message).not.toMatch(/864200|975310/);
});

describe('scripted one-shot refusals', () => {
  test('133000 on register: DEREGISTER_INCOMPLETE; deregister, then register works', async () => {
    const m = await verifiedMove(f);
    await f.ctl.scriptError({ op: 'meta.register', preset: 'meta.133000', match: m.phoneNumberId });
    await refused(register(m.phoneNumberId), 'input', 'DEREGISTER_INCOMPLETE');
    await f.cloud.metaMigration.deregister(m.phoneNumberId);
    await register(m.phoneNumberId);
    expect((await f.cloud.metaMigration.getNumberStatus(m.phoneNumberId)).status).toBe('CONNECTED');
  });

  test.each([
    ['133015', 'rate-limited', 'RECENTLY_DELETED', 5 * 60_000],
    ['2494100', 'transient', 'MAINTENANCE', 2 * 60_000],
    ['131057', 'transient', 'MAINTENANCE', 2 * 60_000],
  ] as const)('%s on register -> %s %s, retried after %i ms', async (code, errorClass, reason, retryAfterMs) => {
    const m = await verifiedMove(f);
    await f.ctl.scriptError({ op: 'meta.register', preset: `meta.${code}`, match: m.phoneNumberId });
    const err = await refused(register(m.phoneNumberId), errorClass, reason);
    expect([err.retryable, err.retryAfterMs]).toEqual([true, retryAfterMs]);
    await register(m.phoneNumberId);
  });

  test.each([
    ['136024-already-verified', 'success-equivalent', 'ALREADY_VERIFIED', undefined],
    ['136024-wait', 'input', 'CODE_REQUEST_REFUSED', HOUR],
    ['136024', 'input', 'CODE_REQUEST_REFUSED', undefined],
  ] as const)('%s on request_code -> %s %s', async (preset, errorClass, reason, retryAfterMs) => {
    const c = await cloudCase(f);
    const { phoneNumberId } = await c.migrate();
    await f.ctl.scriptError({ op: 'meta.requestCode', preset: `meta.${preset}`, match: phoneNumberId });
    const send = f.cloud.meta.requestCode({ phoneNumberId, method: 'SMS', language: 'en_US', idempotencyKey: 'k' });
    const err = await refused(send, errorClass, reason);
    expect(err.retryAfterMs).toBe(retryAfterMs);
    await verifyWithInbox(f, c.e164, phoneNumberId); // one-shot: the next send goes through
  });
});

test('no PIN, code or secret in any log line or error message of this file', () => {
  expect(codes.filter((c) => /^\d{6}$/.test(c))).toHaveLength(2);
  const all = `${f.logLines.join('\n')}\n${errorTexts.join('\n')}`;
  for (const secret of [PIN, '864200', SIM_META_APP.secret, f.config.META_ACCESS_TOKEN, ...codes])
    expect(all).not.toMatch(new RegExp(`(?<![\\w-])${secret}(?![\\w-])`));
});
