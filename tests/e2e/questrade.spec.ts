import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

/**
 * The Questrade screen against H3's fake Questrade (started here on E2E port + 10;
 * playwright.config.ts points the sync server's QUESTRADE_LOGIN_URL at it and configures the
 * OAuth app to come back to the server's callback, which forwards to this page): signed out, connect with a pasted token, the
 * imported holdings, the status, a reconciliation, the review list, disconnect, and the
 * "Connect with Questrade" redirect flow.
 */
const fakePort = Number(process.env.E2E_PORT ?? 18787) + 10;
const fakeUrl = `http://127.0.0.1:${fakePort}`;
let fake: ChildProcess | undefined;
let firstToken = '';

test.beforeAll(async () => {
  fake = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/questrade/fake-questrade.ts', '--port', String(fakePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  firstToken = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    fake!.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line && buffer.includes('\n')) resolve((JSON.parse(line) as { refreshToken: string }).refreshToken);
    });
    fake!.once('exit', (code) => reject(new Error(`fake Questrade exited with ${code}`)));
  });
});
test.afterAll(() => {
  fake?.kill('SIGTERM');
});

const open = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen }).click();

async function screens(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/h4-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => localStorage.setItem('folio.theme', t), theme);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function signIn(page: Page, email: string) {
  await open(page, 'Settings');
  const form = page.getByRole('form', { name: 'Sign in to sync' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('correct horse battery');
  await form.getByLabel('New account').check();
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-sync-state="synced"]')).toBeVisible({ timeout: 15_000 });
}

const connectionCard = (page: Page) => page.locator('section.qt-connection');

test('connect Questrade with a token, see the import, status, reconciliation and reviews; disconnect; connect with OAuth', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const context = await launchProfile({ baseURL: baseURL! });
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });

    // Not signed in: the screen says so and links to Settings.
    await page.goto('/questrade');
    await expect(page.getByRole('heading', { level: 1, name: 'Questrade' })).toBeVisible();
    const signedOut = page.locator('[data-field="qt-signed-out"]');
    await expect(signedOut).toContainText('Questrade needs a Folio sync server');
    await expect(signedOut.getByRole('link', { name: /Sign in to your sync server in Settings/ })).toHaveAttribute('href', '/settings');
    await expectAccessible(page, 'questrade (signed out)');
    await screens(page, 'signed-out');
    // Back from Questrade while signed out: nothing can be finished, and the page says why.
    await page.goto('/questrade?code=c0de&state=st4te');
    await expect(page.getByRole('alert').filter({ hasText: 'not signed in to your sync server' })).toBeVisible();

    await signIn(page, `questrade-${Date.now()}@example.com`);
    await open(page, 'Questrade');
    const connect = page.getByRole('region', { name: 'Connect Questrade' });
    await expect(connect.getByLabel('Name of a new portfolio for the imported accounts')).toHaveValue('Questrade');
    await expect(connect.getByRole('button', { name: 'Connect with Questrade' })).toBeVisible();
    const token = connect.getByLabel('Questrade refresh token');
    await expect(token).toHaveAttribute('type', 'password');
    await expect(connect.locator('#qt-token-hint')).toContainText('App Hub');

    // A malformed token is refused beside the field, and nothing is connected.
    await token.fill('not a token');
    await connect.getByRole('button', { name: 'Connect with this token' }).click();
    await expect(connect.locator('#qt-token-error')).toBeVisible();
    await expect(token).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, 'questrade (connect, error)');
    await screens(page, 'connect-error');

    // The real token: connected, the first import runs, the status settles.
    await token.fill(firstToken);
    await connect.getByRole('button', { name: 'Connect with this token' }).click();
    await expect(connectionCard(page)).toHaveCount(1, { timeout: 15_000 });
    const status = connectionCard(page).locator('[data-field="qt-status"]');
    await expect(status).toContainText('Up to date. Last synced', { timeout: 60_000 });
    await expect(connectionCard(page).getByRole('heading', { level: 2 })).toContainText('#00000000');
    await expect(page.getByRole('region', { name: 'Connect another Questrade login' }).getByLabel('Questrade refresh token')).toHaveValue('');

    // The imported holdings are on the dashboard (pulled through normal sync).
    await open(page, 'Dashboard');
    const xeqt = page.getByRole('table', { name: 'Holdings' }).locator('tr[data-symbol="XEQT.TO"] [data-field="quantity"]');
    await expect(xeqt).toHaveText('100', { timeout: 20_000 });
    await page.screenshot({ path: 'test-results/screens/h4-dashboard-imported.png', fullPage: true });

    // Reconciliation: the recorded positions are 2019 options, so the engine disagrees and says why.
    await open(page, 'Questrade');
    await connectionCard(page).getByRole('button', { name: 'Compare with Questrade' }).click();
    const rec = connectionCard(page).getByRole('region', { name: 'Compared with Questrade' });
    const xeqtDiff = rec.getByRole('article', { name: 'XEQT.TO quantity difference' });
    await expect(xeqtDiff.getByRole('heading')).toContainText('XEQT.TO: Questrade 0, Folio 100');
    await expect(xeqtDiff).toContainText('wait for review here');
    await xeqtDiff.getByText(/imported transaction/).click();
    await expect(xeqtDiff.locator('.qt-explaining li')).toContainText(['2025-01-07 buy 100 XEQT.TO']);
    await expect(rec.getByRole('region', { name: /#11111111/ })).toBeVisible();

    // The review list: journal, transfer-in and corporate action; dismiss one.
    const reviews = page.getByRole('region', { name: /^Needs review/ });
    await expect(reviews.getByRole('heading', { level: 2 })).toHaveText(/Needs review \(\d+\)/);
    const count = Number((await reviews.getByRole('heading', { level: 2 }).textContent())!.match(/\((\d+)\)/)![1]);
    expect(count).toBeGreaterThanOrEqual(3);
    await expect(reviews).toContainText('Corporate action (CIL on ABC.TO)');
    await expectAccessible(page, 'questrade (connected, light)');
    await screens(page, 'connected');
    const cil = reviews.getByRole('listitem').filter({ hasText: 'Corporate action (CIL' });
    await cil.getByRole('button', { name: 'Dismiss' }).click();
    await expect(reviews.getByRole('heading', { level: 2 })).toHaveText(`Needs review (${count - 1})`);

    await setTheme(page, 'dark');
    await expect(connectionCard(page)).toHaveCount(1);
    await connectionCard(page).getByRole('button', { name: 'Compare with Questrade' }).click();
    await expect(connectionCard(page).getByRole('region', { name: 'Compared with Questrade' })).toBeVisible();
    await expectAccessible(page, 'questrade (connected, dark)');
    await screens(page, 'connected-dark');
    // Phone-sized views of the parts (a full-page shot at 360 px is too tall to inspect).
    await page.setViewportSize({ width: 360, height: 1200 });
    await connectionCard(page).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/screens/h4-dark-360-top.png' });
    await reviews.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/h4-dark-360-reviews.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await setTheme(page, 'light');

    // Disconnect, confirmed: the card goes, the imported transactions stay.
    await connectionCard(page).getByRole('button', { name: 'Disconnect…' }).click();
    const confirmBox = connectionCard(page).getByRole('group');
    await expect(confirmBox).toContainText('Transactions already imported stay');
    await confirmBox.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(connectionCard(page)).toHaveCount(0);
    await open(page, 'Dashboard');
    await expect(xeqt).toHaveText('100');

    // Connect with Questrade (authorization code): to the fake's authorize page and back.
    await open(page, 'Questrade');
    const again = page.getByRole('region', { name: 'Connect Questrade' });
    await expect(again.getByLabel('Portfolio for the imported accounts')).toBeVisible();
    // Questrade → the server's callback (which only forwards) → this page with ?code&state, which
    // finishes with the signed-in session's token and then drops the spent code from the address.
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await again.getByRole('button', { name: 'Connect with Questrade' }).click();
    await page.waitForURL(/\/questrade\?connected=/, { timeout: 20_000 });
    expect(visited.some((u) => /\/questrade\?code=[^&]+&state=/.test(u))).toBe(true);
    expect(page.url()).not.toContain('code=');
    await expect(page.locator('.qt-notice[role="status"]')).toContainText('Connected to Questrade');
    await expect(connectionCard(page)).toHaveCount(1, { timeout: 15_000 });
    await expect(connectionCard(page).locator('[data-field="qt-status"]')).toContainText('Up to date', { timeout: 60_000 });

    // A state this user did not start (e.g. someone else's authorize link) is refused; nothing is connected.
    await page.goto('/questrade?code=someone-elses-code&state=someone-elses-state');
    await expect(page.getByRole('alert').filter({ hasText: 'Questrade was not connected.' })).toContainText('not started by you');
    await expect(page).toHaveURL(/\/questrade$/);
    await expect(connectionCard(page)).toHaveCount(1);
    await expectAccessible(page, 'questrade (oauth finish refused)');
    await screens(page, 'oauth-finish-refused');

    // A refused authorization comes back as a clear message.
    await page.goto('/questrade?error=access_denied');
    await expect(page.getByRole('alert').filter({ hasText: 'did not authorize' })).toBeVisible();
    await screens(page, 'oauth-error');
  } finally {
    await context.close();
  }
});
