import { describe, expect, it } from 'vitest';
import { round, sum, toDecimalString, ZERO } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { addDays } from '../time/days';
import { dailySeries } from './daily-series';
import { summarizeHoldings } from './holdings-summary';
import { PriceBook } from './price-book';
import { cashTrackedAccounts, ledgerOptions, runLedger, toEngineOrder } from './run-engine';
import { fxFrom } from './test-helpers';

const start = '2024-01-01';
const fx = fxFrom({ USDCAD: Object.fromEntries(Array.from({ length: 40 }, (_, d) => [addDays(start, d), (1.3 + d / 1000).toFixed(4)])) });
const prices = new PriceBook();
for (let d = 0; d < 40; d += 1) {
  prices.set('AAA', addDays(start, d), BigInt(10 + (d % 7)) * 10n ** 18n as never);
  prices.set('UUU', addDays(start, d), BigInt(50 + (d % 5)) * 10n ** 17n as never);
}
const row = (i: number, r: Partial<TransactionRow> & Pick<TransactionRow, 'kind' | 'date'>): TransactionRow => ({ id: `r${String(i).padStart(3, '0')}`, accountId: 'a', currency: 'CAD', createdAt: '', ...r });
const rows: TransactionRow[] = [
  row(1, { kind: 'deposit', date: '2024-01-01', amount: '10000' }),
  row(2, { kind: 'buy', date: '2024-01-02', symbol: 'AAA', quantity: '100', price: '10', fee: '5' }),
  row(3, { kind: 'fx_conversion', date: '2024-01-03', amount: '3000', toCurrency: 'USD', toAmount: '2200' }),
  row(4, { kind: 'buy', date: '2024-01-04', symbol: 'UUU', currency: 'USD', quantity: '300', price: '5.1' }),
  row(5, { kind: 'transfer', date: '2024-01-10', symbol: 'AAA', quantity: '40', toAccountId: 'b' }),
  row(6, { kind: 'sell', date: '2024-01-15', accountId: 'b', symbol: 'AAA', quantity: '10', price: '14' }),
  row(7, { kind: 'split', date: '2024-01-20', symbol: 'AAA', ratio: '2:1' }),
  row(8, { kind: 'dividend', date: '2024-01-25', symbol: 'UUU', currency: 'USD', amount: '30' }),
  row(9, { kind: 'withdrawal', date: '2024-01-30', amount: '500' }),
];

describe('dailySeries', () => {
  const txs = toEngineOrder(rows);
  const options = ledgerOptions({ baseCurrency: 'CAD', method: 'fifo', fx, cashTrackedAccounts: cashTrackedAccounts(rows), priceAt: (s, d) => prices.at(s, d)?.value }, rows);
  const context = { baseCurrency: 'CAD', prices, fx };
  const scopes = [{ id: 'all' }, { id: 'a', accounts: new Set(['a']) }, { id: 'b', accounts: new Set(['b']) }];
  const series = dailySeries(txs, options, context, '2024-02-05', scopes);

  it('values every day exactly as a ledger replayed to that day and valued on its own', () => {
    for (const point of series.get('all')!.points) {
      const ledger = runLedger(txs, options, point.date);
      const summary = summarizeHoldings(ledger, point.date, context);
      const expected = (summary.totals.marketValueBase ?? ZERO) + (summary.totals.cashBase ?? ZERO);
      // The series rounds once per currency, the summary once per position: equal to 1e-12.
      expect(toDecimalString(round(point.value, 12)), point.date).toBe(toDecimalString(round(expected as never, 12)));
    }
  });

  it('counts deposits and withdrawals as flows, and a transfer between accounts only within each account', () => {
    const flowOn = (id: string, date: string) => toDecimalString(series.get(id)!.points.find((p) => p.date === date)!.flow);
    expect(flowOn('all', '2024-01-01')).toBe('10000');
    expect(flowOn('all', '2024-01-30')).toBe('-500');
    expect(flowOn('all', '2024-01-10')).toBe('0');
    // 40 AAA at that day's price (10 + 9 % 7 = 12) leave a and enter b.
    expect([flowOn('a', '2024-01-10'), flowOn('b', '2024-01-10')]).toEqual(['-480', '480']);
    const sumOf = (id: string) => sum(series.get(id)!.points.map((p) => p.value));
    expect(sumOf('a') + sumOf('b')).toBe(sumOf('all'));
    expect(series.get('all')!.gaps).toEqual([]);
  });
});
