import { describe, expect, it } from 'vitest';
import type { TransactionRow } from '../../../../core/src/model/transaction';
import { amountCell, conflictsByTransaction, dateRangeIssue, EMPTY_FILTER_FORM, newestFirst, toTransactionFilter } from './transactions-view';

const tx = (id: string, date: string, createdAt: string, over: Partial<TransactionRow> = {}): TransactionRow => ({ id, accountId: 'a', kind: 'buy', date, currency: 'CAD', createdAt, ...over });

describe('toTransactionFilter', () => {
  it('sends only what was chosen, symbols upper-case, complete dates only', () => {
    expect(toTransactionFilter('p1', EMPTY_FILTER_FORM)).toEqual({ portfolioId: 'p1' });
    expect(toTransactionFilter('p1', { kind: 'sell', symbol: ' aapl ', accountId: 'acc', from: '2025-01-01', to: '2025-01' })).toEqual({
      portfolioId: 'p1',
      kind: 'sell',
      symbol: 'AAPL',
      accountId: 'acc',
      from: '2025-01-01',
    });
  });

  it('names a reversed date range', () => {
    expect(dateRangeIssue({ ...EMPTY_FILTER_FORM, from: '2025-02-01', to: '2025-01-01' })).toMatch(/before/);
    expect(dateRangeIssue({ ...EMPTY_FILTER_FORM, from: '2025-01-01', to: '2025-01-01' })).toBeUndefined();
  });
});

describe('newestFirst', () => {
  it('orders by trade date, then by entry time, newest first', () => {
    const rows = [tx('1', '2025-01-02', '2025-03-01T00:00:00Z'), tx('2', '2025-01-05', '2025-03-01T00:00:00Z'), tx('3', '2025-01-02', '2025-03-02T00:00:00Z')];
    expect(newestFirst(rows).map((t) => t.id)).toEqual(['2', '3', '1']);
    expect(rows.map((t) => t.id)).toEqual(['1', '2', '3']);
  });
});

describe('amountCell', () => {
  it('shows the unit price of trades, the amount of cash kinds, a split ratio and both sides of a conversion', () => {
    expect(amountCell(tx('1', '2025-01-01', 'x', { price: '200', quantity: '10' }))).toEqual({ type: 'price', value: '200', currency: 'CAD' });
    expect(amountCell(tx('1', '2025-01-01', 'x', { kind: 'dividend', amount: '12.5' }))).toEqual({ type: 'amount', value: '12.5', currency: 'CAD' });
    expect(amountCell(tx('1', '2025-01-01', 'x', { kind: 'split', ratio: '2:1' }))).toEqual({ type: 'ratio', value: '2:1' });
    expect(amountCell(tx('1', '2025-01-01', 'x', { kind: 'fx_conversion', amount: '100', toAmount: '72', toCurrency: 'USD' }))).toMatchObject({ type: 'conversion', toCurrency: 'USD' });
    expect(amountCell(tx('1', '2025-01-01', 'x', { kind: 'transfer', quantity: '3' }))).toEqual({ type: 'none' });
  });
});

describe('conflictsByTransaction', () => {
  it('keeps the conflicts of this portfolio only, grouped by transaction', () => {
    const map = conflictsByTransaction(
      {
        status: { state: 'signed_out' } as never,
        conflicts: [
          { portfolioId: 'p1', transactionId: 't1', message: 'sells more than held' },
          { portfolioId: 'p1', transactionId: 't1', message: 'second' },
          { portfolioId: 'p2', transactionId: 't2', message: 'other portfolio' },
        ],
      },
      'p1',
    );
    expect([...map.keys()]).toEqual(['t1']);
    expect(map.get('t1')).toEqual(['sells more than held', 'second']);
    expect(conflictsByTransaction(null, 'p1').size).toBe(0);
  });
});
