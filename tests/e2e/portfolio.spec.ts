import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

interface Buy {
  kind?: 'Buy' | 'Sell';
  symbol: string;
  quantity: string;
  price: string;
  fee: string;
  currency: string;
  date: string;
}

/**
 * Enters buys (and sells) through the transaction form at /add, by its field labels (as a person would),
 * waiting for each to be confirmed ("Saved: buy 10 AAPL on 2025-01-10.") before the next.
 */
async function seedBuys(page: Page, buys: Buy[]) {
  await page.goto('/add');
  for (const buy of buys) {
    const kind = buy.kind ?? 'Buy';
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
    await page.getByLabel('Date', { exact: true }).fill(buy.date);
    await page.getByLabel('Symbol', { exact: true }).fill(buy.symbol);
    await page.getByLabel('Quantity', { exact: true }).fill(buy.quantity);
    await page.getByLabel(/^Price( per unit)?$/).fill(buy.price);
    await page.getByLabel('Commission', { exact: true }).fill(buy.fee);
    await page.getByLabel('Currency', { exact: true }).fill(buy.currency);
    await page.getByRole('button', { name: `Add ${kind.toLowerCase()}` }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved: ${kind.toLowerCase()} ${buy.quantity} ${buy.symbol} on ${buy.date}.` })).toHaveCount(1);
  }
}

const grid = (page: Page) => page.getByRole('table', { name: 'Holdings' });
const holding = (page: Page, symbol: string) => grid(page).locator(`tbody tr[data-symbol="${symbol}"]`);
const cell = (row: Locator, field: string) => row.locator(`[data-field="${field}"]`).first();
const gridSymbols = (page: Page) => grid(page).locator('tbody tr[data-symbol]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => localStorage.setItem('folio.theme', t), theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('portfolio: holdings grid figures, sorting, search, lots, transactions filter and delete, tabs', async ({ baseURL }) => {
  test.setTimeout(120_000);
  mkdirSync('test-results/screens', { recursive: true });
  const context = await launchProfile({ baseURL: baseURL! });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    // Dated before the recorded quotes (Feb 2025), so market prices apply where there are quotes.
    await seedBuys(page, [
      { symbol: 'AAPL', quantity: '10', price: '200', fee: '4.95', currency: 'USD', date: '2025-01-10' },
      { symbol: 'XEQT.TO', quantity: '100', price: '30', fee: '0', currency: 'CAD', date: '2025-01-06' },
      { symbol: '0P000071W8.TO', quantity: '5', price: '150', fee: '0', currency: 'CAD', date: '2025-01-08' },
      { symbol: 'XEQT.TO', quantity: '50', price: '32', fee: '0', currency: 'CAD', date: '2025-02-03' },
      { kind: 'Sell', symbol: '0P000071W8.TO', quantity: '2', price: '151', fee: '0', currency: 'CAD', date: '2025-02-05' },
    ]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    await expect(page).toHaveURL(/\/portfolio$/);
    await expect(page.getByRole('tab', { name: 'Holdings' })).toHaveAttribute('aria-selected', 'true');

    // AAPL, by hand: 10 units at 200 + 4.95 commission → ACB 2,004.95 (200.495 a unit);
    // quote 244.60 → value 2,446.00; unrealized 2,446.00 − 2,004.95 = +441.05 (+22.00 %).
    const aapl = holding(page, 'AAPL');
    await expect(cell(aapl, 'price-value')).toHaveText(/244\.60?\b/);
    await expect(cell(aapl, 'quantity')).toHaveText('10');
    await expect(cell(aapl, 'average-cost')).toContainText('200.495');
    await expect(cell(aapl, 'cost')).toContainText('2,004.95');
    await expect(cell(aapl, 'market-value')).toContainText('2,446.00');
    await expect(cell(aapl, 'unrealized')).toContainText('+$441.05');
    await expect(cell(aapl, 'unrealized-percent')).toHaveText('+22.00%');
    await expect(cell(aapl, 'currency')).toHaveText('USD');
    await expect(cell(aapl, 'price')).toHaveAttribute('data-demo', 'true');
    // No USD→CAD rate in the recorded data: the CAD value and weight are unknown, shown as such, never 0.
    await expect(cell(aapl, 'market-value-base')).toContainText('—');
    await expect(cell(aapl, 'market-value-base')).toContainText('not known: No USD→CAD exchange rate');
    await expect(cell(aapl, 'weight')).toContainText('—');
    await expect(page.locator('#holdings-gaps')).toContainText('USD→CAD');

    // XEQT.TO has no quote: valued at the latest trade price (32) — 150 units → 4,800.00.
    // 0P000071W8.TO: 5 bought at 150, 2 sold at 151 → 3 × 152.63 = 457.89 (ACB 450.00, gain +7.89).
    // The sale left 302.00 CAD cash. Weights over the CAD-valued total 5,559.89: 86.33 %, 8.24 %, 5.43 %.
    const xeqt = holding(page, 'XEQT.TO');
    await expect(cell(xeqt, 'quantity')).toHaveText('150');
    await expect(cell(xeqt, 'market-value')).toContainText('4,800.00');
    await expect(cell(xeqt, 'average-cost')).toContainText('30.6667');
    await expect(cell(xeqt, 'unrealized')).toContainText('+CA$200.00');
    await expect(cell(xeqt, 'weight')).toHaveText('86.33%');
    const fund = holding(page, '0P000071W8.TO');
    await expect(cell(fund, 'quantity')).toHaveText('3');
    await expect(cell(fund, 'market-value')).toContainText('457.89');
    await expect(cell(fund, 'cost')).toContainText('450.00');
    await expect(cell(fund, 'unrealized')).toContainText('+CA$7.89');
    await expect(cell(fund, 'weight')).toHaveText('8.24%');
    const cash = grid(page).locator('tfoot tr[data-cash="CAD"]');
    await expect(cell(cash, 'market-value')).toContainText('302.00');
    await expect(cell(cash, 'weight')).toHaveText('5.43%');

    // Sorted by value (base currency) by default, largest first; unknown values last either way.
    const valueHeader = grid(page).getByRole('columnheader', { name: /Market value/ });
    await expect(valueHeader).toHaveAttribute('aria-sort', 'descending');
    expect(await gridSymbols(page)).toEqual(['XEQT.TO', '0P000071W8.TO', 'AAPL']);
    await valueHeader.getByRole('button').click();
    await expect(valueHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(await gridSymbols(page)).toEqual(['0P000071W8.TO', 'XEQT.TO', 'AAPL']);
    const symbolHeader = grid(page).getByRole('columnheader', { name: /Symbol/ });
    await symbolHeader.getByRole('button').click();
    await expect(symbolHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(valueHeader).not.toHaveAttribute('aria-sort', /.+/);
    expect(await gridSymbols(page)).toEqual(['0P000071W8.TO', 'AAPL', 'XEQT.TO']);

    // Search by symbol.
    const search = page.getByRole('searchbox', { name: 'Search holdings' });
    await search.fill('aap');
    await expect(grid(page).locator('tbody tr[data-symbol]')).toHaveCount(1);
    await expect(holding(page, 'AAPL')).toBeVisible();
    await search.fill('nothing-like-this');
    await expect(page.getByText('No holding matches')).toBeVisible();
    await search.fill('');
    await expect(grid(page).locator('tbody tr[data-symbol]')).toHaveCount(3);

    // The open lots of XEQT.TO: two buys, the oldest first.
    const lotsButton = xeqt.getByRole('button', { name: 'Lots of XEQT.TO' });
    await lotsButton.click();
    await expect(lotsButton).toHaveAttribute('aria-expanded', 'true');
    const lots = page.getByRole('table', { name: 'Open lots of XEQT.TO' });
    await expect(lots.locator('tbody tr')).toHaveCount(2);
    await expect(lots.locator('tbody tr').nth(0)).toContainText('2025-01-06');
    await expect(cell(lots.locator('tbody tr').nth(0), 'lot-quantity')).toHaveText('100');
    await expect(cell(lots.locator('tbody tr').nth(1), 'lot-cost')).toContainText('1,600.00');
    await page.screenshot({ path: 'test-results/screens/portfolio-holdings-1280.png', fullPage: true });
    await expectAccessible(page, 'portfolio holdings (light)');

    // Tabs: arrows move between sections; the section is in the URL and survives a reload.
    await page.getByRole('tab', { name: 'Holdings' }).focus();
    await page.keyboard.press('ArrowRight');
    const txTab = page.getByRole('tab', { name: 'Transactions' });
    await expect(txTab).toHaveAttribute('aria-selected', 'true');
    await expect(txTab).toBeFocused();
    await expect(page).toHaveURL(/\?tab=transactions$/);
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Transactions' })).toHaveAttribute('aria-selected', 'true');

    // Transactions: newest first; filters by symbol, date range and kind.
    const txTable = page.getByRole('table', { name: 'Transactions' });
    const txRows = txTable.locator('tbody tr[data-transaction]');
    await expect(txRows).toHaveCount(5);
    expect(await txRows.locator('th time').allTextContents()).toEqual(['2025-02-05', '2025-02-03', '2025-01-10', '2025-01-08', '2025-01-06']);
    const aaplBuy = txRows.nth(2);
    await expect(cell(aaplBuy, 'kind')).toHaveText('Buy');
    await expect(cell(aaplBuy, 'amount')).toContainText('200.00');
    await expect(cell(aaplBuy, 'fee')).toContainText('4.95');
    await expect(cell(aaplBuy, 'currency')).toHaveText('USD');
    await page.getByLabel('Symbol', { exact: true }).fill('xeqt.to');
    await expect(txRows).toHaveCount(2);
    await page.getByLabel('From', { exact: true }).fill('2025-02-01');
    await expect(txRows).toHaveCount(1);
    await page.getByLabel('To', { exact: true }).fill('2025-01-01');
    await expect(page.locator('#tx-to-error')).toHaveText('The end date is before the start date');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(txRows).toHaveCount(5);
    await page.getByLabel('Kind', { exact: true }).selectOption('sell');
    await expect(txRows).toHaveCount(1);
    await expect(cell(txRows.nth(0), 'symbol')).toHaveText('0P000071W8.TO');
    await page.getByLabel('Kind', { exact: true }).selectOption('dividend');
    await expect(page.getByText('No transaction matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(txRows).toHaveCount(5);

    // Edit goes to the form with the transaction's id.
    const edit = txRows.nth(0).getByRole('link', { name: /^Edit/ });
    expect(await edit.getAttribute('href')).toMatch(/^\/add\?edit=.+/);

    await page.screenshot({ path: 'test-results/screens/portfolio-transactions-1280.png', fullPage: true });
    await expectAccessible(page, 'portfolio transactions (light)');

    // A delete the engine refuses (the later sale would sell units never bought) shows its reason on the row.
    await txTable.getByRole('button', { name: 'Delete Buy 0P000071W8.TO 2025-01-08' }).click();
    await txTable.getByRole('button', { name: /^Confirm delete/ }).click();
    const refused = txTable.locator('[data-delete-error]');
    await expect(refused).toContainText('Not deleted:');
    await expect(txRows).toHaveCount(5);
    await page.screenshot({ path: 'test-results/screens/portfolio-delete-refused-1280.png', fullPage: true });

    // Delete asks once more (Escape backs out, focus returns), then deletes; the holding follows.
    const deleteXeqt = txTable.getByRole('button', { name: 'Delete Buy XEQT.TO 2025-02-03' });
    await deleteXeqt.click();
    await expect(txTable.getByRole('button', { name: /^Confirm delete/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(deleteXeqt).toBeFocused();
    await expect(txRows).toHaveCount(5);
    await deleteXeqt.click();
    await txTable.getByRole('button', { name: /^Confirm delete/ }).click();
    await expect(txRows).toHaveCount(4);
    await expect(page.getByRole('status').filter({ hasText: 'Deleted Buy XEQT.TO 2025-02-03' })).toHaveCount(1);

    await page.getByRole('tab', { name: 'Holdings' }).click();
    await expect(page).toHaveURL(/\/portfolio\/[^?]+$/);
    await expect(cell(holding(page, 'XEQT.TO'), 'quantity')).toHaveText('100');
    // Valued at its remaining trade price, 30: 100 × 30 = 3,000.00, no gain.
    await expect(cell(holding(page, 'XEQT.TO'), 'market-value')).toContainText('3,000.00');
    await expect(cell(holding(page, 'XEQT.TO'), 'average-cost')).toContainText('30.00');

    // A link to a portfolio that does not exist says so and shows the first one, in the linked section.
    await page.goto('/portfolio/no-such-portfolio?tab=transactions');
    await expect(page.getByText('No portfolio with the id “no-such-portfolio”')).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Transactions' })).toHaveAttribute('aria-selected', 'true');
    await expect(txRows).toHaveCount(4);
    await page.getByRole('tab', { name: 'Holdings' }).click();

    // Dark theme, both main sections.
    await setTheme(page, 'dark');
    await expect(holding(page, 'AAPL')).toBeVisible();
    await expectAccessible(page, 'portfolio holdings (dark)');
    await page.screenshot({ path: 'test-results/screens/portfolio-holdings-dark-1280.png', fullPage: true });
    await page.getByRole('tab', { name: 'Transactions' }).click();
    await expect(txRows).toHaveCount(4);
    await expectAccessible(page, 'portfolio transactions (dark)');
    await setTheme(page, 'light');

    // 360 px: the grid scrolls inside its own focusable region; the page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole('tab', { name: 'Holdings' }).click();
    await expect(holding(page, 'AAPL')).toBeVisible();
    const region = page.getByRole('region', { name: /Holdings table/ });
    await region.focus();
    await expect(region).toBeFocused();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.screenshot({ path: 'test-results/screens/portfolio-holdings-360.png', fullPage: true });
    await expectAccessible(page, 'portfolio holdings at 360 px');
    await page.getByRole('tab', { name: 'Transactions' }).click();
    await expect(txRows).toHaveCount(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-results/screens/portfolio-transactions-360.png', fullPage: true });
  } finally {
    await context.close();
  }
});
