/**
 * The owner page's other steps in real Chromium on the real stack: Meta's Embedded Signup opened
 * from the page (the simulator plays Meta's SDK and popup: the popup refuses while 2FA is on, a
 * cancelled popup changes nothing, a finished one moves the port-in on through the same update as
 * the API); the Cloud port-in's "2FA is off now" button; a partner change's company information,
 * payment method and the numbers the new partner may manage, all answered on the page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { call, path as apiPath, sim, waitFor, type ApiStack } from '../api/api-fixtures';
import { freshNumber } from '../harness/port-in-fixtures';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';
import {
  axeSerious,
  leakedTokens,
  newPage as browserPage,
  ownerLink as linkOf,
  shots,
  startOwnerBench,
  type OwnerBench,
} from './owner-browser';

let bench: OwnerBench;
let api: ApiStack;
beforeAll(async () => {
  bench = await startOwnerBench();
  api = bench.api;
}, 60_000);
afterAll(async () => {
  await bench?.close();
});
afterEach(() => expect(leakedTokens(bench)).toBe(0));
const ownerLink = (migrationId: string, action: string) => linkOf(bench, migrationId, action);
const newPage = (lang = 'en') => browserPage(bench, lang);

const BUSINESS = '777000333';
let seq = 0;

/** A Cloud-API number at another BSP (2FA on) and a port-in of it into our WABA. */
async function cloudPortIn(way: 'embedded-signup' | 'programmatic') {
  const phoneNumber = freshNumber('+4917');
  const tag = `${process.pid}-${Date.now() % 1e6}-${++seq}`;
  const sourceWabaId = `src-owner-${tag}`;
  const wabaId = `dest-owner-${tag}`;
  await sim.setCloudSource(phoneNumber, { sourceWabaId, businessId: BUSINESS, twoFactorEnabled: true });
  await sim.setCloudWaba(wabaId, { businessId: BUSINESS });
  const started = await call(api, 'POST', '/v1/port-ins', {
    phoneNumber,
    wabaId,
    metaBusinessId: BUSINESS,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: { pollEvery: '200ms' },
    path: 'cloud-api',
    cloud: { way, sourceWabaId, creditLine: { id: 'cl-360', currency: 'USD' } },
  });
  expect(started.statusCode).toBe(201);
  return { phoneNumber, wabaId, migrationId: started.json().migrationId as string };
}

/** Clicks the page's launch button and returns Meta's popup. */
async function openSignup(page: Page): Promise<Page> {
  const launch = page.locator('#es-launch');
  await launch.waitFor({ state: 'visible' });
  const [popup] = await Promise.all([page.waitForEvent('popup'), launch.click()]);
  await popup.waitForLoadState();
  return popup;
}

test("Embedded Signup from the page: Meta's popup refuses while 2FA is on, a cancel changes nothing, a finished signup moves the port-in on", async () => {
  const c = await cloudPortIn('embedded-signup');
  const url = await ownerLink(c.migrationId, 'complete_embedded_signup');
  const page = await newPage('en');
  const opened = await page.goto(url);
  expect(opened?.status()).toBe(200);
  const headers = opened?.headers() ?? {};
  // Exactly Meta's SDK and popup are let in; everything else stays as strict as the other steps.
  expect(headers['content-security-policy']).toContain(`script-src 'self' ${new URL(sim.baseUrl).origin}`);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
  await expect(page.locator('main ol li').count()).resolves.toBe(5); // turn 2FA off first
  await expect(page.locator('main').textContent()).resolves.toContain(c.wabaId);
  await page.locator('#es-launch').waitFor({ state: 'visible' });
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-embedded-signup.png'), fullPage: true });

  // 2FA still on: Meta's popup says no, the owner cancels; the page says so and nothing moved.
  let popup = await openSignup(page);
  await popup.fill('#phone', c.phoneNumber);
  await popup.fill('#waba', c.wabaId);
  await popup.click('#finish');
  await expect(popup.getByRole('alert').textContent()).resolves.toMatch(/two-step authentication must be disabled/i);
  await Promise.all([popup.waitForEvent('close'), popup.click('#cancel')]);
  await expect(page.locator('#es-status').textContent()).resolves.toContain('closed before the end');
  expect((await call(api, 'GET', apiPath(c.migrationId))).json().step).toBe('AWAITING_EMBEDDED_SIGNUP');

  // The owner turns 2FA off (WhatsApp Manager, here the simulator) and finishes the popup.
  await sim.setCloudSource(c.phoneNumber, { twoFactorEnabled: false });
  popup = await openSignup(page);
  await popup.fill('#phone', c.phoneNumber);
  await popup.fill('#waba', c.wabaId);
  const [accepted] = await Promise.all([page.waitForNavigation(), popup.click('#finish')]);
  expect(accepted?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('Meta confirmed the move');
  await page.screenshot({ path: path.join(shots, 'owner-embedded-signup-done.png'), fullPage: true });
  const moved = await waitFor(api, c.migrationId, (m) => m.step !== 'AWAITING_EMBEDDED_SIGNUP');
  expect(moved.timeline.some((e: { note?: string }) => /Embedded Signup moved the number/.test(e.note ?? ''))).toBe(
    true,
  );
  expect((await page.goto(url))?.status()).toBe(410); // the link is spent
  await page.context().close();
}, 120_000);

test('Cloud port-in, programmatic: the owner turns 2FA off and says so on the page; the move is tried again at once', async () => {
  const c = await cloudPortIn('programmatic');
  const url = await ownerLink(c.migrationId, 'disable_two_factor');
  const page = await newPage('pt-BR');
  expect((await page.goto(url))?.status()).toBe(200);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-two-factor-port-in.png'), fullPage: true });
  await sim.setCloudSource(c.phoneNumber, { twoFactorEnabled: false });
  const [told] = await Promise.all([page.waitForNavigation(), page.click('button[value=two_factor_off]')]);
  expect(told?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('Tentamos a mudança de novo');
  await waitFor(api, c.migrationId, (m) => m.step !== 'AWAITING_2FA_DISABLED');
  expect((await page.goto(url))?.status()).toBe(410);
  await page.context().close();
}, 90_000);

test('partner change: the numbers, company information, payment method and the numbers for the new partner, all on the page', async () => {
  const waba = await seedWaba(sim, { count: 2, companyInfoComplete: false, hasPaymentMethod: false });
  const destinationPartnerId = freshPartnerId();
  await sim.setPartner(destinationPartnerId, { autoApprove: true, requiresPaymentMethod: true });
  const started = await call(api, 'POST', '/v1/partner-changes', {
    wabaId: waba.wabaId,
    destinationPartnerId,
    timings: { pollEvery: '200ms' },
  });
  expect(started.statusCode).toBe(201);
  const { migrationId } = started.json();
  const page = await newPage('es-ES');

  const confirm = await ownerLink(migrationId, 'confirm_numbers');
  await page.goto(confirm);
  for (const box of await page.locator('input[type=checkbox]').all()) await box.check();
  await Promise.all([page.waitForNavigation(), page.click('button[value=confirm_numbers]')]);

  const company = await ownerLink(migrationId, 'complete_company_info');
  expect((await page.goto(company))?.status()).toBe(200);
  await expect(page.locator('main a[href^="https://hub.360dialog.com"]').count()).resolves.toBe(1);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-company-info.png'), fullPage: true });
  // The hub (the simulator) still says incomplete: only the owner's word moves the step on.
  let [answer] = await Promise.all([page.waitForNavigation(), page.click('button[value=account_done]')]);
  expect(answer?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('Lo comprobamos y seguimos');
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PAYMENT_METHOD');
  expect((await page.goto(company))?.status()).toBe(410); // earlier step: spent
  await sim.completeCompanyInfo(waba.wabaId);

  const payment = await ownerLink(migrationId, 'add_payment_method');
  expect((await page.goto(payment))?.status()).toBe(200);
  [answer] = await Promise.all([page.waitForNavigation(), page.click('button[value=account_done]')]);
  expect(answer?.status()).toBe(200);
  // Had the owner not added it, 360dialog's refusal at submission would bring the step back.
  await sim.addPaymentMethod(waba.wabaId);

  const permissions = await ownerLink(migrationId, 'select_permissions');
  expect((await page.goto(permissions))?.status()).toBe(200);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-select-permissions.png'), fullPage: true });
  // None ticked: refused on the page, nothing changes.
  [answer] = await Promise.all([page.waitForNavigation(), page.click('button[value=select_permissions]')]);
  expect(answer?.status()).toBe(422);
  await expect(page.getByRole('alert').count()).resolves.toBe(1);
  const first = waba.channels[0]?.e164 ?? '';
  await page.getByLabel(first).check();
  [answer] = await Promise.all([page.waitForNavigation(), page.click('button[value=select_permissions]')]);
  expect(answer?.status()).toBe(200);
  const ended = await waitFor(api, migrationId, (m) => m.outcome !== undefined);
  expect(ended.outcome).toBe('completed');
  expect(JSON.stringify(ended.timeline)).toContain(first);
  await page.context().close();
}, 120_000);
