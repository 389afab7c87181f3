import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { launchProfile } from './browser';

// The server replays recorded market data (MARKET_PROVIDER=fixture): search knows ABBV and SPOT,
// quotes AAPL (USD) and 0P000071W8.TO (CAD); there is no USDCAD history, so the FX rate of a
// USD trade is "not in market data" and is typed in, as from a broker's confirmation.

const form = (page: Page) => page.getByRole('form', { name: /^(Add a transaction|Edit transaction)$/ });
const field = (page: Page, label: string | RegExp) => form(page).getByLabel(label, { exact: typeof label === 'string' });
const holding = (page: Page, symbol: string) => page.getByRole('table', { name: 'Holdings' }).locator(`tr[data-symbol="${symbol}"]`);

type Values = Partial<Record<'Symbol' | 'Symbol (optional)' | 'Quantity' | 'Units received' | 'Price per unit' | 'Commission' | 'Currency' | 'Date' | 'Ratio (new:old)' | 'To currency' | 'Amount received' | 'Note (optional)', string>> & {
  amount?: [label: string, value: string];
  fxRate?: string;
};

/** Fills the shown fields of `kind` and submits; waits for the saved (or refused) status. */
async function enter(page: Page, kind: string, values: Values, outcome: 'saved' | 'refused' = 'saved') {
  await field(page, 'Kind').selectOption({ label: kind });
  const { amount, fxRate, ...rest } = values;
  for (const [label, value] of Object.entries(rest)) {
    const input = field(page, label);
    await input.fill(value);
    // Leaving the symbol runs the instrument lookup (currency detection) before the next field.
    if (label.startsWith('Symbol')) {
      await input.press('Tab');
      await expect(form(page).locator('#txn-symbol-hint')).toHaveText(/trades in|No quote|Held in|unavailable/);
    }
  }
  if (amount) await field(page, amount[0]).fill(amount[1]);
  if (fxRate !== undefined) {
    await expect(form(page).locator('[data-field="fx-source"]')).toContainText(/market data/);
    await field(page, /^FX rate/).fill(fxRate);
  }
  await form(page).getByRole('button', { name: /^(Add|Save)/ }).click();
  const status = form(page).getByRole('status');
  await expect(status).toHaveText(outcome === 'saved' ? /^(Saved|Changes saved): / : /^Not saved/);
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/transaction/);
  await expect(field(page, 'Account')).not.toHaveValue('');
  return page;
}

test.describe('transaction entry', () => {
  let context: BrowserContext;
  test.beforeEach(async ({ baseURL }) => {
    context = await launchProfile({ baseURL: baseURL! });
  });
  test.afterEach(async () => {
    await context.close();
  });

  test('records one transaction of every kind, and the holdings follow', async () => {
    const page = await open(context, '/add');
    const d = (day: string) => ({ Date: `2025-01-${day}` });

    await enter(page, 'Deposit', { ...d('02'), amount: ['Amount', '10000'] });
    // The kind, account and date stay for the next entry; the rest is cleared.
    await expect(field(page, 'Kind')).toHaveValue('deposit');
    await expect(field(page, 'Date')).toHaveValue('2025-01-02');
    await expect(field(page, 'Amount')).toHaveValue('');

    await enter(page, 'Buy', { ...d('10'), Symbol: 'AAPL', Quantity: '10', 'Price per unit': '150', Commission: '1', fxRate: '1.4352' });
    await enter(page, 'Sell', { ...d('20'), Symbol: 'AAPL', Quantity: '2', 'Price per unit': '160', Commission: '1', fxRate: '1.44' });
    await enter(page, 'Dividend', { ...d('21'), Symbol: 'AAPL', amount: ['Amount received (gross)', '2.50'], fxRate: '1.44' });
    await enter(page, 'Withholding tax', { ...d('21'), 'Symbol (optional)': 'AAPL', amount: ['Tax withheld', '0.38'], fxRate: '1.44' });
    await enter(page, 'DRIP (dividend reinvested)', { ...d('21'), Symbol: 'AAPL', 'Units received': '0.01', 'Price per unit': '170', fxRate: '1.44' });
    await enter(page, 'Interest', { ...d('22'), amount: ['Amount', '5'] });
    await enter(page, 'Account fee', { ...d('22'), amount: ['Fee amount', '10'] });
    await enter(page, 'Withdrawal', { ...d('22'), amount: ['Amount', '100'] });
    await enter(page, 'FX conversion', { ...d('23'), amount: ['Amount converted', '1000'], 'To currency': 'USD', 'Amount received': '700' });
    // 0P000071W8.TO trades in CAD (detected from its quote): no FX rate asked for.
    await enter(page, 'Opening position', { ...d('03'), Symbol: '0P000071W8.TO', Quantity: '5', amount: ['Total cost', '700'] });
    await expect(field(page, /^FX rate/)).toHaveCount(0);
    await enter(page, 'Split or consolidation', { ...d('24'), Symbol: '0P000071W8.TO', 'Ratio (new:old)': '2:1' });
    await enter(page, 'Return of capital', { ...d('27'), Symbol: '0P000071W8.TO', amount: ['Capital returned (total)', '20'] });

    // Transfers need a second account: created from the form.
    await field(page, 'Kind').selectOption({ label: 'Transfer (to another account)' });
    await form(page).getByRole('button', { name: 'New account…' }).click();
    await form(page).getByLabel('New account name').fill('TFSA');
    await form(page).getByLabel('New account name').press('Enter');
    await expect(field(page, 'To account')).toHaveValue(/.+/);
    await expect(field(page, 'To account').locator('option:checked')).toHaveText('TFSA');
    await form(page).getByRole('radio', { name: 'Securities' }).check();
    await enter(page, 'Transfer (to another account)', { ...d('28'), Symbol: '0P000071W8.TO', Quantity: '4' });
    await form(page).getByRole('radio', { name: 'Cash' }).check();
    await enter(page, 'Transfer (to another account)', { ...d('28'), amount: ['Amount', '500'] });

    // Every kind was saved once (the transfer twice: securities and cash).
    const saved = page.getByRole('region', { name: 'Saved in this visit' }).getByRole('listitem');
    await expect(saved).toHaveCount(15);
    for (const kind of ['buy', 'sell', 'dividend', 'drip', 'interest', 'fee', 'withholding_tax', 'deposit', 'withdrawal', 'split', 'return_of_capital', 'fx_conversion', 'opening_position']) {
      await expect(saved.and(page.locator(`[data-kind="${kind}"]`)), kind).toHaveCount(1);
    }
    await expect(saved.and(page.locator('[data-kind="transfer"]'))).toHaveCount(2);
    await expect(saved.first()).toHaveText(/^transfer CA\$500\.00 on 2025-01-28/);
    await page.screenshot({ path: 'test-results/screens/form-saved-1280.png', fullPage: true });

    // The dashboard's holdings (all accounts): 10 − 2 + 0.01 AAPL; 5 units split 2:1.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(holding(page, 'AAPL').locator('[data-field="quantity"]')).toHaveText('8.01');
    await expect(holding(page, '0P000071W8.TO').locator('[data-field="quantity"]')).toHaveText('10');
  });

  test('refuses invalid input next to the field, stores nothing, and edits a saved transaction', async () => {
    const page = await open(context, '/add');

    await enter(page, 'Buy', { Symbol: 'AAPL', Quantity: '-1', 'Price per unit': '150', Date: '2025-01-10' }, 'refused');
    const quantity = field(page, 'Quantity');
    await expect(form(page).locator('#txn-quantity-error')).toHaveText('Quantity must be greater than zero');
    await expect(quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(quantity).toHaveAccessibleDescription(/Quantity must be greater than zero/);
    await expect(quantity).toBeFocused();

    // Selling more than is held is refused by the engine, at the quantity.
    await enter(page, 'Sell', { Symbol: 'AAPL', Quantity: '5', 'Price per unit': '150', Date: '2025-01-10', fxRate: '1.44' }, 'refused');
    await expect(form(page).locator('#txn-quantity-error')).toHaveText('selling 5 exceeds the 0 held in this account');
    await expect(form(page).locator('#txn-price-error')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Saved in this visit' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    // The empty dashboard (its wording is the dashboard's own), with no AAPL anywhere.
    await expect(page.getByText(/No holdings yet|Nothing here yet/)).toBeVisible();
    await expect(holding(page, 'AAPL')).toHaveCount(0);

    // Edit: save a buy, open it from its link, change the quantity.
    await page.getByRole('link', { name: 'Add transaction' }).click();
    await enter(page, 'Buy', { Symbol: 'AAPL', Quantity: '10', 'Price per unit': '150', Date: '2025-01-10', fxRate: '1.4352' });
    await page.getByRole('link', { name: /^Edit buy 10 AAPL/ }).click();
    await expect(page).toHaveURL(/\/add\?edit=/);
    const editUrl = page.url();
    await page.goto(editUrl); // a direct visit loads it too
    await expect(form(page)).toHaveAccessibleName('Edit transaction');
    await expect(field(page, 'Quantity')).toHaveValue('10');
    await expect(field(page, 'Currency')).toHaveValue('USD');
    await expect(field(page, /^FX rate/)).toHaveValue('1.4352');
    await field(page, 'Quantity').fill('12');
    await form(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(form(page).getByRole('status')).toHaveText('Changes saved: buy 12 AAPL on 2025-01-10.');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect(holding(page, 'AAPL').locator('[data-field="quantity"]')).toHaveText('12');
    await expect(holding(page, 'AAPL').locator('[data-field="cost"]')).toHaveText('$1,800.00');
  });

  test('suggests symbols by keyboard and detects the currency from the instrument', async () => {
    const page = await open(context, '/add');
    const symbol = field(page, 'Symbol');
    await symbol.fill('ABBV');
    const listbox = page.getByRole('listbox', { name: 'Symbol suggestions' });
    await expect(listbox.getByRole('option').first()).toContainText('ABBV');
    await expect(symbol).toHaveAttribute('aria-expanded', 'true');
    await symbol.press('ArrowDown');
    await expect(symbol).toHaveAttribute('aria-activedescendant', 'txn-symbol-option-0');
    await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    await symbol.press('ArrowDown');
    await symbol.press('ArrowUp');
    await symbol.press('Enter');
    await expect(symbol).toHaveValue('ABBV');
    await expect(symbol).toHaveAttribute('aria-expanded', 'false');
    await expect(listbox).toBeHidden();
    // Enter picked the suggestion; it did not submit the form.
    await expect(form(page).getByRole('status')).toHaveText('');
    // Escape closes the list.
    await symbol.fill('SPOT');
    await expect(listbox.getByRole('option', { name: /SPOT\.V/ })).toBeVisible();
    await symbol.press('Escape');
    await expect(listbox).toBeHidden();

    // AAPL: USD from its quote; the base currency is CAD, so the FX rate field appears,
    // left empty (never 1) because market data has no USDCAD rate.
    await symbol.fill('AAPL');
    await symbol.press('Tab');
    await expect(field(page, 'Currency')).toHaveValue('USD');
    await expect(form(page).locator('#txn-symbol-hint')).toHaveText('Apple Inc. · NMS · trades in USD (demo data)');
    const fx = field(page, 'FX rate (CAD per 1 USD)');
    await expect(fx).toBeVisible();
    await expect(form(page).locator('[data-field="fx-source"]')).toHaveText(/^No USD→CAD rate for \d{4}-\d{2}-\d{2} in market data: enter the broker’s rate\.$/);
    await expect(fx).toHaveValue('');
    await expect(fx).toHaveAccessibleDescription(/No USD→CAD rate/);
    // When the lookup itself fails (the market server answers 503), the hint stays one short
    // sentence, and the reason is one click away (a disclosure: keyboard and screen readers too).
    const history = '**/api/v1/market/history**';
    await page.context().route(history, (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'market_unavailable', message: 'Market data is unavailable: the source is failing' } }) }),
    );
    await field(page, 'Date').fill('2024-06-03');
    await expect(form(page).locator('[data-field="fx-source"]')).toHaveText('No market rate could be looked up for USD→CAD on 2024-06-03, so none is filled in: enter the broker’s rate.');
    const why = form(page).locator('[data-field="fx-source-why"]');
    await why.locator('summary').click();
    await expect(why).toContainText('could not answer the FX history request (HTTP 503): Market data is unavailable: the source is failing');
    await page.context().unroute(history);
    // The user may still change the currency: back to CAD, the FX rate goes.
    await field(page, 'Currency').fill('CAD');
    await expect(fx).toHaveCount(0);
  });

  test('typing in the form makes no long task; accessible and laid out in light and dark, narrow and wide', async () => {
    const page = await open(context, '/add');
    await field(page, 'Kind').selectOption('buy');
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    await field(page, 'Note (optional)').pressSequentially('Bought on the dip, see broker', { delay: 15 });
    await field(page, 'Note (optional)').press('!');
    await expect(field(page, 'Note (optional)')).toHaveValue('Bought on the dip, see broker!');
    // Let the observer deliver anything pending.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    expect(longTasks.filter((ms) => ms > 50)).toEqual([]);

    // With an error, the FX rate field and then the suggestions showing: the form at its busiest.
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => localStorage.setItem('folio.theme', t), theme);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(field(page, 'Account')).not.toHaveValue('');
      await enter(page, 'Buy', { Symbol: 'AAPL', Quantity: '-1', 'Price per unit': '150', Date: '2025-01-10' }, 'refused');
      for (const width of [360, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `test-results/screens/form-${theme}-${width}.png`, fullPage: true });
      }
      await field(page, 'Symbol').fill('ABBV');
      await expect(page.getByRole('listbox', { name: 'Symbol suggestions' })).toBeVisible();
      await field(page, 'Symbol').press('ArrowDown');
      await expectAccessible(page, `transaction form (${theme})`);
      await page.screenshot({ path: `test-results/screens/form-${theme}-1280-suggestions.png` });
      await field(page, 'Symbol').press('Escape');
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

