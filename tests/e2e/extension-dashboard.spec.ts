import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

// The built extension; E2E_EXTENSION_DIR lets parallel runs each load their own build.
const extensionDir = realpathSync(resolve(process.env.E2E_EXTENSION_DIR ?? '.output/chrome-mv3'));

/** Chromium derives an unpacked extension's id from its absolute path (sha256, a–p alphabet). */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

const heading = (page: Page, name: string) => page.locator('#main h1', { hasText: name });

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => localStorage.setItem('folio.theme', t), theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('the extension page is the whole app over the extension’s own database, without a server', async () => {
  const context = await launchProfile({ extensionDir, firstRun: true });
  const dashboardUrl = `chrome-extension://${unpackedExtensionId(extensionDir)}/dashboard.html`;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(dashboardUrl);

    // A first visit: the welcome screen, routed in the fragment.
    await expect(heading(page, 'Welcome to Folio')).toBeVisible();
    await expect(page).toHaveURL(`${dashboardUrl}#/welcome`);
    await expectAccessible(page, 'extension welcome');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-welcome.png', fullPage: true });
    await expect(page.getByRole('radio', { name: /Start on this device/ })).toBeChecked();
    await page.getByRole('button', { name: 'Start using Folio' }).click();
    await expect(heading(page, 'Dashboard')).toBeVisible();
    await expect(page).toHaveURL(`${dashboardUrl}#/`);

    // No server at the extension's origin and not signed in: quotes are unavailable, and the
    // banner says how to get them.
    await expect(page.locator('[data-market-state="unavailable"]')).toContainText('sign in to a Folio server in Settings for live prices');

    // A buy through the Add transaction screen (the main navigation, as a user would).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add transaction' }).click();
    await expect(page).toHaveURL(`${dashboardUrl}#/add`);
    const form = page.getByRole('form', { name: /^Add a (buy|transaction)$/ });
    await expect(form).toBeVisible();
    const kind = form.getByLabel('Kind');
    if (await kind.count()) await kind.selectOption({ label: 'Buy' });
    await form.getByLabel('Date').fill('2025-01-10');
    await form.getByLabel('Symbol', { exact: true }).fill('AAPL');
    await form.getByLabel('Symbol', { exact: true }).press('Escape');
    await form.getByLabel('Quantity').fill('3');
    await form.getByLabel(/^Price/).fill('200');
    await form.getByLabel('Commission').fill('0');
    await form.getByLabel('Currency').fill('USD');
    await form.getByRole('button', { name: 'Add buy' }).click();
    await expect(form.getByRole('status').last()).toContainText(/(Added|Saved).*AAPL/);
    await expectAccessible(page, 'extension add transaction');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-add.png', fullPage: true });

    // On the dashboard...
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page).toHaveURL(`${dashboardUrl}#/`);
    const row = page.getByRole('table', { name: /Holdings/ }).locator('tr[data-symbol="AAPL"]');
    await expect(row).toBeVisible();
    await expect(row.locator('[data-field="quantity"]')).toHaveText('3');
    await expectAccessible(page, 'extension dashboard');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-light.png', fullPage: true });

    // ... and on the portfolio screen.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
    await expect(page).toHaveURL(new RegExp(`^${dashboardUrl.replace(/[.]/g, '\\.')}#/portfolio`));
    await expect(page.getByRole('main')).toContainText('AAPL');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' })).toHaveAttribute('aria-current', 'page');

    // A reload of a deep screen shows that screen, from the same local database.
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('main')).toContainText('AAPL');
    await expectAccessible(page, 'extension portfolio');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-portfolio.png', fullPage: true });

    // Back returns to the previous screen; a deep link opens its screen directly.
    await page.goBack();
    await expect(heading(page, 'Dashboard')).toBeVisible();
    await page.goto(`${dashboardUrl}#/settings`);
    await expect(heading(page, 'Settings')).toBeVisible();

    // A link opened in a new tab opens its screen (the fragment), not a missing file.
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import & export' }).click({ modifiers: ['ControlOrMeta'] })]);
    await expect(tab).toHaveURL(`${dashboardUrl}#/import`);
    await expect(tab.locator('#main h1').first()).toBeVisible();
    await expect(tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import & export' })).toHaveAttribute('aria-current', 'page');
    await tab.close();
    await expect(page).toHaveURL(`${dashboardUrl}#/settings`);

    // The skip link moves focus to the content without changing the screen.
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
    await expect(page).toHaveURL(`${dashboardUrl}#/settings`);

    // Dark theme, narrow window.
    await page.goto(`${dashboardUrl}#/`);
    await setTheme(page, 'dark');
    await expect(row).toBeVisible();
    await expectAccessible(page, 'extension dashboard (dark)');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-dark.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(page, 'extension dashboard (dark, 360 px)');
    await page.screenshot({ path: 'test-results/screens/extension-dashboard-360-dark.png', fullPage: true });

    // Without a server the quotes are unavailable, but nothing failed in the page.
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
