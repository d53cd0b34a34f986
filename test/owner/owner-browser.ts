/**
 * The owner page tests' browser side: Debian's Chromium (playwright-core, no download) against an
 * API on the real test stack whose debug log is kept, so each test can check no link token leaked.
 * Screenshots go to a temp folder, or to docs/images with RECORD_SCREENSHOTS=1.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApi, waitFor, type ApiStack } from '../api/api-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const shots =
  process.env.RECORD_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '../../docs/images')
    : mkdtempSync(path.join(tmpdir(), 'owner-'));

export interface OwnerBench {
  api: ApiStack;
  browser: Browser;
  /** Every line the API logged, at debug level. */
  logLines: string[];
  /** The link tokens handed out: none may appear in the log. */
  tokensSeen: Set<string>;
  close(): Promise<void>;
}

export async function startOwnerBench(): Promise<OwnerBench> {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  // The page refreshes itself every 15 s in production; here twice a second.
  const api = await startApi({ logger, ownerPage: { refreshMs: 500 } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  return {
    api,
    browser,
    logLines,
    tokensSeen: new Set(),
    async close() {
      await browser.close();
      await api.close();
    },
  };
}

/** The number of link tokens that appear in the API's log (expected: 0). */
export function leakedTokens(bench: OwnerBench): number {
  const text = bench.logLines.join('\n');
  return [...bench.tokensSeen].filter((token) => text.includes(token)).length;
}

/** The owner's link from the status, pointed at the test API (the host the status was asked on). */
export async function ownerLink(bench: OwnerBench, migrationId: string, action: string): Promise<string> {
  const { api } = bench;
  const view = await waitFor(
    api,
    migrationId,
    (m) => (m as { ownerAction?: { action: string } }).ownerAction?.action === action,
  );
  const link = (view as { ownerAction: { url: string; expiresAt: string } }).ownerAction;
  expect(link.url.startsWith(`${api.url}/a/`)).toBe(true);
  bench.tokensSeen.add(link.url.slice(`${api.url}/a/`.length));
  return link.url;
}

export async function newPage(bench: OwnerBench, lang = 'en'): Promise<Page> {
  const context = await bench.browser.newContext({ locale: lang, viewport: { width: 390, height: 844 } });
  return context.newPage();
}

/** axe-core's serious and critical violations on the page (expected: none). */
export async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE }).catch(async () => {
    // The page's CSP forbids inline script (as it should): evaluate axe in the page's context instead.
    await page.evaluate(AXE);
  });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
      .axe;
    return axe.run();
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}
