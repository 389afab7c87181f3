import { expect, test, type Page } from '@playwright/test';
import { launchProfile } from './browser';

const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

// Dexie Cloud itself is not reachable from here: this checks the switch and that the data
// carries over into the Dexie Cloud database (which works offline until it can sync) and back.
test('switching to Dexie Cloud mode and back keeps the data', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/add');
    const form = page.locator('main form').first();
    await form.getByLabel('Symbol', { exact: true }).fill('ZAG.TO');
    await form.getByLabel('Quantity', { exact: true }).fill('12');
    await form.getByLabel(/^Price/).fill('13.50');
    await form.getByLabel('Currency', { exact: true }).fill('CAD');
    await form.getByLabel('Date', { exact: true }).fill('2025-01-15');
    await form.getByRole('button', { name: /^(Add|Save)\b/ }).first().click();
    const quantity = page.getByRole('table', { name: 'Holdings' }).locator('tr[data-symbol="ZAG.TO"] [data-field="quantity"]');
    await open(page, 'Dashboard');
    await expect(quantity).toHaveText('12');

    await open(page, 'Settings');
    const cloud = page.getByRole('form', { name: 'Use Dexie Cloud' });
    await cloud.getByLabel('Dexie Cloud database URL').fill('ftp://nope');
    await cloud.getByRole('button', { name: 'Use Dexie Cloud' }).click();
    await expect(page.getByRole('alert')).toContainText('must use https');

    await cloud.getByLabel('Dexie Cloud database URL').fill('https://zfolio0test.dexie.cloud');
    await cloud.getByRole('button', { name: 'Use Dexie Cloud' }).click();
    await expect(page.locator('[data-storage-mode="dexie-cloud"]')).toHaveText('Dexie Cloud: https://zfolio0test.dexie.cloud');
    await open(page, 'Dashboard');
    await expect(quantity).toHaveText('12');
    // The data now lives in the Dexie Cloud database (the addon suffixes its name with the
    // cloud database id), with the addon's own tables beside ours.
    const stores = await page.evaluate(async () => {
      const name = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('folio-cloud'));
      if (!name) return [];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const names = [...db.objectStoreNames];
      const transactions = await new Promise<number>((resolve) => {
        const count = db.transaction('transactions').objectStore('transactions').count();
        count.onsuccess = () => resolve(count.result);
      });
      db.close();
      return [...names, `transactions:${transactions}`];
    });
    expect(stores).toEqual(expect.arrayContaining(['transactions', 'portfolios', '$logins', 'transactions:1']));
    await page.screenshot({ path: 'test-results/screenshots/dexie-cloud-mode.png', fullPage: true });

    await open(page, 'Settings');
    await page.getByRole('button', { name: 'Keep data on this device instead' }).click();
    await expect(page.locator('[data-storage-mode="local"]')).toBeVisible();
    await open(page, 'Dashboard');
    await expect(quantity).toHaveText('12');
  } finally {
    await context.close();
  }
});
