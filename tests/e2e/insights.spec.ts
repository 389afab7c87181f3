import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';
import { addBuy } from './forms';

/**
 * The Insights screen: rule insights for a hand-entered portfolio, and the AI panel against the
 * fake OpenAI-compatible server (started here on E2E port + 20; playwright.config.ts points the
 * sync server's OPENAI_BASE_URL at it).
 */
const fakePort = Number(process.env.E2E_PORT ?? 18787) + 20;
const fakeUrl = `http://127.0.0.1:${fakePort}`;
let fake: ChildProcess | undefined;

test.beforeAll(async () => {
  fake = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/insights/fake-openai.ts', '--port', String(fakePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    fake!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    fake!.once('exit', (code) => reject(new Error(`fake OpenAI exited with ${code}`)));
  });
});
test.afterAll(() => {
  fake?.kill('SIGTERM');
});

const requestsToModel = async () => (await (await fetch(`${fakeUrl}/__requests`)).json()) as { body: { messages: { content: string }[] } }[];
const scenario = (name: string) => fetch(`${fakeUrl}/__scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: name }) });

const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

async function screens(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/h6-${name}-${width}.png`, fullPage: true });
    // The AI panel on its own, readable at full size.
    await page.locator('section.ai-panel').screenshot({ path: `test-results/screens/h6-${name}-panel-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const EMAIL = `insights-${Date.now()}@example.com`;

test('rule insights for a hand-entered portfolio; AI off by default, then consented, streamed and failing clearly', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.goto('/add');
    // The CAD fund is the only holding valued in CAD (no USD→CAD rate is recorded): it is 100 %
    // of the valued portfolio, a critical concentration; AAPL is flagged for its missing rate.
    await addBuy(page, { symbol: 'AAPL', quantity: '40', price: '200', currency: 'USD', date: '2025-01-15' });
    await addBuy(page, { symbol: '0P000071W8.TO', quantity: '5', price: '150', currency: 'CAD', date: '2025-01-15' });

    await open(page, 'Insights');
    await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
    const ruleCards = page.locator('article.insight-card[data-source="rules"]');
    await expect(ruleCards.first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('article[data-insight="concentration-holding:0P000071W8.TO"]')).toBeVisible();
    // Each card explains itself and links to the screen with the numbers.
    const aapl = page.locator('article[data-insight="concentration-holding:0P000071W8.TO"]');
    await expect(aapl.getByRole('heading')).toContainText('0P000071W8.TO');
    await expect(aapl.locator('.severity-badge')).toHaveText('Critical');
    await expect(aapl.getByRole('link')).toHaveAttribute('href', /^\/portfolio/);

    // Not signed in: the panel says how to get AI, and nothing went to the model.
    const panel = page.getByRole('region', { name: 'AI review (optional)' });
    await expect(panel.locator('[data-ai-status="not-signed-in"]')).toBeVisible();
    expect(await requestsToModel()).toHaveLength(0);

    // A threshold error shows beside its field, and nothing is saved.
    await page.getByText('Thresholds', { exact: true }).click();
    await page.getByLabel(/^Single holding weight/).fill('150');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await expect(page.locator('#threshold-holdingWeight-error')).toHaveText(/at most 100 %/);
    await expect(page.getByLabel(/^Single holding weight/)).toBeFocused();
    await expectAccessible(page, 'insights (light, signed out)');
    await screens(page, 'insights-light');

    // Sign in: the server has a key (the fake's), but AI stays off until the user turns it on.
    await open(page, 'Settings');
    const form = page.getByRole('form', { name: 'Sign in to sync' });
    await form.getByLabel('Email').fill(EMAIL);
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByLabel('New account').check();
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 15_000 });
    await open(page, 'Insights');
    await expect(panel.locator('[data-ai-status="available"]')).toContainText('fake-model');
    await expect(panel.getByText(/Nothing about your portfolio is sent anywhere/)).toBeVisible();
    expect(await requestsToModel()).toHaveLength(0);

    // Turning on first shows exactly what will be sent, and asks for consent.
    await panel.getByRole('button', { name: 'Turn on AI review…' }).click();
    const consent = panel.getByRole('group', { name: 'This is exactly what will be sent' });
    const preview = consent.getByLabel('The summary that will be sent');
    await expect(preview).toContainText('"version": 1');
    await expect(preview).toContainText('"symbol": "0P000071W8.TO"');
    await expect(preview).not.toContainText('totals');
    await expect(preview).not.toContainText(EMAIL);
    await expect(consent.getByLabel(/Also share exact totals/)).not.toBeChecked();
    await expectAccessible(page, 'insights AI consent (light)');
    await screens(page, 'ai-consent-light');
    expect(await requestsToModel()).toHaveLength(0);
    await consent.getByRole('button', { name: 'I agree: turn on AI review' }).click();

    // The narrative streams into the live region, then the AI-written cards appear.
    await scenario('streaming');
    await panel.getByRole('button', { name: 'Get AI review' }).click();
    const narrative = panel.locator('[data-field="ai-narrative"]');
    await expect(narrative).toHaveText(/^Your portfolio leans heavily on one US technology stock\./, { timeout: 15_000 });
    await expect(narrative).toHaveText(/Spreading new money across broad funds would lower that risk\.$/, { timeout: 15_000 });
    await expect(panel.locator('[aria-live="polite"]')).toContainText('Your portfolio leans');
    const aiCards = panel.locator('article.insight-card[data-source="ai"]');
    await expect(aiCards).toHaveCount(2);
    await expect(aiCards.first().locator('.ai-badge')).toHaveText('AI-written');
    const sent = await requestsToModel();
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.body)).not.toContain(EMAIL);
    expect(JSON.parse(sent[0]!.body.messages[1]!.content)).toMatchObject({ version: 1, holdings: [expect.objectContaining({ symbol: '0P000071W8.TO', weight: 1 })] });
    await expectAccessible(page, 'insights AI review (light)');
    await screens(page, 'ai-review-light');

    // A failing model: a clear message, and the page (rule insights included) keeps working.
    await scenario('insufficient_quota');
    await addBuy(page, { symbol: 'QQQ', quantity: '2', price: '500', currency: 'USD', date: '2025-01-16' });
    await open(page, 'Insights');
    await panel.getByRole('button', { name: 'Get AI review' }).click();
    const error = panel.getByRole('alert');
    await expect(error).toContainText('Quota exceeded', { timeout: 15_000 });
    await expect(error).toContainText('no quota left');
    await expect(ruleCards.first()).toBeVisible();
    expect(await requestsToModel()).toHaveLength(2);
    await page.locator('section.ai-panel').screenshot({ path: 'test-results/screens/h6-ai-error-light-panel-1280.png' });

    // A malformed answer: its narrative streamed before the server found the answer unusable, and
    // that unvalidated text is removed; only the error stays.
    await scenario('malformed');
    await panel.getByRole('button', { name: 'Get AI review' }).click();
    await expect(panel.locator('[data-ai-error="bad_model_output"]')).toContainText('The model answered in an unexpected format', { timeout: 15_000 });
    await expect(panel.locator('[data-field="ai-narrative"]')).toHaveCount(0);
    await expect(panel).not.toContainText('Your portfolio is fine');
    expect(await requestsToModel()).toHaveLength(3);
    await page.locator('section.ai-panel').screenshot({ path: 'test-results/screens/r4-ai-bad-output-light-panel-1280.png' });

    // The own-key form: the server's refusal shows beside the field, and no key is saved.
    await panel.getByText('Use your own API key instead').click();
    await panel.getByLabel('API key', { exact: true }).fill('short');
    await panel.getByRole('button', { name: 'Save key' }).click();
    await expect(panel.locator('#ai-key-error')).toHaveText('An API key is at least 8 characters');
    await expect(panel.locator('[data-ai-status="available"]')).toContainText('the server’s key');

    // Dark theme: contrast of the cards, the panel and the error.
    await page.evaluate(() => localStorage.setItem('folio.theme', 'dark'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(ruleCards.first()).toBeVisible({ timeout: 15_000 });
    await scenario('streaming');
    await panel.getByRole('button', { name: 'Get AI review' }).click();
    await expect(panel.locator('article.insight-card[data-source="ai"]')).toHaveCount(2, { timeout: 15_000 });
    await page.getByText('Thresholds', { exact: true }).click();
    await expectAccessible(page, 'insights (dark)');
    await screens(page, 'insights-dark');

    // Turning off: the next review is impossible until turned on again.
    await panel.getByRole('button', { name: 'Turn off' }).click();
    await expect(panel.getByRole('button', { name: 'Turn on AI review…' })).toBeFocused();
    await expect(panel.getByRole('button', { name: 'Get AI review' })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
