import { afterEach, describe, expect, it } from 'vitest';
import { closeKits, insightKit } from '../test-portfolio';
import { isTaxable } from './tax';

afterEach(closeKits);

describe('insights: superficial losses (Canadian users)', () => {
  it('flags a loss made superficial by a buy back in a registered account of another portfolio', async () => {
    const kit = await insightKit();
    await kit.buy('XYZ.TO', '10', '100', '2025-12-01');
    await kit.sell('XYZ.TO', '10', '80', '2026-02-01');
    const other = await kit.api.createPortfolio({ name: 'Registered' });
    const tfsa = await kit.account2('TFSA', 'TFSA', other);
    await kit.buy('XYZ.TO', '10', '81', '2026-02-10', { account: tfsa });
    const found = await kit.insights('superficial-loss');
    expect(found.map((i) => [i.id, i.severity, i.title])).toEqual([['superficial-loss:XYZ.TO:2026-02-01', 'warning', 'A loss on XYZ.TO is likely superficial']]);
    expect(found[0]!.explanation).toContain('You sold XYZ.TO at a loss of $200.00 on Feb 1, 2026, and 10 units were bought within 30 days');
    expect(found[0]!.figures).toContainEqual({ label: 'Denied', value: '$200.00' });
    expect(found[0]!.link.href).toBe('/portfolio?tab=realized');
  });

  it('warns not to buy back while the window of a recent loss is open', async () => {
    const kit = await insightKit();
    await kit.buy('XYZ.TO', '10', '100', '2026-01-05');
    await kit.sell('XYZ.TO', '10', '80', '2026-03-01');
    const [open] = await kit.insights('superficial-loss');
    expect(open).toMatchObject({ id: 'superficial-loss:window:XYZ.TO:2026-03-01', severity: 'warning', title: 'Do not buy XYZ.TO back yet' });
    expect(open!.figures).toContainEqual({ label: 'Window ends', value: 'Mar 31, 2026' });
    expect(open!.actions).toEqual(['Wait until Apr 1, 2026 to buy XYZ.TO again, in any account']);
  });

  it('ignores gains, losses in registered accounts, and non-Canadian users', async () => {
    const kit = await insightKit({ accountType: 'RRSP' });
    await kit.buy('XYZ.TO', '10', '100', '2026-01-05');
    await kit.sell('XYZ.TO', '10', '80', '2026-03-01'); // in an RRSP: not a capital loss at all
    const margin = await kit.account2('Cash', 'Non-registered');
    await kit.buy('ABC.TO', '10', '100', '2026-01-05', { account: margin });
    await kit.sell('ABC.TO', '10', '120', '2026-03-01', { account: margin });
    expect(await kit.insights('superficial-loss')).toEqual([]);
    const us = await insightKit({ baseCurrency: 'USD' });
    await us.buy('XYZ', '10', '100', '2026-01-05', { currency: 'USD' });
    await us.sell('XYZ', '10', '80', '2026-03-01', { currency: 'USD' });
    expect(await us.insights('superficial-loss')).toEqual([]);
  });
});

describe('insights: tax-loss harvesting (Canadian users)', () => {
  it('lists a taxable holding whose unrealized loss passes both minimums, with the 30-day rule', async () => {
    const kit = await insightKit();
    await kit.buy('XYZ.TO', '100', '50', '2025-06-02');
    await kit.price('XYZ.TO', '40');
    const [candidate] = await kit.insights('tax-loss-harvesting');
    expect(candidate).toMatchObject({ id: 'tax-loss-harvesting:XYZ.TO', severity: 'info', title: 'XYZ.TO: a 20.0% unrealized loss you could harvest' });
    expect(candidate!.figures).toEqual([
      { label: 'Unrealized loss', value: '$1,000.00' },
      { label: 'Share of cost', value: '20.0%' },
      { label: 'Value', value: '$4,000.00' },
      { label: 'Cost', value: '$5,000.00' },
    ]);
    expect(candidate!.explanation).toContain('do not buy XYZ.TO in any account (a TFSA or RRSP included) within 30 days before or after the sale');
    expect(candidate!.actions).toEqual(['Sell XYZ.TO to realize the loss; to stay invested, buy a similar but not identical fund, and not XYZ.TO before Apr 10, 2026']);
    await kit.thresholds({ taxLossMinAmount: '1500' });
    expect(await kit.insights('tax-loss-harvesting')).toEqual([]);
    await kit.thresholds({ taxLossMinPercent: '0.25' });
    expect(await kit.insights('tax-loss-harvesting')).toEqual([]);
  });

  it('warns when a recent buy, in any account, would make the loss superficial', async () => {
    const kit = await insightKit();
    await kit.buy('XYZ.TO', '100', '50', '2025-06-02');
    const tfsa = await kit.account2('TFSA', 'TFSA');
    await kit.buy('XYZ.TO', '1', '40', '2026-03-02', { account: tfsa });
    await kit.price('XYZ.TO', '40');
    const [candidate] = await kit.insights('tax-loss-harvesting');
    expect(candidate).toMatchObject({ severity: 'warning' });
    expect(candidate!.explanation).toContain('You bought XYZ.TO on Mar 2, 2026: selling before Apr 2, 2026 would make the loss superficial.');
    expect(candidate!.explanation).not.toContain('TFSA)'); // the registered account is not a harvesting account
  });

  it('counts the ACB pooled over the taxable accounts: one account’s loss is no loss when the pool has none', async () => {
    const kit = await insightKit();
    await kit.buy('XYZ.TO', '100', '50', '2025-06-02');
    const cash = await kit.account2('Cash', 'Non-registered');
    await kit.buy('XYZ.TO', '100', '30', '2025-07-02', { account: cash });
    // Worth 40: the first account alone is 1,000 down, but every sale realizes the pool's ACB of 40 a unit.
    await kit.price('XYZ.TO', '40');
    expect(await kit.insights('tax-loss-harvesting')).toEqual([]);
    await kit.price('XYZ.TO', '32');
    const [candidate] = await kit.insights('tax-loss-harvesting');
    expect(candidate!.figures).toEqual([
      { label: 'Unrealized loss', value: '$1,600.00' },
      { label: 'Share of cost', value: '20.0%' },
      { label: 'Value', value: '$6,400.00' },
      { label: 'Cost', value: '$8,000.00' },
    ]);
  });

  it('finds nothing in registered accounts, or on gains', async () => {
    const kit = await insightKit({ accountType: 'TFSA' });
    await kit.buy('XYZ.TO', '100', '50', '2025-06-02');
    await kit.price('XYZ.TO', '40');
    expect(await kit.insights('tax-loss-harvesting')).toEqual([]);
    const gain = await insightKit();
    await gain.buy('XYZ.TO', '100', '50', '2025-06-02');
    await gain.price('XYZ.TO', '60');
    expect(await gain.insights('tax-loss-harvesting')).toEqual([]);
  });
});

describe('insights: stale and missing prices', () => {
  it('flags a price older than the limit, and a stale exchange rate', async () => {
    const kit = await insightKit();
    await kit.api.putFxRates('USDCAD', [{ date: '2025-01-02', rate: '1.40' }]);
    await kit.buy('AAPL', '10', '100', '2025-01-02', { currency: 'USD' });
    await kit.price('AAPL', '120', '2026-02-20');
    await kit.buy('RY.TO', '10', '100');
    await kit.price('RY.TO', '110');
    const found = await kit.insights('stale-price');
    expect(found.map((i) => [i.id, i.title])).toEqual([
      ['stale-price:AAPL', "AAPL's price is 18 days old"],
      ['stale-price:USDCAD', 'The USD to CAD rate is 432 days old'],
    ]);
    expect(found[0]!.figures).toEqual([
      { label: 'Price', value: 'US$120.00' },
      { label: 'Price date', value: 'Feb 20, 2026' },
      { label: 'Age', value: '18 days' },
    ]);
    await kit.api.putFxRates('USDCAD', [{ date: '2026-03-09', rate: '1.35' }]);
    await kit.thresholds({ stalePriceDays: 30 });
    expect(await kit.insights('stale-price')).toEqual([]);
  });

  it('flags a holding without any price and a missing exchange rate, and nothing when all are there', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'opening_position', accountId: kit.account.id, date: '2025-01-02', symbol: 'GONE.TO', currency: 'CAD', quantity: '10', amount: '1000' });
    await kit.buy('AAPL', '10', '100', '2026-03-02', { currency: 'USD' });
    const found = await kit.insights('missing-price');
    expect(found.map((i) => [i.id, i.title])).toEqual([
      ['missing-price:GONE.TO', 'No price for GONE.TO'],
      ['missing-price:USDCAD', 'Missing USD to CAD exchange rate'],
    ]);
    expect(found[1]!.explanation).toContain('There is no USD to CAD rate for Mar 10, 2026 or before it');
    expect(found[1]!.explanation).toContain('The rate is also missing on 1 trade date (Mar 2, 2026)');
    const result = await kit.api.getInsights({}, { benchmark: '' });
    expect(result.gaps.length).toBeGreaterThan(0);
    await kit.price('GONE.TO', '90');
    await kit.api.putFxRates('USDCAD', [{ date: '2026-03-02', rate: '1.35' }, { date: '2026-03-09', rate: '1.36' }]);
    expect(await kit.insights('missing-price')).toEqual([]);
  });
});

describe('isTaxable', () => {
  const account = (fields: { type?: string; taxable?: boolean }) => ({ id: 'a', portfolioId: 'p', name: 'x', createdAt: '', ...fields });
  it('reads the flag first, then registered plan names in English or French', () => {
    for (const type of ['TFSA', 'RRSP', 'Spousal RRSP', 'RRIF', 'FHSA', 'RESP', 'LIRA', 'CELI', 'REER', 'Compte CELI']) expect(isTaxable(account({ type }))).toBe(false);
    for (const type of ['Non-registered', 'Margin', 'Cash', undefined]) expect(isTaxable(account({ type }))).toBe(true);
    expect(isTaxable(account({ type: 'TFSA', taxable: true }))).toBe(true);
    expect(isTaxable(account({ type: 'Margin', taxable: false }))).toBe(false);
  });
});
