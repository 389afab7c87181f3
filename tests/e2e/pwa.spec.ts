import { expect, test, type Page } from '@playwright/test';
import { launchProfile } from './browser';
import { addBuy, holdingRow } from './forms';

const row = holdingRow;

test('adds a buy, shows the holding, installs, and works offline after the first visit', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
  await page.goto('/');
  await expect(page.getByText(/No holdings yet|Nothing here yet/)).toBeVisible();

  // A wrong field is named next to the field, and nothing is stored.
  await addBuy(page, { symbol: 'AAPL', quantity: '-1', price: '150' });
  await expect(page.locator('#txn-quantity-error')).toHaveText('Quantity must be greater than zero');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByText(/No holdings yet|Nothing here yet/)).toBeVisible();

  await addBuy(page, { symbol: 'aapl', quantity: '10', price: '150', fee: '1', currency: 'USD' });
  // Saved fields are cleared for the next entry.
  await expect(page.getByRole('form', { name: 'Add a transaction' }).getByLabel('Symbol', { exact: true })).toHaveValue('');
  await expect(page.locator('#txn-quantity-error')).toHaveCount(0);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(row(page, 'AAPL').locator('[data-field="quantity"]')).toHaveText('10');
  await expect(row(page, 'AAPL').locator('[data-field="cost"]')).toHaveText('$1,501.00');

  // Installable: the manifest and its icons are served, and Chromium reports no installability errors.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBeTruthy();
  const manifest = (await (await page.request.get(manifestHref!)).json()) as { icons: { src: string; sizes: string }[]; display: string };
  expect(manifest.display).toBe('standalone');
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/pwa-holdings.png', fullPage: true });

  // Offline: the service worker serves the app, IndexedDB still holds the data, edits still work.
  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => fetch('/health').then(() => 'reachable', () => 'unreachable'))).toBe('unreachable');
  await expect(row(page, 'AAPL').locator('[data-field="quantity"]')).toHaveText('10');
  await addBuy(page, { symbol: 'XEQT.TO', quantity: '2.5', price: '30.10', currency: 'CAD' });
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(row(page, 'XEQT.TO').locator('[data-field="cost"]')).toHaveText('CA$75.25');

  await page.goto('/portfolio/deep-link');
  await expect(row(page, 'XEQT.TO')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/pwa-offline.png', fullPage: true });

  // Every screen opens offline, straight from its address (each is its own precached chunk).
  for (const [path, heading] of [['/', 'Dashboard'], ['/portfolio', /portfolio/i], ['/add', 'Add a transaction'], ['/import', /Import/], ['/settings', 'Settings']] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading }).first(), path).toBeVisible();
  }
  } finally {
    await context.close();
  }
});
