import { expect, test, type Page } from '@playwright/test';
import { launchProfile } from './browser';
import { addBuy, holdingRow } from './forms';

// The server runs with MARKET_PROVIDER=fixture (playwright.config.ts): AAPL replays its
// recorded close of 244.6 USD on 2025-02-14, which the app must label as demo data.

const row = holdingRow;

test('a local-only user sees the server’s (demo) price live, and the last price when quotes become unavailable', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto('/');
    const banner = page.locator('[data-market-state="unavailable"]');
    const demoLabel = page.getByText('Demo prices (recorded data)');

    // Bought before the recorded quote, so the quote (newer) values the holding.
    await addBuy(page, { symbol: 'AAPL', quantity: '10', price: '150', currency: 'USD', date: '2025-01-10' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const aapl = row(page, 'AAPL');
    await expect(aapl.locator('[data-field="quantity"]')).toHaveText('10');
    await expect(aapl.locator('[data-field="price-value"]')).toHaveText('$244.60', { timeout: 15_000 });
    // The dashboard's table is compact; the portfolio grid shows the value at that price.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    await expect(page.locator('tr[data-symbol="AAPL"] [data-field="market-value"]')).toContainText('$2,446.00', { timeout: 15_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(demoLabel).toBeVisible();
    await expect(aapl.locator('[data-field="price"]')).toHaveAttribute('data-demo', 'true');
    await expect(page.getByRole('table', { name: 'Holdings' })).toHaveAccessibleDescription('Demo prices (recorded data)');
    // Live and current: no age, no banner.
    await expect(aapl.locator('[data-field="price-age"]')).toHaveCount(0);
    await expect(banner).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/market-live.png', fullPage: true });

    // Offline: the banner says since when quotes are unavailable, inside the polite live region;
    // the last price stays, now with its age and full timestamp.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await expect(banner).toContainText(/Quotes unavailable since .+ — showing last-known prices/);
    await expect(page.locator('[aria-live="polite"]').filter({ has: banner })).toHaveCount(1);
    await expect(aapl.locator('[data-field="price-value"]')).toHaveText('$244.60');
    await expect(aapl.locator('[data-field="price"]')).toHaveAttribute('data-stale', 'true');
    await expect(aapl.locator('[data-field="price-age"]')).toContainText(/\d+ (min|h|d|mo|y) old/);
    await expect(aapl.locator('[data-field="price-age"] time')).toHaveAttribute('datetime', '2025-02-14T21:00:00.000Z');
    await expect(aapl.locator('[data-field="price-age"] time')).toHaveAttribute('title', /^Price of .*2025/);
    await expect(demoLabel).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/market-offline.png', fullPage: true });

    // Reopened offline (served by the service worker): the same last-known price, banner and label.
    await page.reload();
    await expect(aapl.locator('[data-field="price-value"]')).toHaveText('$244.60');
    await expect(banner).toContainText('— showing last-known prices');
    await expect(demoLabel).toBeVisible();

    // Back online: live again, the banner goes.
    await context.setOffline(false);
    await expect(banner).toHaveCount(0, { timeout: 15_000 });
    await expect(aapl.locator('[data-field="price-age"]')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
