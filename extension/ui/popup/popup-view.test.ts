import { describe, expect, it } from 'vitest';
import type { HoldingsSummary, HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { dec, ZERO } from '../../../core/src/money/decimal';
import { buildPopupView, topHoldings } from './popup-view';
import { testHolding } from '../../../core/src/engine/test-holding';

function holding(symbol: string, quantity: string, value: string | null, extra: Partial<HoldingSummary> = {}): HoldingSummary {
  return testHolding({
    symbol,
    quantity: dec(quantity),
    ...(value === null ? {} : { price: { value: dec(value), date: '2025-02-13', ageDays: 0 } }),
    marketValueLocal: value === null ? null : dec(value),
    marketValueBase: value === null ? null : dec(value),
    ...extra,
  });
}

function summary(holdings: HoldingSummary[], marketValueBase: string | null = '100'): HoldingsSummary {
  return { asOf: '2025-02-13', baseCurrency: 'CAD', holdings, cash: [], totals: { marketValueBase: marketValueBase === null ? null : dec(marketValueBase), costBase: ZERO, cashBase: ZERO, unrealizedBase: null, realizedBase: ZERO }, gaps: [] };
}

describe('topHoldings', () => {
  it('keeps the five largest open holdings by value, unvalued last, closed ones out', () => {
    const all = [
      holding('A', '1', '10'),
      holding('B', '1', '60'),
      holding('CLOSED', '0', '0'),
      holding('C', '1', '30'),
      holding('NOPRICE', '1', null),
      holding('D', '1', '20'),
      holding('E', '1', '50'),
      holding('F', '1', '40'),
    ];
    expect(topHoldings(summary(all)).map((h) => h.symbol)).toEqual(['B', 'E', 'F', 'C', 'D']);
    expect(topHoldings(summary(all), 8).map((h) => h.symbol)).toEqual(['B', 'E', 'F', 'C', 'D', 'A', 'NOPRICE']);
  });

  it('keeps only what the ticker strip shows of a holding (no accounts, positions or costs)', () => {
    const [top] = topHoldings(summary([holding('A', '2', '10')]));
    expect(Object.keys(top!).sort()).toEqual(['currency', 'marketValueBase', 'price', 'quantity', 'symbol']);
  });
});

describe('buildPopupView', () => {
  it('gives the total, an unknown day change without quotes, and the allocation shares', () => {
    const view = buildPopupView(summary([holding('A', '1', '60'), holding('B', '1', '40')]), {
      buckets: [{ key: 'equity', label: 'Equity', value: dec('100'), weight: dec('1') }],
      missing: [],
    });
    expect(view.total).toBe(dec('100'));
    expect(view.dayChange).toBeNull(); // no quote change: unknown, never zero
    expect(view.openCount).toBe(2);
    expect(view.allocation).toEqual([{ label: 'Equity', weight: 1, value: dec('100') }]);
  });

  it('leaves the total unknown while a price is missing, and counts stale prices with the oldest time', () => {
    const stale = (time: string) => ({ priceInfo: { source: 'yahoo', demo: false, stale: true, time, change: '1' } });
    const view = buildPopupView(
      summary([holding('A', '1', '60', stale('2025-02-13T15:00:00Z')), holding('B', '1', '40', stale('2025-02-12T15:00:00Z')), holding('C', '1', null)], null),
      null,
    );
    expect(view.total).toBeNull();
    expect(view.allocation).toBeNull();
    expect(view.stale).toEqual({ count: 3, oldest: '2025-02-12T15:00:00Z' });
  });
});
