import { afterEach, describe, expect, it } from 'vitest';
import { closeKits, insightKit } from '../test-portfolio';

afterEach(closeKits);

describe('insights: cash drag', () => {
  it('flags cash above the limit with the amount to invest', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '10000' });
    await kit.buy('RY.TO', '80', '100');
    const [drag] = await kit.insights('cash-drag');
    expect(drag).toMatchObject({ id: 'cash-drag:portfolio', severity: 'warning', title: 'Cash is 20.0% of the portfolio' });
    expect(drag!.figures).toEqual([
      { label: 'Cash', value: '$2,000.00' },
      { label: 'Weight', value: '20.0%' },
      { label: 'Limit', value: '5.0%' },
    ]);
    expect(drag!.actions).toEqual(['Invest about $1,500.00 to bring cash down to 5.0%']);
    await kit.thresholds({ cashWeight: '0.25' });
    expect(await kit.insights('cash-drag')).toEqual([]);
  });

  it('leaves out cash whose exchange rate is missing, and says so (never counts it as 0)', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '10000' });
    await kit.buy('RY.TO', '80', '100');
    // US dollars with no USDCAD rate anywhere: their value in CAD is unknown.
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'USD', amount: '5000' });
    const [drag] = await kit.insights('cash-drag');
    expect(drag).toMatchObject({ title: 'Cash is 20.0% of the portfolio' });
    expect(drag!.figures[0]).toEqual({ label: 'Cash', value: '$2,000.00' });
    expect(drag!.explanation).toContain('Cash in USD is not counted: its exchange rate to CAD is missing');
    // With the rate, it is counted: 2,000 + 5,000 × 1.4 = 9,000 of 17,000.
    await kit.api.putFxRates('USDCAD', [{ date: '2025-01-01', rate: '1.4' }]);
    const [valued] = await kit.insights('cash-drag');
    expect(valued!.figures[0]).toEqual({ label: 'Cash', value: '$9,000.00' });
    expect(valued!.explanation).not.toContain('not counted');
  });

  it('finds nothing when the account records no cash or little of it', async () => {
    const kit = await insightKit();
    await kit.buy('RY.TO', '80', '100'); // funded from outside: no cash balance at all
    expect(await kit.insights('cash-drag')).toEqual([]);
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '8200' });
    expect(await kit.insights('cash-drag')).toEqual([]); // 200 of 8,200: 2.4 %
  });
});

describe('insights: fee drag', () => {
  it('adds up the trailing year’s commissions and account fees as a share of value', async () => {
    const kit = await insightKit();
    await kit.api.addTransaction({ kind: 'deposit', accountId: kit.account.id, date: '2025-01-01', currency: 'CAD', amount: '10000' });
    await kit.buy('OLD.TO', '1', '100', '2025-01-02', { fee: '500' }); // more than 12 months ago: not counted
    await kit.buy('RY.TO', '50', '100', '2025-06-02', { fee: '40' });
    await kit.api.addTransaction({ kind: 'fee', accountId: kit.account.id, date: '2025-12-31', currency: 'CAD', amount: '25' });
    const [drag] = await kit.insights('fee-drag');
    // 65 of fees on 9,435 of holdings and cash: 0.69 %; no gain over the year, so no share of gains.
    expect(drag).toMatchObject({ id: 'fee-drag:trailing-12m', severity: 'warning', title: 'Fees took 0.7% of the portfolio in 12 months' });
    expect(drag!.figures).toEqual([
      { label: 'Fees, 12 months', value: '$65.00' },
      { label: 'Commissions', value: '$40.00' },
      { label: 'Account fees', value: '$25.00' },
      { label: 'Of value', value: '0.7%' },
    ]);
    expect(drag!.link.href).toBe('/portfolio?tab=transactions');
    await kit.thresholds({ feeDragOfValue: '0.01' });
    expect(await kit.insights('fee-drag')).toEqual([]);
  });

  it('judges fees against the year’s gain too', async () => {
    const kit = await insightKit();
    await kit.buy('RY.TO', '100', '100', '2025-01-02');
    await kit.buy('RY.TO', '1', '100', '2025-06-02', { fee: '30' });
    await kit.price('RY.TO', '102'); // a gain of about 200 over the year; 30 of fees is ~15 % of it, 0.3 % of value
    const [drag] = await kit.insights('fee-drag');
    expect(drag).toMatchObject({ severity: 'warning', title: expect.stringMatching(/^Fees took 1\d\.\d% of the year's gain$/) });
    await kit.thresholds({ feeDragOfGains: '0.5' });
    expect(await kit.insights('fee-drag')).toEqual([]);
  });

  it('finds nothing without fees', async () => {
    const kit = await insightKit();
    await kit.buy('RY.TO', '100', '100', '2025-06-02');
    expect(await kit.insights('fee-drag')).toEqual([]);
  });
});

describe('insights: dividends', () => {
  async function payers() {
    const kit = await insightKit();
    await kit.buy('RY.TO', '50', '100');
    await kit.buy('TD.TO', '50', '100');
    await kit.price('RY.TO', '100');
    await kit.price('TD.TO', '100');
    const dividend = (symbol: string, amount: string, date: string) => kit.api.addTransaction({ kind: 'dividend', accountId: kit.account.id, date, symbol, currency: 'CAD', amount });
    await dividend('RY.TO', '300', '2025-11-01');
    await dividend('TD.TO', '100', '2025-11-01');
    await dividend('TD.TO', '900', '2025-02-01'); // more than 12 months ago: not counted
    return { kit, dividend };
  }

  it('flags one payer above the limit of the trailing year’s dividends', async () => {
    const { kit } = await payers();
    const [top] = await kit.insights('dividend-concentration');
    expect(top).toMatchObject({ id: 'dividend-concentration:RY.TO', severity: 'warning', title: 'RY.TO paid 75.0% of your dividends' });
    expect(top!.explanation).toContain('RY.TO paid $300.00 of your $400.00 in dividends (75.0%; limit 40.0%; 2 holdings paid dividends)');
    expect(top!.link.href).toBe('/portfolio?tab=income');
    await kit.thresholds({ dividendConcentration: '0.8' });
    expect(await kit.insights('dividend-concentration')).toEqual([]);
  });

  it('gives the portfolio’s trailing yield as information, and flags a holding whose yield is high', async () => {
    const { kit, dividend } = await payers();
    let found = await kit.insights('dividend-yield');
    expect(found.map((i) => [i.id, i.severity, i.title])).toEqual([['dividend-yield:portfolio', 'info', 'Trailing 12-month yield: 4.0%']]);
    await dividend('TD.TO', '500', '2026-02-01'); // TD.TO: 600 on 5,000 = 12 %
    found = await kit.insights('dividend-yield');
    expect(found.map((i) => [i.id, i.severity, i.title])).toEqual([
      ['dividend-yield:TD.TO', 'warning', 'TD.TO yields 12.0%'],
      ['dividend-yield:portfolio', 'warning', 'Trailing 12-month yield: 9.0%'],
    ]);
    await kit.thresholds({ dividendYieldHigh: '0.15' });
    expect((await kit.insights('dividend-yield')).map((i) => [i.id, i.severity])).toEqual([['dividend-yield:portfolio', 'info']]);
  });

  it('finds nothing without dividends', async () => {
    const kit = await insightKit();
    await kit.buy('SHOP.TO', '10', '100');
    expect(await kit.insights('dividend-yield')).toEqual([]);
    expect(await kit.insights('dividend-concentration')).toEqual([]);
  });
});
