/**
 * What ops staff see: headless Chromium opens the Temporal Web UI of the test dev server, finds a
 * running port-in, port-out and partner change by search attributes, and shows each one's summary
 * and current details (decrypted through the codec server). Screenshots go to a temp folder, or to docs/images with
 * RECORD_SCREENSHOTS=1 (the ones in the docs come from this test).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { atStep, freshNumber, waitForStatus } from '../harness/port-in-fixtures';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const shots =
  process.env.RECORD_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '../../docs/images')
    : mkdtempSync(path.join(tmpdir(), 'ui-'));
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  stack = await startStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('the Web UI lists a waiting port-in by search attribute and shows its summary and current details', async () => {
  const ui = process.env.TEST_TEMPORAL_UI_URL as string;
  const migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  const phoneNumber = freshNumber();
  const { migrationId } = await migrations.startPortIn({
    path: 'on-premise' as const,
    phoneNumber,
    wabaId: `waba-${phoneNumber.slice(1)}`,
    metaBusinessId: '1234567890',
    businessWebsite: simulatorControl().siteUrl('shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    // Escalated at once, so the details carry a ticket line too.
    timings: { pollEvery: '200ms', pinEscalateAfter: '1s' },
  });
  const handle = stack.client.workflow.getHandle(migrationId);
  await atStep(handle, PortInStep.AWAITING_PIN);
  const { tickets } = await waitForStatus(handle, (s) => s.tickets.length > 0);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const query = `MigrationKind = "port-in" AND MigrationStep = "AWAITING_PIN" AND PhoneNumber = "${phoneNumber}"`;
  await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
  await page.getByText(migrationId).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'web-ui-list.png') });

  await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(migrationId)}`);
  await page.getByText(`Port-in ${phoneNumber} → 360dialog`).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'web-ui-migration.png') });
  await page.getByText('User Metadata', { exact: true }).first().click();
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(shots, 'web-ui-current-details.png'), fullPage: true });
  const details = await textOfAllFrames(page, /Support tickets/);
  expect(details).toMatch(/Step: AWAITING_PIN/);
  expect(details).toMatch(/Waiting for: the PIN sent by SMS since/);
  expect(details).toMatch(/Then: (escalates \S+ · )?gives up \d{4}-/);
  expect(details).toContain(`Support tickets (1): ${tickets[0]?.ticketId}`);
  // The whole of the details, the ticket line last, shows in the UI's panel without scrolling.
  const { text, panel } = await placeOfText(page, /Support tickets \(1\)/);
  expect(text.y + text.height).toBeLessThanOrEqual(panel.y + panel.height);
  await page.screenshot({ path: path.join(shots, 'web-ui-current-details.png') });
  await stack.client.workflow.getHandle(migrationId).cancel();
}, 120_000);

test('a running port-out and a running partner change: listed by search attributes, with summary and current details', async () => {
  const migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  const sim = simulatorControl();
  const timings = { pollEvery: '200ms', remindEvery: '1h' };
  const owned = await seedWaba(sim, { count: 1, ownership: 'owned', twoFaEnabled: true });
  const e164 = owned.channels[0]?.e164 ?? '';
  const portOut = await migrations.startPortOut({ phoneNumber: e164, wabaId: owned.wabaId, timings });
  const waba = await seedWaba(sim, { count: 2 });
  const partnerId = freshPartnerId();
  const change = await migrations.startPartnerChange({ wabaId: waba.wabaId, destinationPartnerId: partnerId, timings });
  const at = (id: string, step: string) => waitForStatus(stack.client.workflow.getHandle(id), (s) => s.step === step);
  await Promise.all([
    at(portOut.migrationId, 'AWAITING_2FA_DISABLED'),
    at(change.migrationId, 'AWAITING_NUMBER_CONFIRMATION'),
  ]);

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await expectShown(page, {
      migrationId: portOut.migrationId,
      query: `MigrationKind = "port-out" AND MigrationStep = "AWAITING_2FA_DISABLED" AND PhoneNumber = "${e164}"`,
      summary: `Port-out ${e164} ← 360dialog`,
      step: 'AWAITING_2FA_DISABLED',
      waitingFor: 'the business admin to disable two-step verification in Meta Business Manager',
    });
    await expectShown(page, {
      migrationId: change.migrationId,
      query: `MigrationKind = "partner-change" AND MigrationStep = "AWAITING_NUMBER_CONFIRMATION" AND WabaId = "${waba.wabaId}" AND PartnerId = "${partnerId}"`,
      summary: `Partner change of WABA ${waba.wabaId} → ${partnerId}`,
      step: 'AWAITING_NUMBER_CONFIRMATION',
      waitingFor: 'the requester to confirm the list of numbers that move to the new partner',
    });
  } finally {
    await page.close();
    for (const { migrationId } of [portOut, change]) await stack.client.workflow.getHandle(migrationId).cancel();
  }
}, 180_000);

test('a batch: its items listed by BatchId beside it; its summary and current details count them', async () => {
  const ui = process.env.TEST_TEMPORAL_UI_URL as string;
  const migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  const sim = simulatorControl();
  const timings = { pollEvery: '200ms', remindEvery: '1h' };
  const leaving = await sim.createWaba({ count: 2, twoFaEnabled: false });
  await Promise.all(leaving.channels.map((c) => sim.markNumberLeft(c.e164)));
  const behind2fa = await sim.createWaba({ count: 1, twoFaEnabled: true });
  const stranger = await sim.createWaba({ count: 1 });
  const batchId = `ui-${Date.now() % 1e8}`;
  const item = (e164: string, wabaId: string) => ({ kind: 'port-out' as const, phoneNumber: e164, wabaId, timings });
  await migrations.startBatch({
    batchId,
    items: [
      ...leaving.channels.map((c) => item(c.e164, leaving.wabaId)),
      item(behind2fa.channels[0]?.e164 ?? '', behind2fa.wabaId),
      item(stranger.channels[0]?.e164 ?? '', leaving.wabaId),
    ],
  });
  for (let i = 0; (await migrations.getBatch(batchId)).waitingOnHuman < 3; i++) {
    if (i > 100) throw new Error('the batch did not reach its waits');
    await new Promise((r) => setTimeout(r, 200));
  }

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(`BatchId = "${batchId}"`)}`);
    await page.getByText(`batch:${batchId}`).first().waitFor({ timeout: 30_000 });
    for (const c of [...leaving.channels, ...behind2fa.channels]) {
      await page.getByText(`port-out:${c.e164}`).first().waitFor({ timeout: 30_000 });
    }
    await page.screenshot({ path: path.join(shots, 'web-ui-batch-items.png') });
    await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(`batch:${batchId}`)}`);
    await page.getByText(`Batch ${batchId}: 4 port-outs`).first().waitFor({ timeout: 30_000 });
    await page.getByText('User Metadata', { exact: true }).first().click();
    const details = await textOfAllFrames(page, /On a person: 3/);
    await page.screenshot({ path: path.join(shots, 'web-ui-batch.png') });
    // All four lines show in the panel without scrolling.
    const { text, panel } = await placeOfText(page, /On a person: 3/);
    expect(text.y + text.height).toBeLessThanOrEqual(panel.y + panel.height);
    expect(details).toContain(`Batch ${batchId} · running · 4 items · at most 20 active`);
    expect(details).toContain('Items: waiting 3 · ended 1 (failed 1)');
    expect(details).toMatch(/Open at: AWAITING_CANCELLATION_CONFIRMATION 2 · AWAITING_2FA_DISABLED 1/);
  } finally {
    await page.close();
    await migrations.cancelBatch(batchId, { by: 'test', reason: 'test over' });
  }
}, 180_000);

/** The list filtered by `query` shows the migration; its page shows the summary and the current details. */
async function expectShown(
  page: Page,
  m: { migrationId: string; query: string; summary: string; step: string; waitingFor: string },
): Promise<void> {
  const ui = process.env.TEST_TEMPORAL_UI_URL as string;
  const kind = m.migrationId.split(':')[0] ?? 'migration';
  await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(m.query)}`);
  await page.getByText(m.migrationId).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, `web-ui-list-${kind}.png`) });
  await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(m.migrationId)}`);
  await page.getByText(m.summary).first().waitFor({ timeout: 30_000 });
  await page.getByText('User Metadata', { exact: true }).first().click();
  const details = await textOfAllFrames(page, /Then: /);
  await page.screenshot({ path: path.join(shots, `web-ui-current-details-${kind}.png`) });
  expect(details).toContain(`Step: ${m.step}`);
  expect(details).toContain(`Waiting for: ${m.waitingFor} since`);
  expect(details).toMatch(/Then: escalates \d{4}-\S+ · gives up \d{4}-/);
}

/** The UI renders Markdown details in a sandboxed iframe: read the text of every frame until `until` shows. */
async function textOfAllFrames(page: Page, until: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    const texts = await Promise.all(
      page.frames().map((f) =>
        f
          .locator('body')
          .innerText()
          .catch(() => ''),
      ),
    );
    text = texts.join('\n');
    if (until.test(text)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`"${until}" not shown in the Web UI; page text: ${text.slice(0, 500)}`);
}

type Box = { x: number; y: number; width: number; height: number };

/** Where (in window pixels) the element showing `text` is, and the frame (panel) it is rendered in. */
async function placeOfText(page: Page, text: RegExp): Promise<{ text: Box; panel: Box }> {
  for (const frame of page.frames()) {
    const box = await frame
      .getByText(text)
      .first()
      .boundingBox({ timeout: 1000 })
      .catch(() => null);
    const panel = frame === page.mainFrame() ? page.viewportSize() : await (await frame.frameElement()).boundingBox();
    if (box && panel) return { text: box, panel: { x: 0, y: 0, ...panel } };
  }
  throw new Error(`"${text}" is not rendered in any frame`);
}
