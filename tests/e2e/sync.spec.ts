import { expect, test, type Page } from '@playwright/test';
import { launchProfile } from './browser';

/** Client-side navigation through the main menu (works offline, unlike a page load). */
const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

async function signIn(page: Page, email: string, register: boolean) {
  await open(page, 'Settings');
  const form = page.getByRole('form', { name: 'Sign in to sync' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('correct horse battery');
  if (register) await form.getByLabel('New account').check();
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 15_000 });
}

/** Enters a buy on the Add transaction screen, by the fields' labels. */
async function addBuy(page: Page, symbol: string, quantity: string) {
  await open(page, 'Add transaction');
  const form = page.locator('main form').first();
  await form.getByLabel('Symbol', { exact: true }).fill(symbol);
  await form.getByLabel('Quantity', { exact: true }).fill(quantity);
  await form.getByLabel(/^Price/).fill('30');
  await form.getByLabel('Currency', { exact: true }).fill('CAD');
  await form.getByLabel('Date', { exact: true }).fill('2025-01-15');
  await form.getByRole('button', { name: /^(Add|Save)\b/ }).first().click();
}

const quantityOf = (page: Page, symbol: string) => page.getByRole('table', { name: 'Holdings' }).locator(`tr[data-symbol="${symbol}"] [data-field="quantity"]`);

test('an edit made offline on one device appears on the other after it reconnects', async ({ baseURL }) => {
  const email = `sync-${Date.now()}@example.com`;
  const laptop = await launchProfile({ baseURL: baseURL! });
  const phone = await launchProfile({ baseURL: baseURL! });
  try {
    const a = await laptop.newPage();
    const b = await phone.newPage();
    await a.goto('/settings');
    await b.goto('/');
    // A weak password is refused, with the reason beside the field.
    const signInForm = a.getByRole('form', { name: 'Sign in to sync' });
    await signInForm.getByLabel('Email').fill(email);
    await signInForm.getByLabel('Password').fill('short');
    await signInForm.getByLabel('New account').check();
    await signInForm.getByRole('button', { name: 'Sign in' }).click();
    await expect(a.locator('#sync-password-error')).toHaveText('Password must be at least 10 characters');
    await signIn(a, email, true);
    await signIn(b, email, false);
    await open(b, 'Dashboard');

    // Load the screens' code while online: the service worker controls the page only from the next visit.
    await open(a, 'Add transaction');
    await open(a, 'Dashboard');
    await laptop.setOffline(true);
    await addBuy(a, 'XEQT.TO', '5');
    await open(a, 'Dashboard');
    await expect(quantityOf(a, 'XEQT.TO')).toHaveText('5');
    await open(a, 'Settings');
    await a.getByRole('button', { name: 'Sync now' }).click();
    await expect(a.locator('[data-sync-state="offline"]')).toContainText('waiting');
    await expect(b.locator('[data-empty-dashboard]')).toBeVisible();
    await a.screenshot({ path: 'test-results/screenshots/sync-offline.png', fullPage: true });

    await laptop.setOffline(false);
    await expect(quantityOf(b, 'XEQT.TO')).toHaveText('5', { timeout: 10_000 });
    await expect(a.locator('[data-sync-state="synced"]')).toBeVisible();
    await b.screenshot({ path: 'test-results/screenshots/sync-other-device.png', fullPage: true });
  } finally {
    await laptop.close();
    await phone.close();
  }
});
