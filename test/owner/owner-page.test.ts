/**
 * The number owner's page in real headless Chromium (Debian's, no download) on the real stack:
 * the owner types a wrong code, then the right one, and the port-in moves on; a partner change's
 * numbers are confirmed on the page; tampered, expired, reused and forged-form requests get a page
 * with a 4xx and change nothing; every language renders; axe-core finds no serious violation.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { actionLinks } from '../../secrets/action-links';
import { LANGUAGES, CATALOGUES } from '../../api/owner/catalogue';
import {
  call,
  latestPin,
  path as apiPath,
  preparedPortIn,
  request,
  sim,
  waitFor,
  type ApiStack,
} from '../api/api-fixtures';
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
afterEach(() => {
  expect(bench.logLines.length).toBeGreaterThan(0);
  expect(leakedTokens(bench)).toBe(0);
});
const ownerLink = (migrationId: string, action: string) => linkOf(bench, migrationId, action);
const newPage = (lang = 'en') => browserPage(bench, lang);

test('port-in code step: a wrong code shows the attempts left, the right one moves the migration on; the link is then spent', async () => {
  const body = await preparedPortIn();
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  const url = await ownerLink(migrationId, 'enter_code');

  const page = await newPage('en');
  const first = await page.goto(url);
  expect(first?.status()).toBe(200);
  expect(first?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(first?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.locator('h1').textContent()).resolves.toContain(body.phoneNumber);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-code-step.png'), fullPage: true });

  const right = await latestPin(body.phoneNumber);
  const wrong = right === '000000' ? '111111' : '000000';
  await page.fill('#code', wrong);
  const [wrongAnswer] = await Promise.all([page.waitForNavigation(), page.click('button[value=submit_code]')]);
  expect(wrongAnswer?.status()).toBe(422);
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Attempts left: \d/);
  await page.screenshot({ path: path.join(shots, 'owner-code-wrong.png'), fullPage: true });
  expect((await call(api, 'GET', apiPath(migrationId))).json().step).toBe('AWAITING_PIN');

  await page.fill('#code', right);
  const [ok] = await Promise.all([page.waitForNavigation(), page.click('button[value=submit_code]')]);
  expect(ok?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('Code accepted');
  await page.screenshot({ path: path.join(shots, 'owner-code-accepted.png'), fullPage: true });
  await waitFor(api, migrationId, (m) => m.step !== 'AWAITING_PIN');

  // The same link again: the step is done (here the whole port-in soon is), a 410 page says so.
  const again = await page.goto(url);
  expect(again?.status()).toBe(410);
  await expect(page.locator('h1').textContent()).resolves.toMatch(/^(This step is already done|The move has ended)$/);
  await page.context().close();
}, 90_000);

test('partner change: the owner ticks the numbers and confirms; the migration moves on', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const started = await call(api, 'POST', '/v1/partner-changes', {
    wabaId: waba.wabaId,
    destinationPartnerId: freshPartnerId(),
    timings: { pollEvery: '200ms' },
  });
  expect(started.statusCode).toBe(201);
  const { migrationId } = started.json();
  const url = await ownerLink(migrationId, 'confirm_numbers');

  const page = await newPage('de-DE');
  expect((await page.goto(url))?.status()).toBe(200);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
  for (const channel of waba.channels) await expect(page.getByText(channel.e164).count()).resolves.toBe(1);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-confirm-numbers.png'), fullPage: true });
  for (const box of await page.locator('input[type=checkbox]').all()) await box.check();
  const [done] = await Promise.all([page.waitForNavigation(), page.click('button[value=confirm_numbers]')]);
  expect(done?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('die Nummern sind bestätigt');
  await waitFor(api, migrationId, (m) => m.step !== 'AWAITING_NUMBER_CONFIRMATION');
  await page.context().close();
}, 90_000);

test('tampered, expired, wrong-run and forged requests get a page with a 4xx and change nothing', async () => {
  const body = await preparedPortIn();
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  const url = await ownerLink(migrationId, 'enter_code');
  const token = url.split('/a/')[1] ?? '';
  const view = (await call(api, 'GET', apiPath(migrationId))).json();
  const links = actionLinks(api.stack.config.OWNER_LINK_KEYS);
  const claims = await links.verify(token);

  const page = await newPage('es');
  // One changed character in the signature.
  const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
  expect((await page.goto(`${api.url}/a/${tampered}`))?.status()).toBe(400);
  await expect(page.locator('h1').textContent()).resolves.toBe('Este enlace no es válido');
  // Signed by a key we do not hold.
  const foreign = await actionLinks(`x:${Buffer.alloc(32, 7).toString('base64')}`).mint({
    ...claims,
    issuedAt: new Date(),
  });
  expect((await page.goto(`${api.url}/a/${foreign}`))?.status()).toBe(400);
  // Expired a second ago.
  const expired = await links.mint({
    ...claims,
    expiresAt: new Date(Date.now() - 1000),
    issuedAt: new Date(Date.now() - 60_000),
  });
  expect((await page.goto(`${api.url}/a/${expired}`))?.status()).toBe(410);
  await expect(page.locator('h1').textContent()).resolves.toBe('Este enlace ha caducado');
  await page.screenshot({ path: path.join(shots, 'owner-link-expired.png'), fullPage: true });
  // A well-signed link for another run of the same migration.
  const oldRun = await links.mint({ ...claims, runId: 'an-earlier-run', issuedAt: new Date() });
  expect((await page.goto(`${api.url}/a/${oldRun}`))?.status()).toBe(410);

  // A POST without the page's form (another site's form, a script): 403, no code checked.
  const pinsBefore = (await sim.inbox(body.phoneNumber)).length;
  const forged = await request(api, {
    method: 'POST',
    url: `/a/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    payload: 'op=resend_sms&csrf=x',
  });
  expect(forged.statusCode).toBe(403);
  expect(forged.body).toContain('Please try again');
  expect((await sim.inbox(body.phoneNumber)).length).toBe(pinsBefore);
  const after = (await call(api, 'GET', apiPath(migrationId))).json();
  expect(after.step).toBe('AWAITING_PIN');
  expect(after.timeline).toEqual(view.timeline);
  await page.context().close();
}, 90_000);

test('every language renders the code step completely, and the switcher changes it', async () => {
  const body = await preparedPortIn();
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  const url = await ownerLink(migrationId, 'enter_code');
  const page = await newPage('pt-BR');
  await page.goto(url);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('pt-BR');
  for (const lang of LANGUAGES) {
    await page.click(`nav a[hreflang="${lang}"]`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(CATALOGUES[lang].submitCode);
    expect(text).not.toMatch(/\{\w+\}/); // no placeholder left unfilled
    await page.screenshot({ path: path.join(shots, `owner-code-step-${lang}.png`), fullPage: true });
  }
  await page.context().close();
}, 90_000);

test('port-out: the 2FA steps (the open page sees by itself that it is off), then the owner keeps or cancels the subscription', async () => {
  const waba = await seedWaba(sim, { count: 1, ownership: 'owned', twoFaEnabled: true });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  const started = await call(api, 'POST', '/v1/port-outs', {
    phoneNumber,
    wabaId: waba.wabaId,
    timings: { pollEvery: '200ms' },
  });
  const { migrationId } = started.json();
  const twoFactor = await ownerLink(migrationId, 'disable_two_factor');
  const page = await newPage('en-GB');
  expect((await page.goto(twoFactor))?.status()).toBe(200);
  await expect(page.locator('main ol li').count()).resolves.toBe(5);
  await expect(page.locator('main ol').textContent()).resolves.toContain(phoneNumber);
  await expect(page.locator('meta[http-equiv=refresh]').count()).resolves.toBe(0); // a reload link instead (WCAG 2.2.1)
  await expect(page.locator('form').count()).resolves.toBe(0); // nothing to send: only Meta can tell
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-two-factor.png'), fullPage: true });

  await expect(page.locator('#refresh-hint').textContent()).resolves.toContain('updates by itself');
  await sim.disableTwoFa(phoneNumber);
  await waitFor(api, migrationId, (m) => m.step !== 'AWAITING_2FA_DISABLED');
  // Nobody reloads: the page's script finds the step passed and shows what the link now says.
  await page.locator('h1', { hasText: 'This step is already done' }).waitFor({ timeout: 15_000 });
  expect((await page.goto(twoFactor))?.status()).toBe(410);
  await expect(page.locator('h1').textContent()).resolves.toBe('This step is already done');

  await sim.markNumberLeft(phoneNumber);
  await call(api, 'POST', apiPath(migrationId, '/events/number-left'), { eventId: `left-${migrationId}` });
  const decide = await ownerLink(migrationId, 'confirm_cancellation');
  expect((await page.goto(decide))?.status()).toBe(200);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(shots, 'owner-confirm-cancellation.png'), fullPage: true });
  const [done] = await Promise.all([page.waitForNavigation(), page.click('button[value=confirm_cancellation]')]);
  expect(done?.status()).toBe(200);
  await expect(page.locator('main').textContent()).resolves.toContain('The subscription will be cancelled');
  const ended = await waitFor(api, migrationId, (m) => m.outcome !== undefined);
  expect(ended.outcome).toBe('completed');
  expect((await sim.waba(waba.wabaId)).subscription).toBe('cancelled');
  await page.context().close();
}, 90_000);

test('one link answers at most 12 forms in 10 minutes; more get a 429 page and reach no workflow', async () => {
  const body = await preparedPortIn();
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  const url = await ownerLink(migrationId, 'enter_code');
  const page = await fromOwnAddress(url);
  const cookie = ([page.headers['set-cookie']].flat()[0] ?? '').split(';')[0] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  expect(cookie).toMatch(/^owner_csrf=/);
  const post = (code: string) =>
    fromOwnAddress(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ csrf, op: 'submit_code', code }).toString(),
    });
  const statuses: number[] = [];
  for (let i = 0; i < 13; i++) statuses.push((await post('12345')).status); // malformed: refused on the page
  expect(statuses).toEqual([...Array(12).fill(422), 429]);
  const view = (await call(api, 'GET', apiPath(migrationId))).json();
  expect(view.step).toBe('AWAITING_PIN');
  expect(view.timeline.some((e: { note?: string }) => /wrong/i.test(e.note ?? ''))).toBe(false);
}, 60_000);

/**
 * A request from 127.0.0.2: the per-link limit is under test here, and the file's other tests (all
 * from 127.0.0.1: pages, styles, live refreshes) share one per-IP window of 60 a minute, which a
 * fast run fills before this test's 14 requests.
 */
function fromOwnAddress(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, localAddress: '127.0.0.2' },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
