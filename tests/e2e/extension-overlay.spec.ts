import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

/*
 * The ticker overlay with the built extension loaded unpacked (E2E_EXTENSION_DIR lets parallel
 * runs load their own build). The sites' pages are the hand-built fixtures in
 * tests/fixtures/sites, served under the real host names with `context.route` (nothing leaves the
 * machine); the registered content script injects into them as into the real sites.
 *
 * Granting a site: headless Chromium shows `permissions.request`'s prompt where nobody can click
 * it (the request then never settles). So each test first grants the host the way a user can
 * without that prompt: on the extension's own page in chrome://extensions (Site access → add a
 * site; the test calls that page's `chrome.developerPrivate.addHostPermission`, the API behind
 * the button). Then it switches the site on in the options page as a user does: the real code
 * path runs, `permissions.request` resolves `true` at once (already granted) and the content
 * script is registered. No test-only build, nothing in the product is stubbed.
 */

const extensionDir = realpathSync(resolve(process.env.E2E_EXTENSION_DIR ?? '.output/chrome-mv3'));
const SCREENS = 'test-results/screens';
const FIXTURES = resolve('tests/fixtures/sites');

function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}
const extensionId = unpackedExtensionId(extensionDir);
const extensionUrl = (page: string) => `chrome-extension://${extensionId}/${page}`;

/** Each fixture page, at the URL it stands for. */
const PAGES: Record<string, { url: string; file: string }> = {
  questrade: { url: 'https://my.questrade.com/trading/account/positions', file: 'questrade/positions.html' },
  wealthsimple: { url: 'https://my.wealthsimple.com/app/home', file: 'wealthsimple/holdings.html' },
  wealthsimpleSecurity: { url: 'https://my.wealthsimple.com/app/security-details/sec-s-1f2e3d4c5b6a', file: 'wealthsimple/security.html' },
  yahoo: { url: 'https://finance.yahoo.com/quote/AAPL/', file: 'yahoo/quote-AAPL.html' },
  google: { url: 'https://www.google.com/finance/quote/XEQT:TSE', file: 'google-finance/quote-XEQT-TSE.html' },
  article: { url: 'https://finance.yahoo.com/news/canadian-etfs-to-watch.html', file: 'generic/article.html' },
  unrelated: { url: 'https://recipes.example.com/pancakes', file: 'generic/unrelated.html' },
  unrelatedWithTickers: { url: 'https://forum.example.com/thread/1', file: 'generic/article.html' },
};

/** Serves every fixture under its real URL (and a tiny empty favicon), for the whole browser profile. */
async function routeFixtures(context: BrowserContext) {
  for (const { url, file } of Object.values(PAGES)) {
    const body = readFileSync(resolve(FIXTURES, file), 'utf8');
    await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  }
  // The SPA-navigation check moves the Yahoo page to another quote with pushState (no request); a reload would get this.
  await context.route('https://finance.yahoo.com/quote/XEQT.TO/', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(resolve(FIXTURES, 'yahoo/quote-AAPL.html'), 'utf8') }));
  await context.route(/favicon\.ico$/, (route) => route.fulfill({ status: 204 }));
}

async function quickAdd(page: Page, buy: { symbol: string; quantity: string; price: string; currency: string }) {
  const form = page.getByRole('form', { name: 'Add a buy' });
  await form.getByLabel('Symbol').fill(buy.symbol);
  await form.getByLabel('Quantity').fill(buy.quantity);
  await form.getByLabel('Price').fill(buy.price);
  await form.getByLabel('Currency').fill(buy.currency);
  await form.getByRole('button', { name: 'Add buy' }).click();
  await expect(form.getByRole('status')).toHaveText(`Added ${buy.quantity} ${buy.symbol}.`);
}

/** Records holdings through the popup's quick-add form (the extension's own database). */
async function addHoldings(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(extensionUrl('popup.html'));
  await page.getByText('Quick add a buy').click();
  await quickAdd(page, { symbol: 'XEQT.TO', quantity: '10', price: '30.25', currency: 'CAD' });
  await quickAdd(page, { symbol: 'VFV.TO', quantity: '4', price: '120.5', currency: 'CAD' });
  await quickAdd(page, { symbol: 'AAPL', quantity: '5', price: '150', currency: 'USD' });
  await page.close();
}

/** Grants a site's hosts as a user can on the extension's page in chrome://extensions (see the note at the top). */
async function grantInExtensionSettings(context: BrowserContext, origins: string[]) {
  const page = await context.newPage();
  await page.goto(`chrome://extensions/?id=${extensionId}`);
  await page.evaluate(
    async ([id, hosts]) => {
      const dp = (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate;
      for (const host of hosts) await dp.addHostPermission(id, host);
    },
    // Site access is per host (the settings page refuses a path): https://www.google.com/finance/* → https://www.google.com/*.
    [extensionId, origins.map((o) => o.replace(/^(https:\/\/[^/]+)\/.*$/, '$1/*'))] as const,
  );
  await page.close();
}

const SITE_ORIGINS: Record<string, string[]> = {
  Questrade: ['https://my.questrade.com/*'],
  Wealthsimple: ['https://my.wealthsimple.com/*'],
  'Yahoo Finance': ['https://finance.yahoo.com/*', 'https://ca.finance.yahoo.com/*'],
  'Google Finance': ['https://www.google.com/finance/*'],
};

async function switchOn(options: Page, label: string) {
  const toggle = options.getByRole('switch', { name: label });
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(options.getByRole('status').filter({ hasText: `reload any open ${label} page` })).toBeVisible();
}

/** Whether the extension holds these host permissions now (asked from its own page). */
function holds(extensionPage: Page, origins: string[]): Promise<boolean> {
  return extensionPage.evaluate((o) => (globalThis as unknown as { chrome: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } } }).chrome.permissions.contains({ origins: o }), origins);
}

interface ChipInfo {
  text: string;
  /** The host element's attributes as the page sees them. */
  hostAttributes: string[];
  mode: string;
}

/**
 * The chips on a page, read through the DevTools protocol (which, unlike page scripts and
 * Playwright locators, can see inside closed shadow roots).
 */
async function chips(page: Page): Promise<ChipInfo[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type DomNode = { nodeType: number; nodeValue?: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: (DomNode & { shadowRootType?: string })[]; contentDocument?: DomNode };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const text = (n: DomNode): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : n.nodeType === 1 && (n as { nodeName?: string }).nodeName === 'STYLE' ? '' : (n.children ?? []).map(text).join(' '));
    const out: ChipInfo[] = [];
    const walk = (n: DomNode) => {
      // The browser's own shadow roots (inside <input>, <video>…) are not chips.
      for (const sr of (n.shadowRoots ?? []).filter((r) => r.shadowRootType !== 'user-agent')) {
        const attrs = n.attributes ?? [];
        out.push({ text: text(sr).replace(/\s+/g, ' ').trim(), hostAttributes: attrs.filter((_, i) => i % 2 === 0), mode: sr.shadowRootType ?? '' });
      }
      for (const c of n.children ?? []) walk(c);
    };
    walk(root);
    return out;
  } finally {
    await cdp.detach();
  }
}

async function expectChips(page: Page, count: number): Promise<ChipInfo[]> {
  await expect.poll(async () => (await chips(page)).length, { timeout: 10_000 }).toBe(count);
  return chips(page);
}

/**
 * The time of each scan slice the overlay measured on this page. The overlay keeps them in its
 * content script's isolated world (`folioOverlayScanSlices`), where the page's scripts cannot see
 * them; the DevTools protocol can evaluate in that world. Empty when no overlay ran on the page.
 */
async function sliceTimes(page: Page): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Context = { id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } };
    const contexts: Context[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: Context }) => contexts.push(context));
    await cdp.send('Runtime.enable'); // reports every existing context first
    const ours = contexts.filter((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`);
    for (const c of ours) {
      const { result } = (await cdp.send('Runtime.evaluate', { contextId: c.id, expression: 'globalThis.folioOverlayScanSlices ?? null', returnByValue: true })) as { result: { value: number[] | null } };
      if (result.value) return result.value;
    }
    return [];
  } finally {
    await cdp.detach();
  }
}

/** What the page's own scripts can see of the overlay's timing: nothing in its performance timeline. */
async function expectNoTraceInTimeline(page: Page) {
  const seen = await page.evaluate(() => ({ names: performance.getEntries().map((e) => e.name), global: 'folioOverlayScanSlices' in window }));
  expect(seen.names.filter((n) => /folio/i.test(n)), 'Folio entries in the page’s performance timeline').toEqual([]);
  expect(seen.global, 'the content script’s timings are not a global of the page').toBe(false);
}

const scanLog: Record<string, { slices: number; medianMs: number; p90Ms: number; maxMs: number; totalMs: number }> = {};
/**
 * Records a page's scan slices (logged at the end for the README). A slice stops after 3 ms of
 * work and each step is short, so slices end near 3 ms; on pages long enough to need many
 * slices, the median must be within the 5 ms budget. Single slices and the longest are logged,
 * not asserted: on this shared 2-core machine (load average ~10 during these runs) a slice's
 * wall time also counts time the OS gave the CPU to other processes. The slicing itself is
 * checked exactly with a fake clock in extension/overlay/scanner.test.ts.
 */
async function recordScan(page: Page, name: string, { minSlices = 0 } = {}) {
  const slices = await sliceTimes(page);
  expect(slices.length, `scan measured on ${name}`).toBeGreaterThan(0);
  await expectNoTraceInTimeline(page);
  const sorted = [...slices].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  scanLog[name] = { slices: slices.length, medianMs: round(at(0.5)), p90Ms: round(at(0.9)), maxMs: round(sorted.at(-1)!), totalMs: round(slices.reduce((a, b) => a + b, 0)) };
  if (!minSlices) return;
  expect(slices.length, `${name} took several slices`).toBeGreaterThanOrEqual(minSlices);
  expect(at(0.5), `median scan slice on ${name} (all: ${slices.map(round).join(', ')})`).toBeLessThanOrEqual(5);
}

let context: BrowserContext;
let options: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  context = await launchProfile({ extensionDir });
  await routeFixtures(context);
  await addHoldings(context);
  options = await context.newPage();
  await options.goto(extensionUrl('options.html'));
});

test.afterAll(async () => {
  console.log(`overlay scan slices (ms, per page; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}): ${JSON.stringify(scanLog)}`);
  await context?.close();
});

test('the install asks for no host: every site starts off, and no page gets an overlay', async () => {
  const manifest = JSON.parse(readFileSync(resolve(extensionDir, 'manifest.json'), 'utf8')) as { host_permissions?: string[]; optional_host_permissions?: string[]; content_scripts?: unknown[] };
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining(['https://my.questrade.com/*', 'https://my.wealthsimple.com/*']));

  for (const label of Object.keys(SITE_ORIGINS)) await expect(options.getByRole('switch', { name: label })).not.toBeChecked();
  const page = await context.newPage();
  await page.goto(PAGES.questrade!.url);
  await page.waitForTimeout(1500);
  expect(await chips(page)).toEqual([]);
  await page.close();
});

test('the options page: labelled switches, keyboard, light and dark', async () => {
  await options.setViewportSize({ width: 360, height: 700 });
  await expectAccessible(options, 'overlay options (light)');
  await options.evaluate(() => localStorage.setItem('folio.theme', 'light'));
  await options.reload();
  await options.screenshot({ path: `${SCREENS}/h2-options-light.png`, fullPage: true });
  await options.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
  await options.reload();
  await expect(options.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectAccessible(options, 'overlay options (dark)');
  await options.screenshot({ path: `${SCREENS}/h2-options-dark.png`, fullPage: true });
  // Keyboard: the first switch is reached with Tab and has a visible focus ring.
  await options.keyboard.press('Tab');
  await expect(options.getByRole('switch', { name: 'Questrade' })).toBeFocused();
  const outline = await options.getByRole('switch', { name: 'Questrade' }).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await options.setViewportSize({ width: 1000, height: 800 });
});

test('switching sites on registers the overlay there, granted per site', async () => {
  for (const [label, origins] of Object.entries(SITE_ORIGINS)) {
    await grantInExtensionSettings(context, origins);
    await switchOn(options, label);
  }
  for (const origins of Object.values(SITE_ORIGINS)) expect(await holds(options, origins), origins.join()).toBe(true);
  await options.setViewportSize({ width: 720, height: 760 });
  await options.screenshot({ path: `${SCREENS}/h2-options-on-dark.png`, fullPage: true });
  await expectAccessible(options, 'overlay options, sites on (dark)');
  // Survives a reload of the options page (stored choice + granted permission).
  await options.reload();
  for (const label of Object.keys(SITE_ORIGINS)) await expect(options.getByRole('switch', { name: label })).toBeChecked();
});

test('Questrade positions table: each held row gets a chip with the engine’s figures; closed to the page', async () => {
  const page = await context.newPage();
  await page.goto(PAGES.questrade!.url);
  // XEQT.TO and VFV.TO rows, the XEQT.TO quote header; the venture listing is not held: no chip.
  const found = await expectChips(page, 3);
  // No locale in the settings: the browser's (en-US here), as in the popup, so CAD reads CA$.
  expect(found.every((c) => c.mode === 'closed')).toBe(true);
  // The page sees bare hosts: no data attributes, no id, no class — only the inline style.
  expect(found.every((c) => c.hostAttributes.join() === 'style')).toBe(true);
  const [xeqt, vfv] = found;
  expect(xeqt!.text).toBe('Folio Qty 10 Avg cost CA$30.25 Gain CA$0.00 (0.0%) Weight 38.56% In My portfolio');
  expect(vfv!.text).toBe('Folio Qty 4 Avg cost CA$120.50 Gain CA$0.00 (0.0%) Weight 61.44% In My portfolio');
  // Page scripts cannot reach the figures: closed roots, and nothing of them in the page's text.
  const seen = await page.evaluate(() => ({
    shadowRoots: [...document.querySelectorAll('*')].filter((e) => e.shadowRoot !== null).length,
    text: document.body.innerText,
  }));
  expect(seen.shadowRoots).toBe(0);
  expect(seen.text).not.toContain('Folio');
  expect(seen.text).not.toContain("38.56");
  await recordScan(page, 'questrade');

  await page.setViewportSize({ width: 900, height: 420 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SCREENS}/h2-questrade-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => (document.body.style.cssText = 'background:#111827;color:#e5e7eb'));
  await page.screenshot({ path: `${SCREENS}/h2-questrade-dark.png` });
  await page.close();
});

test('Wealthsimple holdings rows and security page', async () => {
  const page = await context.newPage();
  await page.goto(PAGES.wealthsimple!.url);
  const found = await expectChips(page, 2); // XEQT.TO and AAPL; NOPE.NE is not held
  expect(found[0]!.text).toContain('Qty 10');
  // The page changes (as an app's re-render does) and is rescanned, throttled: the chips stay put,
  // never dropped and drawn again. Sampled while several rescans run.
  const counts: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.evaluate((n) => document.querySelector('main')!.append(Object.assign(document.createElement('p'), { textContent: `tick ${n}` })), i);
    await page.waitForTimeout(300);
    counts.push((await chips(page)).length);
  }
  expect(counts, 'chips on each sample during rescans').toEqual([2, 2, 2, 2, 2, 2]);
  expect((await sliceTimes(page)).length, 'the page was rescanned').toBeGreaterThan(2);
  // AAPL is in USD and no USD→CAD rate is known: its weight is said to be unknown, not 0.
  expect(found[1]!.text).toBe('Folio Qty 5 Avg cost $150.00 Gain $0.00 (0.0%) Weight unknown In My portfolio');
  await recordScan(page, 'wealthsimple-holdings');
  await page.setViewportSize({ width: 360, height: 420 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SCREENS}/h2-wealthsimple-360-light.png` });
  await page.goto(PAGES.wealthsimpleSecurity!.url);
  expect((await expectChips(page, 1))[0]!.text).toContain('Qty 10 Avg cost CA$30.25');
  await recordScan(page, 'wealthsimple-security');
  await page.close();
});

test('Yahoo Finance quote page, its SPA navigation to another quote, and a news article’s cashtags', async () => {
  const page = await context.newPage();
  await page.goto(PAGES.yahoo!.url);
  // $TICKER mentions are opt-in per site: at first only the quote header is marked.
  expect((await expectChips(page, 1))[0]!.text).toContain('Qty 5');
  await page.waitForTimeout(1000);
  expect(await chips(page)).toHaveLength(1);
  const mentions = options.getByRole('listitem').filter({ has: options.getByRole('switch', { name: 'Yahoo Finance' }) }).getByRole('checkbox', { name: 'Also mark $TICKER mentions in the text' });
  await mentions.check();
  await expect(options.getByRole('status').filter({ hasText: '$TICKER mentions on Yahoo Finance will be marked' })).toBeVisible();
  await page.reload();
  // The quote header (AAPL) and the $AAPL mention in the related news; $MSFT is not held.
  const found = await expectChips(page, 2);
  expect(found.map((c) => c.text.split(' Avg')[0])).toEqual(['Folio Qty 5', 'Folio Qty 5']);
  await recordScan(page, 'yahoo-quote');
  await page.setViewportSize({ width: 900, height: 360 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SCREENS}/h2-yahoo-light.png` });

  // Single-page navigation: the URL changes with pushState and the header is re-rendered.
  await page.evaluate(() => {
    history.pushState({}, '', '/quote/XEQT.TO/');
    document.querySelector('[data-testid="quote-hdr"] h1')!.textContent = 'iShares Core Equity ETF Portfolio (XEQT.TO)';
    document.querySelector('[data-testid="recent-news"]')!.remove();
  });
  await expect.poll(async () => (await chips(page)).map((c) => c.text.split(' Gain')[0]), { timeout: 10_000 }).toEqual(['Folio Qty 10 Avg cost CA$30.25']);

  await page.goto(PAGES.article!.url);
  // TSX:XEQT, $VFV.TO and $AAPL in the text; not the one in <code> nor the one in the text field.
  const marked = await expectChips(page, 3);
  expect(marked.map((c) => c.text.split(' Avg')[0])).toEqual(['Folio Qty 10', 'Folio Qty 4', 'Folio Qty 5']);
  await recordScan(page, 'article');
  await page.close();
});

test('Google Finance quote page maps XEQT:TSE to XEQT.TO', async () => {
  const page = await context.newPage();
  await page.goto(PAGES.google!.url);
  expect((await expectChips(page, 1))[0]!.text).toContain('Qty 10 Avg cost CA$30.25');
  await recordScan(page, 'google-finance');
  await page.setViewportSize({ width: 700, height: 300 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => (document.body.style.cssText = 'background:#111827;color:#e5e7eb'));
  await page.screenshot({ path: `${SCREENS}/h2-google-dark.png` });
  await page.close();
});

/** A long positions table and a very long article, built here, to check the scan stays within its budget. */
function bigPages() {
  const rows = Array.from({ length: 2000 }, (_, i) => {
    const symbol = i === 1500 ? 'XEQT.TO' : `Z${i.toString(36).toUpperCase().padStart(3, 'A')}.TO`;
    return `<tr><td data-qt="boxPositionsSymbol"><a data-qt="lstPositionsSymbol" href="#">${symbol}</a><div>FUND ${i}</div></td><td>${i}</td><td>1.00</td><td data-qt="lstPositionsMarketValue">${i}.00</td></tr>`;
  }).join('');
  const table = `<!doctype html><html lang="en"><body><table><thead><tr><th data-qt="lblPositionsSymbol">Symbol</th><th>Qty</th><th>Avg</th><th data-qt="lblPositionsMarketValue">Value</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
  const paragraphs = Array.from({ length: 6000 }, (_, i) => `<p>Paragraph ${i}: markets moved <b>${i % 7}</b>% while $${i % 500 === 0 ? 'VFV.TO' : 'NOPE'} and TSX: ZQ${i % 10} traded; see <a href="#n${i}">note</a>.</p>`).join('');
  const article = `<!doctype html><html lang="en"><body><article><h1>Long read</h1>${paragraphs}</article></body></html>`;
  return { table, article };
}

test('a 2,000-row positions table and a 6,000-paragraph article are scanned in time slices (budget 5 ms)', async () => {
  const { table, article } = bigPages();
  await context.route('https://my.questrade.com/trading/account/big', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: table }));
  await context.route('https://finance.yahoo.com/news/long-read.html', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: article }));
  const page = await context.newPage();
  await page.goto('https://my.questrade.com/trading/account/big');
  expect((await expectChips(page, 1))[0]!.text).toContain('Qty 10');
  // Only the Questrade adapter runs here ($TICKER mentions are off for the site): one query and
  // 2,000 short steps, a few slices.
  await recordScan(page, 'questrade-2000-rows', { minSlices: 2 });
  await page.goto('https://finance.yahoo.com/news/long-read.html');
  await expectChips(page, 12); // $VFV.TO in every 500th paragraph
  await recordScan(page, 'article-6000-paragraphs', { minSlices: 4 });
  await page.close();
});

test('no overlay on sites that were not switched on, even with tickers in the text', async () => {
  const page = await context.newPage();
  for (const name of ['unrelated', 'unrelatedWithTickers'] as const) {
    await page.goto(PAGES[name]!.url);
    await page.waitForTimeout(1500);
    expect(await chips(page), name).toEqual([]);
    expect(await sliceTimes(page), `${name}: no scan ran`).toEqual([]);
  }
  await page.close();
});

test('switching a site off stops the overlay there and gives its permission back', async () => {
  // A Questrade tab already open, with its chips.
  const open = await context.newPage();
  await open.goto(PAGES.questrade!.url);
  await expectChips(open, 3);

  const toggle = options.getByRole('switch', { name: 'Questrade' });
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  await expect(options.getByRole('status').filter({ hasText: 'Folio no longer has access to Questrade' })).toBeVisible();
  expect(await holds(options, SITE_ORIGINS['Questrade']!)).toBe(false);

  // The open tab's next lookup (a row for a symbol not asked about yet) is refused: its chips go.
  await open.evaluate(() => document.querySelector('tbody, table')!.insertAdjacentHTML('beforeend', '<tr><td data-qt="boxPositionsSymbol"><a data-qt="lstPositionsSymbol">AAPL</a></td></tr>'));
  await expectChips(open, 0);
  await open.close();

  const page = await context.newPage();
  await page.goto(PAGES.questrade!.url);
  await page.waitForTimeout(1500);
  expect(await chips(page)).toEqual([]);
  // The other sites stay on.
  await page.goto(PAGES.google!.url);
  await expectChips(page, 1);
  await page.close();
});
