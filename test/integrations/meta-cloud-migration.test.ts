/**
 * The Cloud-API migration adapter against the simulator over real HTTP (../shared/docs/cloud-
 * migration.md §2): the whole programmatic path, "already there" (2388012) as success, each
 * documented refusal of `migrate_phone_number` classified, template pages, the Embedded Signup
 * code exchange, and no PIN, code or secret in a log line or an error message.
 */
import { isUpstreamError } from '../../integrations/errors';
import { SIM_META_APP } from '../../simulator/catalog-cloud';
import { cloudCase, freshWaba, startCloudFixture, verifyWithInbox, type CloudFixture } from './cloud-fixture';
import { expectClass, freshNumber, parts } from './sim-fixture';

let f: CloudFixture;
const errorTexts: string[] = [];
/** Codes, PINs and tokens this file handled: none may show in a log line or an error message. */
const secrets: string[] = ['246810'];

beforeAll(async () => {
  f = await startCloudFixture();
});
afterAll(async () => {
  await f.sim.close();
});

/** Keeps every error message, for the secrets check at the end. */
async function failing(p: Promise<unknown>): Promise<unknown> {
  return p.catch((e: unknown) => {
    if (isUpstreamError(e)) errorTexts.push(e.message, String(e.cause ?? ''));
    throw e;
  });
}

const TEMPLATES = [
  { name: 'order_update', category: 'UTILITY', laterStatus: { status: 'REJECTED' as const, afterMs: 60_000 } },
  { name: 'welcome', language: 'de_DE', category: 'MARKETING' },
  { name: 'promo_typo', category: 'MARKETING', failReason: 'Formatting error - dangling parameter' },
  { name: 'low_quality', quality: 'RED' as const },
];

test('the programmatic path: subscribe, credit line, move, code, templates, register, CONNECTED', async () => {
  const c = await cloudCase(f, { templates: TEMPLATES });
  const moved = await c.migrate();
  expect(moved.alreadyThere).toBe(false);
  expect(moved.phoneNumberId).not.toBe(c.source.phoneNumberId); // a new ID in the destination
  expect(await f.cloud.metaMigration.getNumberStatus(moved.phoneNumberId)).toMatchObject({
    status: 'PENDING',
    codeVerificationStatus: 'NOT_VERIFIED',
    platformType: 'CLOUD_API',
    nameStatus: 'APPROVED',
  });
  secrets.push(await verifyWithInbox(f, c.e164, moved.phoneNumberId));

  const page = await f.cloud.metaMigration.migrateTemplates({
    wabaId: c.wabaId,
    sourceWabaId: c.sourceWabaId,
    page: 0,
  });
  expect(page.migrated).toHaveLength(2);
  expect(page.more).toBe(false);
  const byName = Object.fromEntries(c.source.templates.map((t) => [t.name, t.id]));
  expect(page.failed).toEqual({
    [byName.promo_typo as string]: 'Formatting error - dangling parameter',
    [byName.low_quality as string]: expect.stringContaining('quality score is RED'),
  });

  await f.cloud.meta.register({ phoneNumberId: moved.phoneNumberId, pin: '246810' });
  const status = await f.cloud.metaMigration.getNumberStatus(moved.phoneNumberId);
  expect(status).toMatchObject({ status: 'CONNECTED', codeVerificationStatus: 'VERIFIED' });

  // Copies start UNKNOWN; one is re-categorised a minute later, the ratings show after 24 h.
  const copies = await f.cloud.metaMigration.listTemplates(c.wabaId);
  expect(copies.map((t) => [t.name, t.status, t.qualityScore])).toEqual([
    ['order_update', 'APPROVED', 'UNKNOWN'],
    ['welcome', 'APPROVED', 'UNKNOWN'],
  ]);
  await f.ctl.advanceClock(24 * 3_600_000);
  const later = await f.cloud.metaMigration.listTemplates(c.wabaId);
  expect(later.map((t) => [t.name, t.status, t.qualityScore])).toEqual([
    ['order_update', 'REJECTED', 'GREEN'],
    ['welcome', 'APPROVED', 'GREEN'],
  ]);

  // A repeated page or a retry of the failed ones by ID makes no duplicates.
  const again = await f.cloud.metaMigration.migrateTemplates({
    wabaId: c.wabaId,
    sourceWabaId: c.sourceWabaId,
    page: 0,
  });
  expect(again.migrated.sort()).toEqual([...page.migrated].sort());
  const retry = await f.cloud.metaMigration.migrateTemplates({
    wabaId: c.wabaId,
    sourceWabaId: c.sourceWabaId,
    page: 0,
    templateIds: Object.keys(page.failed),
  });
  expect([retry.migrated, Object.keys(retry.failed).sort(), retry.more]).toEqual([
    [],
    Object.keys(page.failed).sort(),
    false,
  ]);
  const counters = await f.ctl.counters();
  expect(counters.numbersMigratedByNumber[c.e164]).toBe(1);
  expect(counters.templatesMigratedByWaba[c.wabaId]).toBe(2);
  expect(counters.registrationsByNumber[c.e164]).toBe(1);
});

test('migrating again is 2388012: the number is looked up and answered alreadyThere', async () => {
  const c = await cloudCase(f);
  const first = await c.migrate();
  await expect(c.migrate()).resolves.toEqual({ phoneNumberId: first.phoneNumberId, alreadyThere: true });
  expect((await f.ctl.counters()).numbersMigratedByNumber[c.e164]).toBe(1);
});

describe('migrate_phone_number refusals', () => {
  test('2FA still on -> waiting TWO_FA_ENABLED, until the owner disables it', async () => {
    const c = await cloudCase(f, { twoFactorEnabled: true });
    const err = await expectClass(failing(c.migrate()), 'waiting', 'TWO_FA_ENABLED');
    expect(err.message).toContain('Two-step authentication must be disabled');
    await f.ctl.disableTwoFa(c.e164);
    await expect(c.migrate()).resolves.toMatchObject({ alreadyThere: false });
  });

  test('no app subscribed -> waiting WEBHOOKS_MISSING; after subscribe_apps it goes', async () => {
    const c = await cloudCase(f, {}, { setUp: false });
    await f.cloud.metaMigration.shareCreditLine({ creditLineId: 'cl-360', wabaId: c.wabaId, currency: 'EUR' });
    await expectClass(failing(c.migrate()), 'waiting', 'WEBHOOKS_MISSING');
    await f.cloud.metaMigration.subscribeApp(c.wabaId);
    await expect(c.migrate()).resolves.toMatchObject({ alreadyThere: false });
  });

  test('no payment account -> waiting PAYMENT_ACCOUNT_MISSING; after the credit line it goes', async () => {
    const c = await cloudCase(f, {}, { setUp: false });
    await f.cloud.metaMigration.subscribeApp(c.wabaId);
    await expectClass(failing(c.migrate()), 'waiting', 'PAYMENT_ACCOUNT_MISSING');
    await f.cloud.metaMigration.shareCreditLine({ creditLineId: 'cl-360', wabaId: c.wabaId, currency: 'EUR' });
    await expect(c.migrate()).resolves.toMatchObject({ alreadyThere: false });
    expect((await f.ctl.cloudWaba(c.wabaId)).creditLineShared).toBe(true);
  });

  test.each([
    ['display name pending', 'waiting', 'NAME_NOT_APPROVED', { nameStatus: 'PENDING_REVIEW' as const }],
    ['source of another business', 'input', 'BUSINESS_MISMATCH', { businessId: '999000999' }],
  ] as const)('%s -> %s %s', async (_what, errorClass, reason, script) => {
    const c = await cloudCase(f, script);
    await expectClass(failing(c.migrate()), errorClass, reason);
  });

  test('destination WABA not approved -> waiting DESTINATION_NOT_APPROVED', async () => {
    const c = await cloudCase(f);
    await f.ctl.setCloudWaba(c.wabaId, { approved: false });
    await expectClass(failing(c.migrate()), 'waiting', 'DESTINATION_NOT_APPROVED');
  });

  test('a number nobody migrates -> redirect NOT_IN_MIGRATION (use normal registration)', async () => {
    const wabaId = freshWaba();
    await f.ctl.setCloudWaba(wabaId, { appSubscribed: true, creditLineShared: true });
    const phone = parts(freshNumber('+4917'));
    const err = await expectClass(
      failing(f.cloud.metaMigration.migratePhoneNumber({ wabaId, phone })),
      'redirect',
      'NOT_IN_MIGRATION',
    );
    expect(err.message).toContain('not being migrated');
  });

  test.each([
    ['2388103-add-directly', 'redirect', 'ADD_DIRECTLY'],
    ['2388103-source', 'final', 'SOURCE_NOT_SET_UP'],
    ['2388103-messaging-for', 'waiting', 'DESTINATION_NOT_APPROVED'],
    ['2388103-generic', 'transient', 'SOMETHING_WENT_WRONG'],
  ] as const)('scripted %s -> %s %s', async (preset, errorClass, reason) => {
    const c = await cloudCase(f);
    await f.ctl.scriptError({ op: 'meta.migratePhoneNumber', preset: `meta.${preset}`, match: c.wabaId });
    await expectClass(failing(c.migrate()), errorClass, reason);
    await expect(c.migrate()).resolves.toMatchObject({ alreadyThere: false }); // one-shot
  });
});

test('templates come in pages of 500: a full page says there may be more', async () => {
  const c = await cloudCase(f, { templates: Array.from({ length: 501 }, (_, i) => ({ name: `t${i}` })) });
  await f.ctl.setCloudWaba(c.wabaId, { templateLimit: 1_000 });
  const input = { wabaId: c.wabaId, sourceWabaId: c.sourceWabaId };
  const first = await f.cloud.metaMigration.migrateTemplates({ ...input, page: 0 });
  const second = await f.cloud.metaMigration.migrateTemplates({ ...input, page: 1 });
  expect([first.migrated.length, first.more, second.migrated.length, second.more]).toEqual([500, true, 1, false]);
  expect(await f.cloud.metaMigration.listTemplates(c.wabaId)).toHaveLength(501);
});

test('Embedded Signup: the code buys a business token once; a wrong app secret is a permission error', async () => {
  const { code } = await f.ctl.signupCode();
  const { accessToken } = await f.cloud.metaMigration.exchangeSignupCode(code);
  expect(accessToken).toMatch(/^EAA/);
  const used = await expectClass(failing(f.cloud.metaMigration.exchangeSignupCode(code)), 'input', 'BAD_REQUEST');
  expect(used.message).toContain('has been used');
  const { code: fresh } = await f.ctl.signupCode();
  const wrong = f.worldWith({ META_APP_SECRET: 'not-our-app-secret' }).metaMigration;
  await expectClass(failing(wrong.exchangeSignupCode(fresh)), 'permission', 'INVALID_CREDENTIALS');
  secrets.push(fresh, 'not-our-app-secret');
  secrets.push(code, accessToken);
});

test('no PIN, code, secret or token in any log line or error message of this file', () => {
  const all = `${f.logLines.join('\n')}\n${errorTexts.join('\n')}`;
  expect(f.logLines.length).toBeGreaterThan(20);
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  // Digits only as a whole (a 6-digit code may occur inside a 15-digit phone-number ID by chance).
  for (const secret of [...secrets, SIM_META_APP.secret, f.config.META_ACCESS_TOKEN])
    expect(all).not.toMatch(new RegExp(`(?<![\\w-])${secret}(?![\\w-])`));
  expect(all).not.toMatch(/client_secret|access_token=/);
});
