import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { launchProfile } from './browser';

const extensionDir = realpathSync(resolve('.output/chrome-mv3'));

/** Chromium derives an unpacked extension's id from its absolute path (sha256, a–p alphabet). */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

test('the popup shows holdings from the extension’s own database through the core worker', async () => {
  const context = await launchProfile({ extensionDir });
  try {
    const popupUrl = `chrome-extension://${unpackedExtensionId(extensionDir)}/popup.html`;
    const page = await context.newPage();
    await page.goto(popupUrl);
    await expect(page.getByText('No holdings yet')).toBeVisible();

    await page.getByText('Quick add a buy').click();
    const form = page.getByRole('form', { name: 'Add a buy' });
    await form.getByLabel('Symbol').fill('VFV.TO');
    await form.getByLabel('Quantity').fill('4');
    await form.getByLabel('Price').fill('120.5');
    await form.getByLabel('Currency').fill('CAD');
    await form.getByRole('button', { name: 'Add buy' }).click();

    const holding = page.getByRole('table', { name: 'Holdings' }).locator('tr[data-symbol="VFV.TO"]');
    await expect(holding.locator('[data-field="quantity"]')).toHaveText('4');
    await expect(holding.locator('[data-field="cost"]')).toHaveText('CA$482.00');

    // Reopening the popup reads the same local database.
    await page.close();
    const reopened = await context.newPage();
    await reopened.goto(popupUrl);
    await expect(reopened.getByRole('table', { name: 'Holdings' }).locator('tr[data-symbol="VFV.TO"] [data-field="quantity"]')).toHaveText('4');
    await reopened.screenshot({ path: 'test-results/screenshots/extension-popup.png' });
  } finally {
    await context.close();
  }
});
