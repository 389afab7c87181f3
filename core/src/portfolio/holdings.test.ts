import { describe, expect, it } from 'vitest';
import type { TransactionRow } from '../db/rows';
import { toDecimalString } from '../money/decimal';
import { computeHoldings } from './holdings';

function buy(id: string, symbol: string, quantity: string, price: string, fee = '0', currency = 'USD', date = '2026-01-05'): TransactionRow {
  return { id, accountId: 'a', kind: 'buy', date, symbol, currency, quantity, price, fee, createdAt: '2026-01-05T00:00:00Z' };
}

describe('computeHoldings', () => {
  it('sums buys into quantity, cost with commissions, and average cost', () => {
    const [aapl] = computeHoldings([buy('1', 'AAPL', '10', '150', '1'), buy('2', 'AAPL', '5', '160.5', '0.99')]);
    expect(aapl && toDecimalString(aapl.quantity)).toBe('15');
    expect(aapl && toDecimalString(aapl.cost)).toBe('2304.49');
    expect(aapl && toDecimalString(aapl.averageCost)).toBe('153.632666666666666667');
  });

  it('keeps one holding per symbol and currency, sorted by symbol', () => {
    const holdings = computeHoldings([buy('1', 'XEQT.TO', '1', '30', '0', 'CAD'), buy('2', 'AAPL', '1', '1'), buy('3', 'AAPL', '1', '1', '0', 'CAD')]);
    expect(holdings.map((h) => `${h.symbol}/${h.currency}`)).toEqual(['AAPL/CAD', 'AAPL/USD', 'XEQT.TO/CAD']);
  });

  it('gives the same result whatever order rows arrive in', () => {
    const rows = [buy('1', 'A', '1.5', '10'), buy('2', 'B', '2', '3', '1'), buy('3', 'A', '0.25', '12', '0', 'USD', '2025-01-01')];
    const forward = computeHoldings(rows);
    const backward = computeHoldings([...rows].reverse());
    expect(backward).toEqual(forward);
  });

  it('holds nothing without transactions', () => {
    expect(computeHoldings([])).toEqual([]);
  });
});
