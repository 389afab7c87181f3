import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

const QUESTRADE = '../shared/fixtures/questrade/export/SYNTHETIC_activities-export.csv';

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** Generic CSV whose symbol column is headed "Stock" (not guessed: it is mapped by hand). */
const generic = (quantity: string, extra = '') =>
  `Date,Type,Stock,Quantity,Price,Currency,Commission\n2024-03-01,Buy,AAPL,10,180.50,USD,4.95\n2024-03-05,Buy,QQQ,${quantity},430.10,USD,4.95\n2024-04-02,Sell,AAPL,4,170.00,USD,4.95\n${extra}`;

async function screens(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const summary = (page: Page) => page.locator('.preview-summary');
const importButton = (page: Page) => page.getByRole('button', { name: /^Import [\d,]+ transactions$/ });

test('Questrade and generic CSV: mapping, per-row errors, fix and import, duplicates skipped', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/import');
    await expect(page.getByRole('heading', { level: 1, name: 'Import & export' })).toBeVisible();
    await expectAccessible(page, 'import & export (empty)');

    // The Questrade export is recognised by its columns and imports as it is.
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('questrade.csv', readFileSync(QUESTRADE, 'utf8')));
    await expect(page.locator('[data-format="questrade"]')).toBeVisible();
    await expect(summary(page)).toHaveAttribute('data-errors', '0');
    const ready = Number(await summary(page).getAttribute('data-ready'));
    expect(ready).toBeGreaterThan(5);
    await expect(page.locator('tr[data-line="5"][data-status="ready"]')).toContainText('XEQT.TO');
    await importButton(page).click();
    await expect(page.locator('.import-result')).toHaveText(`Imported ${ready} transactions; skipped 0 duplicates.`);

    // Generic CSV: the symbol column is not guessed, so every row says so until it is mapped.
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('trades.csv', generic('ten')));
    await expect(page.locator('[data-format="generic"]')).toBeVisible();
    await expect(page.getByLabel('Date *')).toHaveValue('Date');
    await expect(page.getByLabel('Fee / commission')).toHaveValue('Commission');
    await expect(page.getByLabel('Symbol', { exact: true })).toHaveValue('');
    await expect(summary(page)).toHaveAttribute('data-errors', '3');
    await page.getByLabel('Symbol', { exact: true }).selectOption('Stock');
    // One bad row remains, with its line and the reason; Import stays disabled.
    await expect(summary(page)).toHaveAttribute('data-errors', '1');
    const bad = page.locator('tr[data-line="3"]');
    await expect(bad).toHaveAttribute('data-status', 'error');
    await expect(bad).toContainText('quantity');
    await expect(importButton(page)).toBeDisabled();
    await expectAccessible(page, 'import & export (preview, light)');
    await screens(page, 'import-light');
    await page.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('trades.csv', generic('ten')));
    await page.getByLabel('Symbol', { exact: true }).selectOption('Stock');
    await expect(summary(page)).toHaveAttribute('data-errors', '1');
    await expectAccessible(page, 'import & export (preview, dark)');
    await screens(page, 'import-dark');

    // The file fixed and chosen again: the mapping is kept, all three rows import.
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('trades.csv', generic('3')));
    await expect(summary(page)).toHaveAttribute('data-errors', '0');
    await expect(summary(page)).toHaveAttribute('data-ready', '3');
    await importButton(page).click();
    await expect(page.locator('.import-result')).toHaveText('Imported 3 transactions; skipped 0 duplicates.');

    // The same rows again, plus one new: the three are marked as duplicates and skipped.
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('trades-more.csv', generic('3', '2024-05-10,Buy,QQQ,2,440.00,USD,4.95\n')));
    await expect(summary(page)).toHaveAttribute('data-duplicates', '3');
    await expect(page.locator('tr[data-line="2"]')).toHaveAttribute('data-status', 'duplicate');
    await importButton(page).click();
    await expect(page.locator('.import-result')).toHaveText('Imported 1 transactions; skipped 3 duplicates.');
  } finally {
    await context.close();
  }
});

test('Questrade export: rows the mapping cannot turn into transactions are kept for review, not errors', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/import');
    const withReview = `${readFileSync(QUESTRADE, 'utf8').trimEnd()}\n2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,CIL,XEQT.TO,CASH IN LIEU,0.00000,0.00000000,0.00,0.00,4.10,CAD,55500001,Corporate actions,Individual TFSA\n`;
    const choose = () => page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('questrade-review.csv', withReview));
    await choose();
    await expect(summary(page)).toHaveAttribute('data-reviews', '1');
    await expect(summary(page)).toHaveAttribute('data-errors', '0');
    await expect(summary(page)).toContainText('1 kept for review');
    const row = page.locator('tr[data-line="13"]');
    await expect(row).toHaveAttribute('data-status', 'review');
    await expect(row).toContainText('Kept for review');
    await expect(row).toContainText('Corporate action (CIL on XEQT.TO)');
    await expectAccessible(page, 'import & export (review row, light)');
    await screens(page, 'r2-import-review-light');
    await page.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await choose();
    await expect(page.locator('tr[data-line="13"]')).toHaveAttribute('data-status', 'review');
    await expectAccessible(page, 'import & export (review row, dark)');
    await screens(page, 'r2-import-review-dark');

    await page.getByRole('button', { name: 'Import 11 transactions and keep 1 for review' }).click();
    await expect(page.locator('.import-result')).toHaveText('Imported 11 transactions; kept 1 for review; skipped 0 duplicates.');
    // The kept row is a synced review item, listed where the user decides on it.
    await page.goto('/questrade');
    await expect(page.getByRole('heading', { name: 'Needs review (1)' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a backup restored into a fresh profile gives the same numbers; exports download', async ({ baseURL }) => {
  const first = await launchProfile({ baseURL: baseURL! });
  const second = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await first.newPage();
    await page.goto('/import');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('questrade.csv', readFileSync(QUESTRADE, 'utf8')));
    await expect(summary(page)).toHaveAttribute('data-errors', '0');
    await importButton(page).click();
    await expect(page.locator('.import-result')).toBeVisible();

    for (const [label, file] of [
      ['Download Transactions (CSV)', /^folio-transactions-\d{4}-\d{2}-\d{2}\.csv$/],
      ['Download Holdings (CSV)', /^folio-holdings-\d{4}-\d{2}-\d{2}\.csv$/],
      ['Download Realized gains (CSV)', /^folio-realized-gains-\d{4}-\d{2}-\d{2}\.csv$/],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: label }).click();
      expect((await download).suggestedFilename()).toMatch(file);
    }
    const transactionsCsv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Transactions (CSV)' }).click();
    expect(readFileSync((await (await transactionsCsv).path())!, 'utf8')).toContain('MSFT');

    const backupDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Full backup (JSON)' }).click();
    const backup = await backupDownload;
    expect(backup.suggestedFilename()).toMatch(/^folio-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const backupPath = (await backup.path())!;

    await page.getByRole('link', { name: /Printable portfolio report/ }).click();
    await expect(page.getByRole('heading', { name: 'Portfolio report' })).toBeVisible();
    const report = async (p: Page) => (await p.locator('.report-table tbody tr').allInnerTexts()).join('\n') + (await p.locator('.report-totals').innerText()) + (await p.locator('.report-cash').innerText());
    const before = await report(page);
    expect(before).toContain('XEQT.TO');
    await expectAccessible(page, 'portfolio report');
    await screens(page, 'import-report');
    // Printed, the report stands alone: no navigation and no buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header.app')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print / save as PDF' })).toBeHidden();
    await page.screenshot({ path: 'test-results/screens/import-report-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    const other = await second.newPage();
    await other.goto('/settings');
    await other.getByLabel('Restore from a backup file').setInputFiles(backupPath);
    await expect(other.getByText(/replaces every portfolio, account and transaction/)).toBeVisible();
    await other.getByRole('button', { name: 'Replace everything with this backup' }).click();
    await expect(other.getByText(/^Restored \d+ transactions\.$/)).toBeVisible();
    await other.goto('/import?report=1');
    await expect(other.locator('.report-table')).toBeVisible();
    expect(await report(other)).toBe(before);
  } finally {
    await first.close();
    await second.close();
  }
});

test('a large file shows progress while the worker reads it, and draws only what helps', async ({ baseURL }) => {
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/import');
    const rows = Array.from({ length: 5000 }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},Buy,AAPL,${i + 1},150.25,USD`);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csv('big.csv', `Date,Action,Symbol,Quantity,Price,Currency\n${rows.join('\n')}\n`));
    await expect(page.locator('.import-progress progress')).toBeVisible();
    await expect(page.locator('.import-progress')).toContainText('5,000 rows of big.csv');
    await expect(summary(page)).toHaveAttribute('data-ready', '5000', { timeout: 30_000 });
    await expect(page.locator('.preview-table tbody tr')).toHaveCount(200);
    await expect(page.getByText('4,800 more ready rows are not drawn here')).toBeVisible();
    await importButton(page).click();
    await expect(page.locator('.import-progress')).toContainText('Importing');
    await expect(page.locator('.import-result')).toHaveText('Imported 5,000 transactions; skipped 0 duplicates.', { timeout: 30_000 });
  } finally {
    await context.close();
  }
});
