import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

// The server replays recorded Yahoo quotes (MARKET_PROVIDER=fixture): AAPL 244.60 USD (change
// +3.0700073), QQQ 538.15 USD (change +2.25), both of 2025-02-14, labelled as demo prices.

interface Buy {
  symbol: string;
  quantity: string;
  price: string;
  currency: string;
  date: string;
}

/**
 * Records buys through the add-transaction form, found by its labels (the worker is not
 * reachable from the page). Works with the one-kind buy form and the all-kinds form.
 */
async function seedBuys(page: Page, rows: Buy[]) {
  await page.goto('/add');
  const form = page.getByRole('form', { name: /^Add a (buy|transaction)$/ });
  await expect(form).toBeVisible();
  for (const row of rows) {
    const kind = form.getByLabel('Kind');
    if (await kind.count()) await kind.selectOption({ label: 'Buy' });
    await form.getByLabel('Date').fill(row.date);
    await form.getByLabel('Symbol', { exact: true }).fill(row.symbol);
    await form.getByLabel('Symbol', { exact: true }).press('Escape');
    await form.getByLabel('Quantity').fill(row.quantity);
    await form.getByLabel(/^Price/).fill(row.price);
    await form.getByLabel('Commission').fill('0');
    await form.getByLabel('Currency').fill(row.currency);
    await form.getByRole('button', { name: 'Add buy' }).click();
    await expect(form.getByRole('status').last()).toContainText(new RegExp(`(Added|Saved).*${row.symbol}`));
  }
}

/** Records a cash dividend through the all-kinds transaction form. */
async function seedDividend(page: Page, row: { symbol: string; amount: string; currency: string; date: string }) {
  await page.goto('/add');
  const form = page.getByRole('form', { name: 'Add a transaction' });
  await form.getByLabel('Kind').selectOption({ label: 'Dividend' });
  await form.getByLabel('Date').fill(row.date);
  await form.getByLabel('Symbol', { exact: true }).fill(row.symbol);
  await form.getByLabel('Symbol', { exact: true }).press('Escape');
  await form.getByLabel(/^Amount/).fill(row.amount);
  await form.getByLabel('Currency').fill(row.currency);
  await form.getByRole('button', { name: 'Add dividend' }).click();
  await expect(form.getByRole('status').last()).toContainText(/Saved/);
}

/** Base currency USD (no USD/CAD rate is recorded) and English (Canada) number format, through Settings. */
async function chooseUsdAndEnCa(page: Page) {
  await page.goto('/settings');
  await page.getByRole('radio', { name: /USD/ }).check();
  await page.getByLabel('Number and date format').selectOption('en-CA');
  await expect(page.getByRole('radio', { name: /USD/ })).toBeChecked();
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => localStorage.setItem('folio.theme', t), theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('the dashboard shows a new user where to start, then the engine’s figures, charts and prices', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    // A new user: a call to action, no empty figures.
    await page.goto('/');
    const empty = page.locator('[data-empty-dashboard]');
    await expect(empty.getByRole('link', { name: 'Add a transaction' })).toHaveAttribute('href', '/add');
    await expect(empty.getByRole('link', { name: 'Import a CSV file' })).toHaveAttribute('href', '/import');
    await expect(page.locator('[data-field="total-value"]')).toHaveCount(0);
    await expectAccessible(page, 'dashboard (empty)');
    await page.setViewportSize({ width: 360, height: 700 });
    await page.screenshot({ path: 'test-results/screens/dashboard-empty-360.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await chooseUsdAndEnCa(page);
    await seedBuys(page, [
      { symbol: 'AAPL', quantity: '10', price: '150', currency: 'USD', date: '2025-01-10' },
      { symbol: 'QQQ', quantity: '2', price: '500', currency: 'USD', date: '2025-01-10' },
    ]);
    await page.goto('/');

    // 10 × 244.60 + 2 × 538.15 = 2,446.00 + 1,076.30 = 3,522.30.
    await expect(page.locator('[data-field="total-value"]')).toContainText('US$3,522.30', { timeout: 15_000 });
    // 10 × 3.0700073 + 2 × 2.25 = 35.200073; of 3,522.30 − 35.20 before: +1.01 %.
    await expect(page.locator('[data-field="day-change"]')).toContainText('+US$35.20');
    await expect(page.locator('[data-field="day-change"]')).toContainText('+1.01%');
    // Price gain: (2,446.00 − 1,500) + (1,076.30 − 1,000) = 1,022.30; nothing from currency, sales or income.
    await expect(page.locator('[data-field="price-gain"]')).toContainText('+US$1,022.30');
    await expect(page.locator('[data-field="currency-gain"]')).toContainText('US$0.00');
    await expect(page.locator('[data-field="income"]')).toContainText('US$0.00');
    await expect(page.locator('[data-field="total-gain"]')).toContainText('+US$1,022.30');
    await expect(page.getByRole('definition').filter({ hasText: '+US$1,022.30' }).first()).toBeVisible();

    // Demo prices are labelled, on the page and on each ticker.
    await expect(page.getByText('Demo prices (recorded data)')).toBeVisible();
    const tickers = page.getByRole('list', { name: 'Prices of your holdings' });
    await expect(tickers.locator('[data-ticker="AAPL"] [data-field="price"]')).toHaveText('US$244.60');
    await expect(tickers.locator('[data-ticker="AAPL"] [data-field="change"]')).toHaveText('+US$3.07 (+1.27%)');
    await expect(tickers.locator('[data-ticker="QQQ"]').getByText('demo')).toBeVisible();

    // Sync and quote state in one line.
    await expect(page.locator('[data-field="sync-status"]')).toContainText('Not syncing');
    await expect(page.locator('[data-field="market-status"]')).toContainText(/Quotes (live|not started)|Connecting/);

    // Each portfolio, with its value, links to its screen.
    const portfolios = page.getByRole('table', { name: 'Portfolios' });
    const first = portfolios.locator('tbody tr').first();
    await expect(first.locator('[data-field="value"]')).toHaveText('US$3,522.30');
    await expect(first.getByRole('link')).toHaveAttribute('href', /^\/portfolio\/.+/);

    // Allocation: a chart and a table of buckets with their shares (no asset classes recorded yet).
    const allocation = page.getByRole('figure', { name: 'Allocation by asset class' });
    await expect(allocation.locator('svg circle').first()).toBeAttached();
    await expect(allocation.locator('[data-bucket="Unclassified"] [data-field="share"]')).toHaveText('100.0%');
    await page.getByLabel('Group by').selectOption('holding');
    const byHolding = page.getByRole('figure', { name: 'Allocation by holding' });
    // 2,446.00 / 3,522.30 = 69.44 %; 1,076.30 / 3,522.30 = 30.56 %.
    await expect(byHolding.locator('[data-bucket="AAPL"] [data-field="share"]')).toHaveText('69.4%');
    await expect(byHolding.locator('[data-bucket="AAPL"] [data-field="value"]')).toHaveText('US$2,446.00');
    await expect(byHolding.locator('[data-bucket="QQQ"] [data-field="share"]')).toHaveText('30.6%');

    // Performance: a drawn chart with a text summary for screen readers, and the period's returns.
    await page.getByRole('radio', { name: 'All' }).check();
    const chart = page.getByRole('figure', { name: 'Value over time' });
    await expect(chart.locator('[data-chart-plot] canvas').first()).toBeAttached({ timeout: 15_000 });
    await expect(chart.locator('[data-chart-summary]')).toContainText(/^Portfolio: from US\$/);
    await expect(chart.locator('[data-chart-summary]')).toContainText('US$3,522.30');
    await expect(chart).toHaveAccessibleDescription(/Portfolio: from US\$/);
    await expect(page.locator('[data-field="twr"]')).not.toBeEmpty();
    await chart.getByText('Data table: Value over time').click();
    await expect(chart.getByRole('table')).toContainText('Feb 14, 2025');
    await page.getByLabel('Benchmark').selectOption('^GSPTSE');
    await expect(page.getByText('^GSPTSE over the period')).toBeVisible();

    await setTheme(page, 'light');
    await expect(page.locator('[data-chart-plot] canvas').first()).toBeAttached({ timeout: 15_000 });
    await expectAccessible(page, 'dashboard (light)');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: 'test-results/screens/dashboard-1280-light.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: 'test-results/screens/dashboard-360-light.png', fullPage: true });

    await setTheme(page, 'dark');
    await expect(page.locator('[data-chart-plot] canvas').first()).toBeAttached({ timeout: 15_000 });
    await expectAccessible(page, 'dashboard (dark)');
    await page.screenshot({ path: 'test-results/screens/dashboard-360-dark.png', fullPage: true });
    // Nothing widens the page at 360 px (wide tables scroll in their own region).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: 'test-results/screens/dashboard-1280-dark.png', fullPage: true });

    // Offline: quotes are no longer confirmed; each price shows its age and the page says which may be out of date.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await expect(page.locator('[data-stale-notice]')).toContainText('2 prices may be out of date: AAPL', { timeout: 15_000 });
    await expect(page.locator('[data-ticker="AAPL"] [data-field="price-age"]')).toContainText(/\d+ (min|h|d|mo|y) old/);
    await expect(page.locator('[data-field="day-change"]')).toContainText('from quotes that may be out of date');
    await expect(page.locator('[data-field="market-status"]')).toContainText('Quotes unavailable');
    await page.screenshot({ path: 'test-results/screens/dashboard-1280-stale-dark.png', fullPage: true });
    await context.setOffline(false);
    await expect(page.locator('[data-stale-notice]')).toHaveCount(0, { timeout: 15_000 });

    // Income: a dividend shows in the gain split and as a bar per month, with its text version.
    await seedDividend(page, { symbol: 'AAPL', amount: '2.50', currency: 'USD', date: '2025-02-10' });
    await page.goto('/');
    await expect(page.locator('[data-field="income"]')).toContainText('+US$2.50');
    const income = page.getByRole('figure', { name: 'Income by month' });
    await expect(income.locator('[data-chart-plot] canvas').first()).toBeAttached({ timeout: 15_000 });
    await expect(income.locator('[data-chart-summary]')).toHaveText('Net income: US$2.50 (Feb 2025).');
    await expectAccessible(page, 'dashboard with income (dark)');
    await income.screenshot({ path: 'test-results/screens/dashboard-income-dark.png' });
  } finally {
    await context.close();
  }
});
