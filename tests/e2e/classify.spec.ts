import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';
import { addBuy } from './forms';

/**
 * Classify holdings (Portfolio → Allocation): two CAD holdings start with no asset class,
 * sector or country, so allocation by sector is all "Unclassified" and Insights says 100 % of
 * holdings have no sector. Classifying XEQT.TO (10 × 100 = CA$1,000 of about CA$1,763) gives
 * it its own sector bucket and leaves only the other holding (about 43 %) without a sector.
 */
const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

async function auditBothThemes(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
    await expectAccessible(page, `${name} (${theme})`);
    await page.screenshot({ path: `test-results/screens/r6-${name}-${theme}.png`, fullPage: true });
  }
  await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));
}

test('classify a holding: allocation by sector and the "no sector" insight follow', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/add');
    await addBuy(page, { symbol: 'XEQT.TO', quantity: '10', price: '100', currency: 'CAD', date: '2025-01-15' });
    await addBuy(page, { symbol: '0P000071W8.TO', quantity: '5', price: '150', currency: 'CAD', date: '2025-01-15' });

    // Before: every holding lacks a sector.
    await open(page, 'Insights');
    const noSector = page.locator('article[data-insight="concentration-sector:unclassified"]');
    await expect(noSector.getByRole('heading')).toHaveText(/^100(\.0)?% of holdings have no sector$/, { timeout: 15_000 });

    // Its link leads to the Allocation tab's classification editor.
    await noSector.getByRole('link', { name: 'Classify holdings' }).click();
    await expect(page.getByRole('tab', { name: 'Allocation' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: 'Classify holdings' })).toBeVisible();
    await page.getByLabel('Group by').selectOption('sector');
    const chart = page.getByRole('figure', { name: 'Allocation by sector' });
    await expect(chart.locator('tr[data-bucket="Unclassified"] [data-field="share"]')).toHaveText(/^100(\.0)?%$/);

    // The section lists both holdings, unclassified and marked so.
    const section = page.getByRole('region', { name: 'Classify holdings' });
    const items = section.locator('li.classify-item');
    await expect(items).toHaveCount(2);
    await expect(section.locator('[data-field="unclassified-count"]')).toHaveText('2 of 2 holdings are not fully classified.');
    const xeqt = section.locator('li[data-symbol="XEQT.TO"]');
    await expect(xeqt).toHaveAttribute('data-unclassified', 'true');
    await expect(xeqt.locator('.classify-badge')).toHaveText('Missing: asset class, sector, country');

    // The note under the chart leads to the editor.
    await page.getByRole('link', { name: 'classify your holdings' }).click();
    await expect(page.getByRole('heading', { name: 'Classify holdings' })).toBeFocused();
    await auditBothThemes(page, 'classify-before');

    // Keyboard: the Edit button opens the form with focus in its first field.
    await xeqt.getByRole('button', { name: 'Edit XEQT.TO classification' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Classify XEQT.TO' });
    await expect(form.getByLabel('Asset class')).toBeFocused();

    // A value too long to store is refused beside its field, focus goes there, and nothing is saved.
    await form.getByLabel('Sector').fill('x'.repeat(81));
    await form.getByRole('button', { name: 'Save XEQT.TO' }).click();
    const sectorError = form.locator('.field-error').first();
    await expect(sectorError).toHaveText('Sector is at most 80 characters (this one has 81).');
    await expect(form.getByLabel('Sector')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('Sector')).toBeFocused();
    await expect(xeqt).toHaveAttribute('data-unclassified', 'true');
    await expect(form.getByLabel('Sector')).toHaveAttribute('aria-describedby', await sectorError.getAttribute('id').then((id) => id!));
    await auditBothThemes(page, 'classify-error');

    await form.getByLabel('Asset class').selectOption('ETF');
    await form.getByLabel('Sector').fill('Diversified');
    await form.getByLabel('Country').fill('Canada');
    await form.getByRole('button', { name: 'Save XEQT.TO' }).click();
    await expect(section.getByRole('status').last()).toHaveText('Saved the classification of XEQT.TO.');
    await expect(xeqt.getByRole('button', { name: 'Edit XEQT.TO classification' })).toBeFocused();
    await expect(xeqt).not.toHaveAttribute('data-unclassified', 'true');
    await expect(xeqt.locator('[data-field="sector"] dd')).toHaveText('Diversified');
    await expect(xeqt.locator('[data-field="country"] dd')).toHaveText('Canada');
    await expect(xeqt.locator('[data-field="assetClass"] dd')).toHaveText('ETF');
    // Classified ones go after the unclassified.
    await expect(items.first()).toHaveAttribute('data-symbol', '0P000071W8.TO');
    await expect(section.locator('[data-field="unclassified-count"]')).toHaveText('1 of 2 holdings is not fully classified.');

    // The chart above followed the save: XEQT.TO's value is in its own sector now.
    await expect(chart.locator('tr[data-bucket="Diversified"] [data-field="share"]')).toHaveText(/^5\d\.\d%$/);
    await expect(chart.locator('tr[data-bucket="Unclassified"] [data-field="share"]')).toHaveText(/^4\d\.\d%$/);
    await page.getByLabel('Group by').selectOption('assetClass');
    await expect(page.getByRole('figure', { name: 'Allocation by asset class' }).locator('tr[data-bucket="ETF"]')).toBeVisible();
    await page.getByLabel('Group by').selectOption('country');
    await expect(page.getByRole('figure', { name: 'Allocation by country' }).locator('tr[data-bucket="Canada"]')).toBeVisible();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `test-results/screens/r6-classify-after-${width}.png`, fullPage: true });
      // Nothing wider than the screen at 360 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    await auditBothThemes(page, 'classify-after');

    // Insights: only the other holding is left without a sector.
    await open(page, 'Insights');
    await expect(noSector.getByRole('heading')).toHaveText(/^4\d\.\d% of holdings have no sector$/, { timeout: 15_000 });
    await expect(page.locator('article[data-insight="concentration-sector:Diversified"]')).toBeVisible();

    // A link to the tab's #classify anchor (as an insight can give) lands on the editor.
    await page.goto('/portfolio?tab=allocation#classify');
    await expect(page.getByRole('heading', { name: 'Classify holdings' })).toBeFocused();
  } finally {
    await context.close();
  }
});
