import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolioDb } from '../db/database';
import type { HoldingsSummary } from '../engine/holdings-summary';
import { CoreError } from '../errors';
import { toDecimalString, toFixed } from '../money/decimal';
import { createCoreApi } from './create-core-api';

const fixedNow = () => new Date('2026-03-10T15:00:00');
const opened: FolioDb[] = [];

async function freshApi() {
  const db = new FolioDb(`test-${crypto.randomUUID()}`);
  opened.push(db);
  const api = createCoreApi({ db, now: fixedNow });
  const portfolio = await api.createPortfolio({ name: 'Main', costBasisMethod: 'average' });
  const account = await api.createAccount({ portfolioId: portfolio.id, name: 'Margin' });
  return { db, api, portfolio, account };
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const holding = (summary: HoldingsSummary, symbol: string) => summary.holdings.find((h) => h.symbol === symbol);

describe('core api: transactions', () => {
  it('adds a buy and reads back the holding, with the commission in the cost', async () => {
    const { api, account } = await freshApi();
    const row = await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: ' aapl ', currency: 'usd', quantity: '10', price: '150.00', fee: '1' });
    expect(row).toMatchObject({ symbol: 'AAPL', currency: 'USD', quantity: '10', price: '150', fee: '1', accountId: account.id });
    const aapl = holding(await api.getHoldings(), 'AAPL')!;
    expect([toDecimalString(aapl.quantity), toDecimalString(aapl.costLocal)]).toEqual(['10', '1501']);
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    const { api, db, account } = await freshApi();
    const error = (await api
      .addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-11', symbol: '', currency: 'XXY', quantity: '-1', price: 'abc' })
      .catch((e: unknown) => e)) as CoreError;
    expect(error).toBeInstanceOf(CoreError);
    // The future date is named too, not only once the other fields are right.
    expect(error.issues.map((i) => i.field).sort()).toEqual(['currency', 'date', 'price', 'quantity', 'symbol']);
    const future = (await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-11', symbol: 'A', currency: 'USD', quantity: '1', price: '1' }).catch((e: unknown) => e)) as CoreError;
    expect(future.issues).toEqual([{ field: 'date', message: 'Date 2026-03-11 is in the future (today is 2026-03-10)' }]);
    await expect(api.addTransaction({ kind: 'split', accountId: account.id, date: '2026-03-01', currency: 'CAD', symbol: 'X', ratio: '0:1' })).rejects.toMatchObject({ issues: [{ field: 'ratio' }] });
    expect(await db.transactions.count()).toBe(0);
  });

  it('refuses a sale of more than is held, a duplicate external id, and an unknown account — storing nothing', async () => {
    const { api, db, account } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '5', externalId: 'ext-1' });
    const oversell = (await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-01-03', symbol: 'X', currency: 'CAD', quantity: '11', price: '5' }).catch((e: unknown) => e)) as CoreError;
    expect(oversell.message).toMatch(/sell X on 2026-01-03 \(.+\) refused: selling 11 exceeds the 10 held/);
    await expect(api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-04', symbol: 'X', currency: 'CAD', quantity: '1', price: '5', externalId: 'ext-1' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(api.addTransaction({ kind: 'buy', accountId: 'nope', date: '2026-01-04', symbol: 'X', currency: 'CAD', quantity: '1', price: '5' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.transactions.count()).toBe(1);
    expect(toDecimalString(holding(await api.getHoldings(), 'X')!.quantity)).toBe('10');
  });

  it('recomputes cash when a deposit turns cash tracking on for an account, and off when it is deleted', async () => {
    const { api, account } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '10' });
    const cash = async () => (await api.getHoldings()).cash.map((c) => toDecimalString(c.amount));
    expect(await cash()).toEqual([]); // funded from outside: an implicit deposit
    const deposit = await api.addTransaction({ kind: 'deposit', accountId: account.id, date: '2026-01-03', currency: 'CAD', amount: '50' });
    expect(await cash()).toEqual(['-50']); // the account records cash now: the buy drew 100 of it
    await api.deleteTransaction(deposit.id);
    expect(await cash()).toEqual([]);
  });

  it('refuses deleting or shrinking a buy that a later sale needs', async () => {
    const { api, db, account } = await freshApi();
    const buy = await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '5' });
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-02-02', symbol: 'X', currency: 'CAD', quantity: '8', price: '6' });
    await expect(api.deleteTransaction(buy.id)).rejects.toThrow(/exceeds the 0 held/);
    await expect(api.updateTransaction(buy.id, { kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '5', price: '5' })).rejects.toThrow(/exceeds the 5 held/);
    expect((await db.transactions.get(buy.id))!.quantity).toBe('10');
    const edited = await api.updateTransaction(buy.id, { kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '12', price: '5' });
    expect(edited.quantity).toBe('12');
    expect(toDecimalString(holding(await api.getHoldings(), 'X')!.quantity)).toBe('4');
  });

  it('refuses deleting an account whose transfer out another account later sold from, deleting nothing', async () => {
    const { api, db, portfolio, account } = await freshApi();
    const tfsa = await api.createAccount({ portfolioId: portfolio.id, name: 'TFSA' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '5' });
    await api.addTransaction({ kind: 'transfer', accountId: account.id, toAccountId: tfsa.id, date: '2026-01-05', symbol: 'X', currency: 'CAD', quantity: '10' });
    const sale = await api.addTransaction({ kind: 'sell', accountId: tfsa.id, date: '2026-02-02', symbol: 'X', currency: 'CAD', quantity: '4', price: '6' });
    await expect(api.deleteAccount(account.id)).rejects.toMatchObject({ code: 'conflict', ref: sale.id, message: expect.stringMatching(/would break another account's history: sell X on 2026-02-02 .* exceeds the 0 held/) });
    expect(await db.accounts.get(account.id)).toBeDefined();
    expect(await db.transactions.where('accountId').equals(account.id).count()).toBe(2);
    expect(toDecimalString(holding(await api.getHoldings(), 'X')!.quantity)).toBe('6');
    // Once the sale is gone, nothing depends on the account.
    await api.deleteTransaction(sale.id);
    await api.deleteAccount(account.id);
    expect(await db.transactions.count()).toBe(0);
  });
});

describe('core api: reports', () => {
  it('recomputes the holdings’ realized gains when the cost-basis method changes; the tax report stays at ACB', async () => {
    const { api, account, portfolio } = await freshApi();
    for (const [date, quantity, price] of [['2026-01-02', '10', '100'], ['2026-01-05', '10', '120']] as const) {
      await api.addTransaction({ kind: 'buy', accountId: account.id, date, symbol: 'VFV', currency: 'CAD', quantity, price });
    }
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-02-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '130' });
    const realized = async () => toDecimalString(holding(await api.getHoldings(), 'VFV')!.realizedBase!);
    const taxGain = async () => toDecimalString((await api.getRealizedGains()).years[0]!.gain);
    expect([await realized(), await taxGain()]).toEqual(['200', '200']); // average 110
    await api.updatePortfolio(portfolio.id, { costBasisMethod: 'fifo' });
    expect([await realized(), await taxGain()]).toEqual(['300', '200']);
    await api.updatePortfolio(portfolio.id, { costBasisMethod: 'lifo' });
    expect([await realized(), await taxGain()]).toEqual(['100', '200']);
  });

  it('reports gains at the ACB pooled over the portfolio’s taxable accounts, a TFSA’s sales apart', async () => {
    const { api, account, portfolio } = await freshApi();
    const second = await api.createAccount({ portfolioId: portfolio.id, name: 'Cash', type: 'Individual cash' });
    const tfsa = await api.createAccount({ portfolioId: portfolio.id, name: 'TFSA', type: 'TFSA' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '100' });
    await api.addTransaction({ kind: 'buy', accountId: second.id, date: '2026-01-05', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '120' });
    await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-01-05', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '50' });
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-02-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '130' });
    await api.addTransaction({ kind: 'sell', accountId: tfsa.id, date: '2026-02-03', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '130' });
    // The margin account's own average is 100 (holdings show a 300 gain); the tax pool's is 110.
    const [year] = (await api.getRealizedGains({ portfolioId: portfolio.id })).years;
    expect(year!.dispositions.map((d) => [d.accountId, toDecimalString(d.costBase), toDecimalString(d.gainBase)])).toEqual([
      [account.id, '1100', '200'],
      [tfsa.id, '500', '800'],
    ]);
    expect([toDecimalString(year!.gain), year!.registeredSales]).toEqual(['200', 1]);
    // Scoped to one account: its sales, still at the pooled ACB; the CSV export says the same.
    const [own] = (await api.getRealizedGains({ accountId: account.id })).years;
    expect(own!.dispositions.map((d) => toDecimalString(d.costBase))).toEqual(['1100']);
    expect((await api.exportRealizedGainsCsv({ accountId: account.id })).split('\r\n')[1]).toMatch(/^2026-02-02,Margin,VFV,CAD,10,1300,1100,1300,1100,200,200,0,sale,/);
    // What is held now at that ACB: the second account's 10 units at the pool's 110, the TFSA's none.
    const acbNow = async (scope: Parameters<typeof api.getRealizedGains>[0]) =>
      (await api.getRealizedGains(scope)).acbNow.map((r) => [r.portfolioId, r.symbol, toDecimalString(r.quantity), toDecimalString(r.acb!), toDecimalString(r.acbPerUnit!)]);
    expect(await acbNow({ portfolioId: portfolio.id })).toEqual([[portfolio.id, 'VFV', '10', '1100', '110']]);
    expect(await acbNow({ accountId: second.id })).toEqual([[portfolio.id, 'VFV', '10', '1100', '110']]);
    expect(await acbNow({ accountId: account.id })).toEqual([]);
    expect(await acbNow({ accountId: tfsa.id })).toEqual([]);
    // Each portfolio is one taxpayer's: another portfolio's VFV is a pool of its own.
    const other = await api.createPortfolio({ name: 'Spouse', costBasisMethod: 'average' });
    const spouse = await api.createAccount({ portfolioId: other.id, name: 'Margin' });
    await api.addTransaction({ kind: 'buy', accountId: spouse.id, date: '2026-01-05', symbol: 'VFV', currency: 'CAD', quantity: '4', price: '90' });
    expect(await acbNow({})).toEqual([
      [portfolio.id, 'VFV', '10', '1100', '110'],
      [other.id, 'VFV', '4', '360', '90'],
    ]);
  });

  it('values a transfer in kind into a TFSA at that day’s market price, not an old one', async () => {
    const { api, account, portfolio } = await freshApi();
    const tfsa = await api.createAccount({ portfolioId: portfolio.id, name: 'TFSA', type: 'TFSA' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '100' });
    await api.putPrices('VFV', [{ date: '2026-01-05', price: '110' }]);
    await api.addTransaction({ kind: 'transfer', accountId: account.id, toAccountId: tfsa.id, date: '2026-01-20', symbol: 'VFV', currency: 'CAD', quantity: '5' });
    const deemed = async () => (await api.getRealizedGains()).years[0]!.dispositions.find((d) => d.reason === 'transfer_to_registered')!;
    // A close 15 days old is not the day's market value: the deemed sale is not known.
    expect((await deemed()).priceGap).toEqual({ kind: 'missing_price', symbol: 'VFV', date: '2026-01-20' });
    // A close four days before (over a long weekend) serves.
    await api.putPrices('VFV', [{ date: '2026-01-16', price: '90' }]);
    const known = await deemed();
    expect([known.priceGap, toDecimalString(known.proceedsBase), toDecimalString(known.gainBase), toDecimalString(known.deniedLoss!)]).toEqual([undefined, '450', '-50', '50']);
  });

  it('builds the checkpoints a full recompute leaves out after answering, between requests', async () => {
    const { api, account, portfolio } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '100' });
    const ledger = () => api.engine.ledger(portfolio.id);
    await vi.waitFor(() => expect(ledger().needsCheckpoints).toBe(false));
    // A method change recomputes in full and answers at once; the checkpoints follow in a later task.
    await api.updatePortfolio(portfolio.id, { costBasisMethod: 'fifo' });
    api.engine.rebuildPortfolio(portfolio.id);
    expect(ledger().needsCheckpoints).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ledger().needsCheckpoints).toBe(false);
    expect(toDecimalString(holding(await api.getHoldings(), 'VFV')!.costLocal)).toBe('1000');
  });

  it('shows open lots: kept by FIFO, derived (FIFO) for information under average cost', async () => {
    const { api, account, portfolio } = await freshApi();
    const first = await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '100' });
    const second = await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-05', symbol: 'VFV', currency: 'CAD', quantity: '10', price: '120' });
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-02-02', symbol: 'VFV', currency: 'CAD', quantity: '15', price: '130' });
    const lots = async () => (await api.getLots({ portfolioId: portfolio.id }, 'VFV')).map((l) => [l.id, toDecimalString(l.quantity), toDecimalString(l.costBase)]);
    expect(await lots()).toEqual([[second.id, '5', '600']]);
    // A lot as the API describes it, nothing of the engine's own bookkeeping.
    const [lot] = await api.getLots({ portfolioId: portfolio.id }, 'VFV');
    expect(Object.keys(lot!).sort()).toEqual(['accountId', 'costBase', 'costLocal', 'date', 'fxGap', 'id', 'quantity', 'symbol']);
    await api.updatePortfolio(portfolio.id, { costBasisMethod: 'lifo' });
    expect(await lots()).toEqual([[first.id, '5', '500']]);
  });

  it('values holdings in the base currency from cached prices and FX, and shows what is missing', async () => {
    const { api, account } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100' });
    const before = await api.getHoldings();
    expect(holding(before, 'AAPL')!.marketValueBase).toBeNull();
    expect(before.gaps).toContainEqual({ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2026-03-02' });
    await api.putFxRates('USDCAD', [{ date: '2026-03-02', rate: '1.35' }, { date: '2026-03-09', rate: '1.40' }]);
    await api.putPrices('AAPL', [{ date: '2026-03-09', price: '110' }]);
    const after = holding(await api.getHoldings(), 'AAPL')!;
    expect([toFixed(after.costBase!, 2), toFixed(after.marketValueBase!, 2), toFixed(after.priceGainBase!, 2), toFixed(after.currencyGainBase!, 2)]).toEqual(['1350.00', '1540.00', '140.00', '50.00']);
    expect(after.price).toMatchObject({ date: '2026-03-09', ageDays: 1 });
  });

  it('reports performance, income, allocation and rebalancing for a portfolio', async () => {
    const { api, account, portfolio } = await freshApi();
    await api.addTransaction({ kind: 'deposit', accountId: account.id, date: '2026-01-02', currency: 'CAD', amount: '10000' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'XEQT', currency: 'CAD', quantity: '200', price: '30' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'ZAG', currency: 'CAD', quantity: '300', price: '13' });
    await api.addTransaction({ kind: 'dividend', accountId: account.id, date: '2026-02-27', symbol: 'XEQT', currency: 'CAD', amount: '25' });
    await api.putPrices('XEQT', [{ date: '2026-03-09', price: '33' }]);
    await api.putPrices('ZAG', [{ date: '2026-03-09', price: '13' }]);
    await api.upsertInstrument({ id: 'XEQT', assetClass: 'equity' });
    await api.upsertInstrument({ id: 'ZAG', assetClass: 'fixed_income' });

    const performance = await api.getPerformance({ portfolioId: portfolio.id }, 'ALL');
    // 10,000 in; holdings 6,600 + 3,900, cash 100 − ... : end value 10,625 → simple and TWR 6.25%.
    expect(toDecimalString(performance.returns!.endValue)).toBe('10625');
    expect(performance.returns!.twr).toBeCloseTo(0.0625, 10);
    expect(performance.gaps).toEqual([]);

    // Holding level: XEQT's dividend is paid out of the holding (a flow out at the start of its day):
    // 6,000 → 6,000 with −25 out (+25/5,975), then 6,000 → 6,600 (+10%).
    const xeqt = await api.getPerformance({ portfolioId: portfolio.id, symbol: 'XEQT' }, 'ALL');
    expect(xeqt.returns!.twr).toBeCloseTo(1.1 * (6000 / 5975) - 1, 10);

    // Against an index that went 100 → 104 over the same days: 10,000 deposited on day one.
    await api.putPrices('XIU', [{ date: '2026-01-01', price: '100' }, { date: '2026-03-09', price: '104' }]);
    const compared = await api.getPerformance({ portfolioId: portfolio.id }, 'ALL', 'XIU');
    expect(compared.benchmark).toMatchObject({ symbol: 'XIU', missing: [] });
    expect(compared.benchmark!.twr).toBeCloseTo(0.04, 10);
    expect(toFixed(compared.benchmark!.sameCashFlowsValue!, 2)).toBe('10400.00');

    const income = await api.getIncome({ portfolioId: portfolio.id });
    expect(income.byMonth.find((m) => m.month === '2026-02')!.dividends).toBe(25n * 10n ** 18n);

    const allocation = await api.getAllocation({ portfolioId: portfolio.id }, 'assetClass');
    expect(allocation.buckets.map((b) => [b.key, toDecimalString(b.value)])).toEqual([['equity', '6600'], ['fixed_income', '3900'], ['cash', '125']]);

    await expect(api.setTargets(portfolio.id, [{ key: 'equity', by: 'assetClass', weight: '0.5' }])).rejects.toMatchObject({ code: 'invalid_input' });
    await api.setTargets(portfolio.id, [{ key: 'equity', by: 'assetClass', weight: '0.6' }, { key: 'fixed_income', by: 'assetClass', weight: '0.4' }]);
    const plan = await api.getRebalance(portfolio.id, '1000');
    // Water-filling: fixed income (3,900 / 0.4 = 9,750) is filled to equity's level (6,600 / 0.6 = 11,000)
    // with 500; the other 500 splits 60/40. Fixed income +700, equity +300.
    expect(plan.missing).toEqual([]);
    const buys = Object.fromEntries(plan.buyOnly!.trades.map((t) => [t.key, toFixed(t.amount, 2)]));
    expect(buys).toEqual({ fixed_income: '700.00', equity: '300.00' });

    // A holding whose value is unknown (no EUR→CAD rate) would make every weight wrong: the plan is withheld and says why.
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-05', symbol: 'SAP.DE', currency: 'EUR', quantity: '2', price: '200' });
    const withheld = await api.getRebalance(portfolio.id, '1000');
    // (The EUR the purchase took is cash of unknown value too.)
    expect(withheld).toEqual({ missing: ['SAP.DE', 'CASH:EUR'], drift: [], buyOnly: null, full: null });
  });

  it('measures returns per account (a cash transfer is a flow) and over all portfolios (merged day by day)', async () => {
    const { api, account: margin, portfolio } = await freshApi();
    const tfsa = await api.createAccount({ portfolioId: portfolio.id, name: 'TFSA' });
    const kids = await api.createPortfolio({ name: 'Kids', costBasisMethod: 'average' });
    const resp = await api.createAccount({ portfolioId: kids.id, name: 'RESP' });
    await api.addTransaction({ kind: 'deposit', accountId: margin.id, date: '2026-01-02', currency: 'CAD', amount: '10000' });
    await api.addTransaction({ kind: 'buy', accountId: margin.id, date: '2026-01-02', symbol: 'XEQT', currency: 'CAD', quantity: '200', price: '30' });
    await api.addTransaction({ kind: 'transfer', accountId: margin.id, toAccountId: tfsa.id, date: '2026-02-02', currency: 'CAD', amount: '2000' });
    await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-02-02', symbol: 'ZAG', currency: 'CAD', quantity: '100', price: '13' });
    await api.addTransaction({ kind: 'deposit', accountId: resp.id, date: '2026-02-02', currency: 'CAD', amount: '1000' });
    await api.addTransaction({ kind: 'buy', accountId: resp.id, date: '2026-02-02', symbol: 'ZAG', currency: 'CAD', quantity: '50', price: '13' });
    await api.putPrices('XEQT', [{ date: '2026-01-02', price: '30' }, { date: '2026-02-02', price: '31.5' }, { date: '2026-03-09', price: '33' }]);
    await api.putPrices('ZAG', [{ date: '2026-02-02', price: '13' }, { date: '2026-03-09', price: '14' }]);
    const returns = async (scope: Parameters<typeof api.getPerformance>[0]) => (await api.getPerformance(scope, 'ALL')).returns!;

    // Margin: 10,000 → 10,300 on Feb 2 before the 2,000 leaves at the day's start (10,000 − 2,000
    // → 8,300: ×1.0375), then 8,300 → 8,600. The transfer out is the account's flow.
    const marginReturns = await returns({ accountId: margin.id });
    expect(marginReturns.twr).toBeCloseTo(1.0375 * (8600 / 8300) - 1, 12);
    expect([toDecimalString(marginReturns.netFlows), toDecimalString(marginReturns.gain)]).toEqual(['8000', '600']);
    // TFSA: 2,000 arrives and buys ZAG at 13 (2,000 at the day's end), then 1,400 + 700.
    const tfsaReturns = await returns({ accountId: tfsa.id });
    expect(tfsaReturns.twr).toBeCloseTo(0.05, 12);
    expect([toDecimalString(tfsaReturns.netFlows), toDecimalString(tfsaReturns.gain)]).toEqual(['2000', '100']);
    // The portfolio: the transfer is internal, no flow; 10,000 → 10,300 → 10,700.
    const main = await returns({ portfolioId: portfolio.id });
    expect(main.twr).toBeCloseTo(0.07, 12);
    expect(toDecimalString(main.netFlows)).toBe('10000');
    // All portfolios: the RESP's 1,000 is a flow into the whole on Feb 2: (11,300 / 11,000) × (11,750 / 11,300).
    const all = await returns({});
    expect(all.twr).toBeCloseTo(11750 / 11000 - 1, 12);
    expect([toDecimalString(all.endValue), toDecimalString(all.netFlows), toDecimalString(all.gain)]).toEqual(['11750', '11000', '750']);
  });

  it('pushes fresh results to watchers after every change', async () => {
    const { api, account } = await freshApi();
    const seen: string[][] = [];
    const id = await api.watch({ kind: 'holdings', scope: {} }, (result) => seen.push((result as HoldingsSummary).holdings.map((h) => `${h.symbol}:${toDecimalString(h.quantity)}`)));
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-01', symbol: 'VFV.TO', currency: 'CAD', quantity: '3', price: '120' });
    await expect.poll(() => seen.at(-1)).toEqual(['VFV.TO:3']);
    await api.unwatch(id);
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-01', symbol: 'VFV.TO', currency: 'CAD', quantity: '1', price: '120' });
    await new Promise((r) => setTimeout(r, 30));
    expect(seen.at(-1)).toEqual(['VFV.TO:3']);
  });
});

describe('core api: import, export, backup', () => {
  const questrade = readFileSync(new URL('../../../../shared/fixtures/questrade/export/SYNTHETIC_activities-export.csv', import.meta.url), 'utf8');

  it('imports a Questrade export into a new account, skips it the second time, and computes it', async () => {
    const { api } = await freshApi();
    const first = await api.commitImport({ text: questrade, format: 'questrade' });
    expect(first).toEqual({ imported: 11, duplicates: 0 });
    const again = await api.commitImport({ text: questrade, format: 'questrade' });
    expect(again).toEqual({ imported: 0, duplicates: 11 });
    const accounts = await api.listAccounts();
    expect(accounts.map((a) => a.name)).toContain('Questrade 55500001');
    const summary = await api.getHoldings();
    expect(toDecimalString(holding(summary, 'MSFT')!.quantity)).toBe('3');
  });

  it('imports a Questrade export on a fresh device: its portfolio is created with the import', async () => {
    const db = new FolioDb(`test-${crypto.randomUUID()}`);
    opened.push(db);
    const api = createCoreApi({ db, now: fixedNow });
    expect(await api.listPortfolios()).toEqual([]);
    expect(await api.commitImport({ text: questrade, format: 'questrade' })).toEqual({ imported: 11, duplicates: 0 });
    const [portfolio] = await api.listPortfolios();
    expect(portfolio).toMatchObject({ name: 'My portfolio', costBasisMethod: 'average' });
    expect((await api.listAccounts(portfolio!.id)).map((a) => a.name)).toEqual(['Questrade 55500001']);
    expect(await db.portfolios.count()).toBe(1);
  });

  it('refuses a whole generic CSV when one row is bad, naming the line', async () => {
    const { api, db, account } = await freshApi();
    const csv = 'Date,Action,Symbol,Quantity,Price,Currency\n2026-01-02,Buy,XEQT,10,30,CAD\n2026-01-03,Buy,XEQT,abc,30,CAD\n';
    const preview = await api.previewImport({ text: csv, format: 'generic', accountId: account.id });
    expect(preview.errors).toEqual([{ line: 3, issues: [expect.objectContaining({ field: 'quantity' })] }]);
    await expect(api.commitImport({ text: csv, format: 'generic', accountId: account.id })).rejects.toThrow(/line 3/);
    expect(await db.transactions.count()).toBe(0);
  });

  it('round-trips everything through a JSON backup, and a bad backup changes nothing', async () => {
    const { db, api, account } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '5' });
    await api.updateSettings({ baseCurrency: 'USD', defaultCostBasisMethod: 'fifo', locale: 'fr-CA', insightThresholds: { holdingWeight: '0.3' } });
    const review = { id: 'qtr-1', accountId: account.id, source: 'questrade', externalId: 'k1', date: '2026-01-05', reason: 'Corporate action: record it by hand', raw: '{}', status: 'dismissed' as const, createdAt: '2026-01-06T00:00:00.000Z' };
    await db.importReviews.put(review);
    const backup = await api.exportBackup();
    const other = await freshApi();
    expect(await other.api.restoreBackup(backup)).toEqual({ transactions: 1 });
    // Imported rows kept for review (and the user's decision on them) travel too.
    expect(await other.db.importReviews.toArray()).toEqual([review]);
    expect(toDecimalString(holding(await other.api.getHoldings(), 'X')!.quantity)).toBe('10');
    // The settings travel with it.
    expect(await other.api.getSettings()).toMatchObject({ baseCurrency: 'USD', defaultCostBasisMethod: 'fifo', locale: 'fr-CA', insightThresholds: { holdingWeight: '0.3' } });

    const broken = JSON.parse(backup) as { tables: { transactions: Record<string, unknown>[] } };
    broken.tables.transactions.push({ ...broken.tables.transactions[0], id: 'sell-too-much', kind: 'sell', quantity: '99', date: '2026-01-03' });
    await expect(api.restoreBackup(JSON.stringify(broken))).rejects.toThrow(/selling 99 exceeds/);
    expect(await api.listTransactions()).toHaveLength(1);
    await expect(api.restoreBackup('{not json')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('exports transactions, holdings and realized gains as CSV', async () => {
    const { api, account } = await freshApi();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '5' });
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-01-05', symbol: 'X', currency: 'CAD', quantity: '4', price: '6' });
    expect((await api.exportTransactionsCsv()).split('\n')).toHaveLength(3 + 0);
    expect(await api.exportHoldingsCsv()).toMatch(/Margin,X,CAD,6,30,30/);
    expect(await api.exportRealizedGainsCsv()).toMatch(/2026-01-05,Margin,X,CAD,4/);
  });

  it('reports realized gains per tax year over taxable accounts, and a loss bought back in a TFSA as superficial', async () => {
    const { api, portfolio, account } = await freshApi();
    const tfsa = await api.createAccount({ portfolioId: portfolio.id, name: 'TFSA', type: 'TFSA' });
    const other = await api.createPortfolio({ name: 'Registered', costBasisMethod: 'average' });
    const rrsp = await api.createAccount({ portfolioId: other.id, name: 'RRSP', type: 'RRSP' });
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '50' });
    const loss = await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-02-02', symbol: 'X', currency: 'CAD', quantity: '10', price: '40' });
    await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-01-10', symbol: 'Y', currency: 'CAD', quantity: '10', price: '10' });
    await api.addTransaction({ kind: 'sell', accountId: tfsa.id, date: '2026-02-10', symbol: 'Y', currency: 'CAD', quantity: '10', price: '30' });
    // Bought back within 30 days, in an RRSP of another portfolio: the loss is still superficial.
    const again = await api.addTransaction({ kind: 'buy', accountId: rrsp.id, date: '2026-02-20', symbol: 'X', currency: 'CAD', quantity: '10', price: '41' });
    const result = await api.getRealizedGains({ portfolioId: portfolio.id });
    const [year] = result.years;
    expect([toDecimalString(year!.gain), toDecimalString(year!.deniedLoss), year!.registeredSales, toDecimalString(year!.registeredGain), year!.dispositions.length]).toEqual(['-100', '100', 1, '200', 2]);
    expect(result.superficialLosses.map((f) => [f.transactionId, f.acquisitionIds])).toEqual([[loss.id, [again.id]]]);
    expect(result.registeredAccounts).toEqual([tfsa.id]);
  });

  it('exports what a missing exchange rate leaves unknown as empty cells, never zeros', async () => {
    const { api, account } = await freshApi();
    // No USD→CAD rates at all: the base-currency cost, proceeds and gain are not known.
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100' });
    await api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-01-05', symbol: 'AAPL', currency: 'USD', quantity: '4', price: '120' });
    expect((await api.exportHoldingsCsv()).split('\r\n')[1]).toBe('Margin,AAPL,USD,6,600,,720,,');
    expect((await api.exportRealizedGainsCsv()).split('\r\n')[1]).toMatch(/^2026-01-05,Margin,AAPL,USD,4,480,400,,,,,,sale,[^,]+,no USD→CAD exchange rate on 2026-01-0[25],$/);
    const [year] = (await api.getRealizedGains()).years;
    expect([year!.unknownSales, toDecimalString(year!.gain)]).toEqual([1, '0']);
  });
});
