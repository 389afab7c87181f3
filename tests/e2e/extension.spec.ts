import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

// E2E_EXTENSION_DIR lets parallel runs each load their own build (`outDir` of a WXT config).
const extensionDir = realpathSync(resolve(process.env.E2E_EXTENSION_DIR ?? '.output/chrome-mv3'));
const SCREENS = 'test-results/screens';
const SNAPSHOT_KEY = 'folio.popup.snapshot';
/** A toolbar popup's size: the popup is 380 px wide, Chrome caps its height at 600 px. */
const POPUP_SIZE = { width: 400, height: 600 };
const OPENS = 5;

/** Chromium derives an unpacked extension's id from its absolute path (sha256, a–p alphabet). */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

const popupUrl = `chrome-extension://${unpackedExtensionId(extensionDir)}/popup.html`;

async function quickAdd(page: Page, buy: { symbol: string; quantity: string; price: string }) {
  const form = page.getByRole('form', { name: 'Add a buy' });
  await form.getByLabel('Symbol').fill(buy.symbol);
  await form.getByLabel('Quantity').fill(buy.quantity);
  await form.getByLabel('Price').fill(buy.price);
  await form.getByLabel('Currency').fill('CAD');
  await form.getByRole('button', { name: 'Add buy' }).click();
  await expect(form.getByRole('status')).toHaveText(`Added ${buy.quantity} ${buy.symbol}.`);
}

/** Opens the popup on a fresh profile and records two buys through its quick-add form. */
async function popupWithTwoHoldings(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(popupUrl);
  await expect(page.getByText('No holdings yet')).toBeVisible();
  await page.getByText('Quick add a buy').click();
  await quickAdd(page, { symbol: 'VFV.TO', quantity: '4', price: '120.5' });
  await quickAdd(page, { symbol: 'XEQT.TO', quantity: '10', price: '30.25' });
  await expect(page.locator('[data-field="total-value"]')).toHaveText('CA$784.50');
  // Saved for the next open once the allocation has arrived too.
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key)?.includes('XEQT.TO') ?? false, SNAPSHOT_KEY)).toBe(true);
  return page;
}

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

test('the popup shows total value, top holdings, allocation and status from the extension’s own database', async () => {
  const context = await launchProfile({ extensionDir });
  try {
    const page = await popupWithTwoHoldings(context);

    // No signed-in server, no live quotes: said as such, not as an error.
    await expect(page.locator('[data-field="market-status"]')).toHaveText('Prices: Sign in (Settings) for live prices');
    await expect(page.locator('[data-field="sync-status"]')).toContainText('data is on this device only');
    // Valued at the trade prices: no quote change, so the day change is unknown, not zero.
    await expect(page.locator('[data-field="day-change"]')).toHaveText('—');

    // Largest first, each with its price.
    const tickers = page.getByRole('list', { name: 'Prices of your holdings' }).locator('[data-ticker]');
    await expect(tickers).toHaveCount(2);
    await expect(tickers.nth(0)).toHaveAttribute('data-ticker', 'VFV.TO');
    await expect(tickers.nth(0).locator('[data-field="price"]')).toHaveText('CA$120.50');
    await expect(tickers.nth(1)).toHaveAttribute('data-ticker', 'XEQT.TO');
    await expect(tickers.nth(1).locator('[data-field="price"]')).toHaveText('CA$30.25');

    // The allocation mini-chart's table carries every bucket with its share; they sum to the total.
    const buckets = page.locator('[data-allocation-table] tbody tr');
    await expect(buckets.first()).toBeVisible();
    const values = await page.locator('[data-allocation-table] [data-field="value"]').allTextContents();
    expect(values.map((v) => Number(v.replace(/[^0-9.]/g, ''))).reduce((a, b) => a + b, 0)).toBeCloseTo(784.5, 2);

    await page.screenshot({ path: `${SCREENS}/extension-popup-light.png`, fullPage: true });
    await expectAccessible(page, 'extension popup (light)');

    await page.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('[data-snapshot]')).toHaveCount(0); // the worker's numbers, not the saved ones
    await expect(page.locator('[data-field="total-value"]')).toHaveText('CA$784.50');
    await page.getByText('Quick add a buy').click();
    await expect(page.getByRole('form', { name: 'Add a buy' })).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/extension-popup-dark.png`, fullPage: true });
    await expectAccessible(page, 'extension popup (dark)');

    // The dashboard link opens the extension's dashboard page in a new tab.
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open full dashboard' }).click()]);
    expect(tab.url()).toBe(popupUrl.replace('popup.html', 'dashboard.html'));
  } finally {
    await context.close();
  }
});

/**
 * Records, from the page's start, when the total value first has text (a DOM mutation, then the
 * next animation frame: the first frame that can show it) and whether it was the saved snapshot.
 */
interface FirstData {
  dom: number;
  frame?: number;
  snapshot: boolean;
}

function recordFirstData() {
  const w = window as unknown as { __firstData?: FirstData };
  const observer = new MutationObserver(() => {
    const total = document.querySelector('[data-field="total-value"]');
    if (!total?.textContent || w.__firstData) return;
    w.__firstData = { dom: performance.now(), snapshot: !!document.querySelector('[data-snapshot]') };
    observer.disconnect();
    requestAnimationFrame(() => (w.__firstData!.frame = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

test('reopening the popup paints the last known numbers first (timed), then the live ones', async () => {
  const context = await launchProfile({ extensionDir });
  try {
    // Stays open: a persistent context's browser ends with its last page.
    await popupWithTwoHoldings(context);
    await context.addInitScript(recordFirstData);

    const firstData: number[] = [];
    for (let open = 0; open < OPENS; open++) {
      const page = await context.newPage();
      await page.setViewportSize(POPUP_SIZE);
      await page.goto(popupUrl);
      await expect(page.locator('[data-field="total-value"]')).toHaveText('CA$784.50');
      const first = (await (await page.waitForFunction(() => (window as unknown as { __firstData?: FirstData }).__firstData?.frame !== undefined && (window as unknown as { __firstData: FirstData }).__firstData)).jsonValue()) as FirstData;
      const breakdown = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        return { parsed: nav.domInteractive, codeStart: mark('popup-start'), rendered: mark('popup-rendered'), chromiumFirstPaint: performance.getEntriesByType('paint')[0]?.startTime ?? NaN };
      });
      expect(first.snapshot, 'the first numbers painted are the saved snapshot').toBe(true);
      firstData.push(first.dom);
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      console.log(
        `popup open ${open + 1}: total value in the DOM at ${ms(first.dom)}, next frame at ${ms(first.frame!)} (page parsed ${ms(breakdown.parsed)}, popup code started ${ms(breakdown.codeStart)}, rendered ${ms(breakdown.rendered)}; Chromium's first-paint entry ${ms(breakdown.chromiumFirstPaint)})`,
      );
      if (open === 0) await page.screenshot({ path: `${SCREENS}/extension-popup-snapshot.png`, fullPage: true });
      // Then the worker's numbers replace the snapshot, and the top holdings come with them.
      await expect(page.locator('[data-snapshot]')).toHaveCount(0);
      await expect(page.locator('[data-ticker]').first()).toHaveAttribute('data-ticker', 'VFV.TO');
      await page.close();
    }
    // The median of several opens: one open can be slowed by whatever else the machine runs.
    const median = [...firstData].sort((a, b) => a - b)[Math.floor(OPENS / 2)]!;
    // Measured and reported (README), not asserted: a timing threshold in `npm test` would make
    // it depend on the machine's load. The order (snapshot first, then live) is asserted.
    console.log(`popup first paint with data (total value in the DOM, from navigation start), median of ${OPENS} opens: ${median.toFixed(1)} ms`);
    test.info().annotations.push({ type: 'popup first paint with data (median ms)', description: median.toFixed(1) });
    expect(median).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
});
