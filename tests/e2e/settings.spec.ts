import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

/** Screenshots at phone and desktop widths, kept as test artifacts. */
async function screens(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('first run: USD, FIFO and the sample portfolio land on the dashboard with holdings', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL!, firstRun: true });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/welcome$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Folio' })).toBeVisible();
    await expect(page.getByLabel('Start on this device')).toBeChecked();
    await expectAccessible(page, 'welcome (light)');
    await screens(page, 'welcome-light');

    // Choosing to sync shows the sign-in form in place.
    await page.getByLabel('Sign in / register to a sync server').check();
    await expect(page.getByRole('form', { name: 'Sign in to sync' })).toBeVisible();
    await page.getByLabel('Start on this device').check();

    // A currency code Intl does not know is refused beside the field.
    await page.getByLabel('Another currency').check();
    await page.getByLabel('Currency code (ISO 4217)').fill('CDN');
    await page.getByLabel('Currency code (ISO 4217)').press('Tab');
    await expect(page.locator('#welcome-currency-error')).toHaveText('CDN is not an ISO 4217 currency code');

    await page.getByLabel('USD — US dollar').check();
    await page.getByLabel('FIFO').check();
    await page.getByLabel('Load a sample portfolio to explore').check();
    await page.getByRole('button', { name: 'Start using Folio' }).click();

    await expect(page).toHaveURL(/\/$/);
    const holdings = page.getByRole('table', { name: 'Holdings' });
    for (const symbol of ['AAPL', 'QQQ', '0P000071W8.TO', 'HISU-U.TO']) await expect(holdings.locator(`tr[data-symbol="${symbol}"]`)).toBeVisible();
    await expect(holdings.locator('tr[data-symbol="AAPL"] [data-field="quantity"]')).toHaveText('15');

    // The choices were saved: they show as selected in Settings, and the welcome is done.
    await open(page, 'Settings');
    await expect(page.getByLabel('USD — US dollar')).toBeChecked();
    await expect(page.getByLabel('FIFO')).toBeChecked();
    await page.reload();
    await expect(page).toHaveURL(/\/settings$/);

    // The sample's portfolio uses the chosen method: the report shows AAPL's remaining cost.
    await page.goto('/import?report=1');
    await expect(page.getByRole('heading', { name: 'Portfolio report' })).toBeVisible();
    await expect(page.locator('.report-header')).toContainText('amounts in USD');

    // Welcome in dark theme, for the contrast audit.
    await page.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await page.goto('/welcome');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectAccessible(page, 'welcome (dark)');
    await screens(page, 'welcome-dark');
  } finally {
    await context.close();
  }
});

test('theme applies at once and persists; fr-CA formats money the French-Canadian way', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/settings');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.getByLabel('Light').check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const light = await background(page);
    await expectAccessible(page, 'settings (light)');
    await screens(page, 'settings-light');

    await page.getByLabel('Dark').check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await background(page);
    expect(dark).not.toBe(light);
    expect(dark).toBe('rgb(11, 18, 32)');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByLabel('Dark')).toBeChecked();
    expect(await background(page)).toBe(dark);
    await expectAccessible(page, 'settings (dark)');
    await screens(page, 'settings-dark');

    // Number format by locale, with its example beside the choice.
    const example = page.locator('[data-field="money-example"]');
    await page.getByLabel('Number and date format').selectOption('en-US');
    await expect(example).toHaveText('CA$1,234.56'); // CAD as an American reads it
    await page.getByLabel('Number and date format').selectOption('fr-CA');
    await expect(example).toHaveText(/^1\s234,56\s\$$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr-CA');

    // And on a screen with real figures: a restored buy in the printable report.
    await page.getByLabel('Restore from a backup file').setInputFiles({
      name: 'one-buy.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'folio-backup',
          version: 1,
          exportedAt: '2025-01-20T00:00:00Z',
          tables: {
            portfolios: [{ id: 'p1', name: 'Main', costBasisMethod: 'average', createdAt: '2025-01-20T00:00:00Z' }],
            accounts: [{ id: 'a1', portfolioId: 'p1', name: 'TFSA', createdAt: '2025-01-20T00:00:00Z' }],
            instruments: [],
            transactions: [{ id: 't1', accountId: 'a1', kind: 'buy', date: '2025-01-15', currency: 'CAD', symbol: '0P000071W8.TO', quantity: '1000', price: '1.23456', createdAt: '2025-01-20T00:00:00Z' }],
            targets: [],
          },
        }),
      ),
    });
    await page.getByRole('button', { name: 'Replace everything with this backup' }).click();
    await expect(page.getByText('Restored 1 transactions.')).toBeVisible();
    await page.goto('/import?report=1');
    const row = page.locator('.report-table tr[data-symbol="0P000071W8.TO"]');
    await expect(row.locator('td').nth(2)).toHaveText(/^1\s234,56\s\$$/);
    await expect(row.locator('[data-field="quantity"]')).toHaveText(/^1\s000$/);
    await page.screenshot({ path: 'test-results/screens/import-report-fr-CA.png', fullPage: true });

    // Reset needs the word typed, and then empties the device.
    await page.goto('/settings');
    const reset = page.getByRole('button', { name: 'Delete all data' });
    await expect(reset).toBeDisabled();
    await page.getByLabel('Type DELETE to confirm').fill('delete');
    await expect(reset).toBeDisabled();
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await reset.click();
    await expect(page.getByText('Everything on this device was deleted.')).toBeVisible();
    await page.goto('/import?report=1');
    await expect(page.getByText('No holdings yet.')).toBeVisible();
  } finally {
    await context.close();
  }
});
