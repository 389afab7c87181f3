import { describe, expect, it } from 'vitest';
import { dec } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { summarizeHoldings } from './holdings-summary';
import { PriceBook } from './price-book';
import { valuePosition } from './valuation';
import { fxFrom, runLedger, str, tx } from './test-helpers';

const prices = new PriceBook();
prices.set('AAPL', '2024-07-10', dec('150'));
prices.set('MSFT', '2024-07-10', dec('400'));

const rows = (extra: TransactionRow[] = []): TransactionRow[] => [
  // Bought at the broker's own rate: the cost is known whatever the FX series holds.
  tx({ id: 'b1', kind: 'buy', date: '2024-01-02', symbol: 'AAPL', currency: 'USD', quantity: '10', price: '100', fee: '1', fxRate: '1.35' }),
  tx({ id: 'd1', kind: 'dividend', date: '2024-02-01', symbol: 'AAPL', currency: 'USD', amount: '5' }),
  tx({ id: 's1', kind: 'sell', date: '2024-03-01', symbol: 'AAPL', currency: 'USD', quantity: '4', price: '120', fee: '1' }),
  tx({ id: 'b2', kind: 'buy', date: '2024-07-02', symbol: 'MSFT', currency: 'USD', quantity: '1', price: '390', fee: '2' }),
  ...extra,
];

function summary(fxStart: string, extra: TransactionRow[] = []) {
  const fx = fxFrom({ USDCAD: { [fxStart]: '1.36' } });
  const ledger = runLedger(rows(extra), { fx, cashTrackedAccounts: new Set() });
  return summarizeHoldings(ledger, '2024-07-10', { baseCurrency: 'CAD', prices, fx });
}

const figures = (h: { realizedBase: unknown; dividendsBase: unknown; withholdingBase: unknown; commissionsBase: unknown }) =>
  [h.realizedBase, h.dividendsBase, h.withholdingBase, h.commissionsBase].map((v) => (v === null ? null : str(v as never)));

describe('holdings summary: realized gains, income and commissions in the base currency', () => {
  it('adds them up at each transaction’s rate when every rate is known', () => {
    const s = summary('2024-01-01');
    const aapl = s.holdings.find((h) => h.symbol === 'AAPL')!;
    // Sale: proceeds (480 − 1) × 1.36 = 651.44; cost 4/10 of 1,001 × 1.35 = 540.54 → gain 110.9.
    // Dividend 5 × 1.36 = 6.8. Commissions: 1 × 1.35 (buy, broker rate) + 1 × 1.36 (sale) = 2.71.
    expect(figures(aapl)).toEqual(['110.9', '6.8', '0', '2.71']);
    expect(s.totals.realizedBase === null ? null : str(s.totals.realizedBase)).toBe('110.9');
    expect(s.gaps).toEqual([]);
  });

  it('shows them as unknown, with the missing rate listed, instead of leaving the amount out', () => {
    // No USD→CAD rate before June: the dividend, the sale and the sale's commission cannot be converted.
    const s = summary('2024-06-01');
    const aapl = s.holdings.find((h) => h.symbol === 'AAPL')!;
    expect(figures(aapl)).toEqual([null, null, null, null]);
    expect(aapl.gaps).toEqual(
      expect.arrayContaining([
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-02-01' },
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-03-01' },
      ]),
    );
    // What does not depend on those rates stays known: the open position's cost (broker rate)
    // and value, and the other holding's figures.
    expect(str(aapl.costBase!)).toBe('810.81');
    expect(str(aapl.marketValueBase!)).toBe('1224');
    const msft = s.holdings.find((h) => h.symbol === 'MSFT')!;
    expect(figures(msft)).toEqual(['0', '0', '0', '2.72']);
    expect(msft.gaps).toEqual([]);
    // A total over an unknown part is unknown too.
    expect(s.totals.realizedBase).toBeNull();
    expect(s.gaps).toEqual(expect.arrayContaining([{ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-03-01' }]));
  });

  it('marks the ACB as unknown after a return of capital whose rate is missing', () => {
    const known = summary('2024-01-01', [tx({ id: 'r1', kind: 'return_of_capital', date: '2024-04-01', symbol: 'AAPL', currency: 'USD', amount: '6' })]);
    // 810.81 − 6 × 1.36 = 802.65
    expect(str(known.holdings.find((h) => h.symbol === 'AAPL')!.costBase!)).toBe('802.65');
    const missing = summary('2024-06-01', [tx({ id: 'r1', kind: 'return_of_capital', date: '2024-04-01', symbol: 'AAPL', currency: 'USD', amount: '6' })]);
    const aapl = missing.holdings.find((h) => h.symbol === 'AAPL')!;
    expect(aapl.costBase).toBeNull();
    expect(aapl.unrealizedBase).toBeNull();
    expect(aapl.gaps).toEqual(expect.arrayContaining([{ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2024-04-01' }]));
  });
});

describe('valued positions', () => {
  it('carry every field of the position they value but its lots, unchanged (they are written out field by field)', () => {
    const fx = fxFrom({ USDCAD: { '2024-01-01': '1.36' } });
    const ledger = runLedger(rows(), { fx, cashTrackedAccounts: new Set(), method: 'fifo' });
    expect(ledger.positions.size).toBe(2);
    for (const position of ledger.positions.values()) {
      const value = valuePosition(position, '2024-07-10', { baseCurrency: 'CAD', prices, fx });
      for (const [key, field] of Object.entries(position)) {
        // Lots are asked for apart (getLots): a summary crosses to the UI on every change.
        if (key === 'lots') expect(value).not.toHaveProperty('lots');
        else expect(value, key).toHaveProperty(key, field);
      }
      expect(value.price?.value).toBe(prices.at(position.symbol, '2024-07-10')!.value);
    }
  });
});
