import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { spawnServer, UNLIMITED_RATES, type ServerProcess } from '../../sync-server/src/test-process';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

// E2E_EXTENSION_DIR lets parallel runs each load their own build (`outDir` of a WXT config).
const extensionDir = realpathSync(resolve(process.env.E2E_EXTENSION_DIR ?? '.output/chrome-mv3'));
const SCREENS = 'test-results/screens';
/** The extension APIs, as code evaluated in the extension's pages and service worker sees them. */
declare const chrome: typeof browser;
const POPUP_SIZE = { width: 400, height: 600 };
// Recorded Yahoo quote (demo data, Feb 2025): 152.63 CAD, previous close 152.74 (−0.072 %).
const FUND = '0P000071W8.TO';

/** Chromium derives an unpacked extension's id from its absolute path (sha256, a–p alphabet). */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}
const extensionOrigin = `chrome-extension://${unpackedExtensionId(extensionDir)}`;

/**
 * The extension gets quotes only from a signed-in Folio server, which must allow the extension's
 * origin. This spec starts its own server (random port, recorded market data) with that origin
 * allowed, the way a self-hoster sets ALLOWED_ORIGINS for their extension.
 */
let server: ServerProcess;
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  server = await spawnServer(join(mkdtempSync(join(tmpdir(), 'folio-ext-bg-')), 'data'), { ...UNLIMITED_RATES, ALLOWED_ORIGINS: extensionOrigin, MARKET_PROVIDER: 'fixture' });
});
test.afterAll(async () => {
  server.child.kill();
  await server.exited;
});

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin)) ?? (await context.waitForEvent('serviceworker', (w) => w.url().startsWith(extensionOrigin)));
}

const badge = (sw: Worker) =>
  sw.evaluate(async () => {
    const [text, title, color] = await Promise.all([chrome.action.getBadgeText({}), chrome.action.getTitle({}), chrome.action.getBadgeBackgroundColor({})]);
    return { text, title, color };
  });

const alertNotifications = (sw: Worker) =>
  sw.evaluate(async () => {
    const all = (await chrome.notifications.getAll()) as Record<string, true>;
    return Object.keys(all).filter((id) => id.startsWith('folio.alert:'));
  });

async function openPopup(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(`${extensionOrigin}/popup.html`);
  return page;
}

async function addAlert(page: Page, symbol: string, when: string, value: string) {
  const form = page.getByRole('form', { name: 'Add a price alert' });
  await form.getByLabel('Symbol').fill(symbol);
  await form.getByLabel('Alert when').selectOption({ label: when });
  await form.getByLabel(/^(Price level|Day move \(%\))$/).fill(value);
  await form.getByRole('button', { name: 'Add alert' }).click();
}

test('a price alert already crossed by the quote fires one notification; the badge shows the day change', async () => {
  const context = await launchProfile({ extensionDir });
  const errors: string[] = [];
  try {
    const sw = await serviceWorker(context);
    const swErrors: string[] = [];
    sw.on('console', (m) => void (m.type() === 'error' && swErrors.push(m.text())));
    const popup = await openPopup(context);
    popup.on('pageerror', (e) => errors.push(e.message));

    // A holding bought before the recorded quote, through the popup's quick-add form.
    await popup.getByText('Quick add a buy').click();
    const buy = popup.getByRole('form', { name: 'Add a buy' });
    await buy.getByLabel('Symbol').fill(FUND);
    await buy.getByLabel('Quantity').fill('10');
    await buy.getByLabel('Price').fill('150');
    await buy.getByLabel('Currency').fill('CAD');
    await buy.getByLabel('Date').fill('2025-01-10');
    await buy.getByRole('button', { name: 'Add buy' }).click();
    await expect(buy.getByRole('status')).toHaveText(`Added 10 ${FUND}.`);

    // Not signed in: no quote, so the badge is blank (never 0) and its tooltip says why.
    await expect.poll(async () => (await badge(sw)).title).toContain(`day change unknown (no quote for today for ${FUND})`);
    expect((await badge(sw)).text).toBe('');

    // Sign in from the extension's dashboard (same database as the popup and the background).
    const dashboard = await context.newPage();
    await dashboard.goto(`${extensionOrigin}/dashboard.html#/settings`);
    const signIn = dashboard.getByRole('form', { name: 'Sign in to sync' });
    await signIn.getByLabel('Sync server').fill(server.url);
    await signIn.getByLabel('Email').fill(`bg-${Date.now()}@example.com`);
    await signIn.getByLabel('Password').fill('correct horse battery');
    await signIn.getByLabel('New account').check();
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(dashboard.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 15_000 });
    await dashboard.close();

    // The popup's alert section: a bad level is refused beside its field, nothing is saved.
    await popup.getByText('Price alerts').click();
    const section = popup.getByRole('region', { name: 'Price alerts' });
    await expect(section.getByText('No alerts yet.')).toBeVisible();
    await addAlert(popup, FUND, 'Price at or below', 'soon');
    await expect(section.getByLabel('Price level')).toHaveAttribute('aria-invalid', 'true');
    await expect(section.locator('#alert-value-error')).toHaveText('Price level must be a plain number such as 12.50');
    await expect(section.getByText('No alerts yet.')).toBeVisible();

    // One alert the recorded price (152.63) has already crossed, one it has not.
    await addAlert(popup, FUND, 'Price at or below', '155');
    await expect(section.getByRole('status')).toHaveText(`Alert added: ${FUND} below CA$155.00.`);
    await addAlert(popup, FUND, 'Price at or above', '200');
    const items = section.getByRole('list', { name: 'Your price alerts' }).getByRole('listitem');
    await expect(items).toHaveCount(2);

    // Check now = the refresh the alarm runs: quotes from the server, then badge and alerts.
    await section.getByRole('button', { name: 'Check now' }).click();
    await expect(section.getByRole('status')).toHaveText('Quotes refreshed. 1 alert fired.');
    expect(await alertNotifications(sw)).toHaveLength(1);
    // 10 × −0.11 on 1527.40 before: −0.072 %, red.
    await expect.poll(async () => (await badge(sw)).text).toBe('\u22120.1%');
    const shown = await badge(sw);
    expect(shown.color).toEqual([0xb3, 0x26, 0x1e, 255]);
    expect(shown.title).toBe('Folio: portfolio day change -CA$1.10 (-0.07%)');
    await expect(items.nth(0)).toHaveAttribute('data-status', 'fired');
    await expect(items.nth(0)).toContainText('last quote CA$152.63 (2025-02-14)');
    await expect(items.nth(1)).toHaveAttribute('data-status', 'armed');

    // Same price on the next refresh: it does not fire again.
    await section.getByRole('button', { name: 'Check now' }).click();
    await expect(section.getByRole('status')).toHaveText('Quotes refreshed. No alert fired.');
    expect(await alertNotifications(sw)).toHaveLength(1);

    // The alarm runs the same refresh: fire it now and see the next one scheduled by market hours.
    const before = await popup.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'background.status' })) as { ok: true; value: { lastRefresh?: { at: string } } });
    await sw.evaluate(() => chrome.alarms.create('folio.refresh-quotes', { when: Date.now() + 200 }));
    await expect
      .poll(async () => (await popup.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'background.status' })) as { ok: true; value: { lastRefresh?: { at: string }; nextRefreshAt?: string } })).value.lastRefresh?.at)
      .not.toBe(before.value.lastRefresh?.at);
    const alarm = await sw.evaluate(() => chrome.alarms.get('folio.refresh-quotes'));
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now());
    expect(await alertNotifications(sw)).toHaveLength(1);

    // An alert on a symbol not held (QQQ, recorded at 538.15 USD): refreshes ask for it too, and it fires.
    await addAlert(popup, 'QQQ', 'Price at or above', '500');
    await expect(section.getByRole('status')).toHaveText('Alert added: QQQ above 500.');
    await expect(items).toHaveCount(3);
    await section.getByRole('button', { name: 'Check now' }).click();
    await expect(section.getByRole('status')).toHaveText('Quotes refreshed. 1 alert fired.');
    expect(await alertNotifications(sw)).toHaveLength(2);
    await expect(items.nth(2)).toHaveAttribute('data-status', 'fired');
    await expect(items.nth(2)).toContainText('last quote $538.15 (2025-02-14)');
    await items.nth(2).getByRole('button', { name: /^Delete alert: QQQ/ }).click();
    await expect(items).toHaveCount(2);

    // A message the background does not know is refused by name.
    expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'alerts.wipe' }))).toEqual({ ok: false, error: { code: 'unknown_type', message: 'Unknown message type "alerts.wipe"' } });

    await popup.screenshot({ path: `${SCREENS}/h1-alerts-light.png`, fullPage: true });
    await expectAccessible(popup, 'popup price alerts (light)');
    await popup.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await popup.reload();
    await expect(popup.locator('html')).toHaveAttribute('data-theme', 'dark');
    await popup.getByText('Price alerts').click();
    await expect(items).toHaveCount(2);
    await addAlert(popup, '', 'Day move of at least', '0');
    await expect(section.locator('#alert-symbol-error')).toHaveText('Symbol must be 1–24 letters, digits, dots or dashes');
    await expect(section.locator('#alert-value-error')).toHaveText('Day move must be greater than zero');
    await popup.screenshot({ path: `${SCREENS}/h1-alerts-dark.png`, fullPage: true });
    await expectAccessible(popup, 'popup price alerts (dark)');

    // Delete, by keyboard.
    await section.getByRole('button', { name: new RegExp(`^Delete alert: ${FUND.replace('.', '\\.')} above`) }).focus();
    await popup.keyboard.press('Enter');
    await expect(items).toHaveCount(1);
    await expect(section.getByRole('status')).toHaveText(`Alert deleted: ${FUND}.`);
    expect(errors).toEqual([]);
    expect(swErrors).toEqual([]);
  } finally {
    await context.close();
  }
});
