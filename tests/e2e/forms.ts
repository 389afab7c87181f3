import { expect, type Page } from '@playwright/test';

/** Records a buy through the transaction form at /add (the symbol's lookup settles before the rest is typed). */
export async function addBuy(page: Page, fields: { symbol: string; quantity: string; price: string; fee?: string; currency?: string; date?: string }) {
  if (new URL(page.url()).pathname !== '/add') await page.getByRole('link', { name: 'Add transaction' }).click();
  const form = page.getByRole('form', { name: 'Add a transaction' });
  await form.getByLabel('Kind').selectOption('buy');
  await form.getByLabel('Symbol', { exact: true }).fill(fields.symbol);
  await form.getByLabel('Symbol', { exact: true }).press('Tab');
  await expect(form.locator('#txn-symbol-hint')).toHaveText(/trades in|No quote|Held in|unavailable/);
  await form.getByLabel('Quantity').fill(fields.quantity);
  await form.getByLabel('Price per unit').fill(fields.price);
  await form.getByLabel('Commission').fill(fields.fee ?? '0');
  await form.getByLabel('Currency', { exact: true }).fill(fields.currency ?? 'CAD');
  if (fields.date) await form.getByLabel('Date').fill(fields.date);
  await form.getByRole('button', { name: 'Add buy' }).click();
  await expect(form.getByRole('status')).toHaveText(/^(Saved|Not saved)/);
}

/** A holding's row in the table named "Holdings". */
export const holdingRow = (page: Page, symbol: string) => page.getByRole('table', { name: 'Holdings' }).locator(`tr[data-symbol="${symbol}"]`);
