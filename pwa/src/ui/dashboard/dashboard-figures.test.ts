import { describe, expect, it } from 'vitest';
import type { HoldingsSummary, HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import { dec, toDecimalString, ZERO } from '../../../../core/src/money/decimal';
import { dayChange, dayToUnix, gainSplit, isEmpty, staleQuotes, totalValue, valueSeries } from './dashboard-figures';
import { performanceChartData } from './performance-series';
import { testHolding } from '../../../../core/src/engine/test-holding';

function holding(over: Partial<HoldingSummary> & { symbol: string }): HoldingSummary {
  return testHolding({
    currency: 'USD',
    quantity: dec('10'),
    costLocal: dec('1500'),
    costBase: dec('2000'),
    averageCostLocal: dec('150'),
    averageCostBase: dec('200'),
    marketValueLocal: dec('2446'),
    marketValueBase: dec('3424.4'),
    unrealizedBase: dec('1424.4'),
    priceGainBase: dec('1324.4'),
    currencyGainBase: dec('100'),
    ...over,
  });
}

function summary(holdings: HoldingSummary[], totals: Partial<HoldingsSummary['totals']> = {}): HoldingsSummary {
  return {
    asOf: '2025-02-14',
    baseCurrency: 'CAD',
    holdings,
    cash: [],
    totals: { marketValueBase: dec('3424.4'), costBase: dec('2000'), cashBase: dec('100'), unrealizedBase: dec('1424.4'), realizedBase: dec('50'), ...totals },
    gaps: [],
  };
}

const s = (v: bigint | null) => (v === null ? null : toDecimalString(v as never));

describe('dashboard figures', () => {
  it('total value is holdings plus cash, and unknown when either is', () => {
    expect(s(totalValue(summary([holding({ symbol: 'AAPL' })])))).toBe('3524.4');
    expect(totalValue(summary([], { marketValueBase: null }))).toBeNull();
    expect(totalValue(summary([], { cashBase: null }))).toBeNull();
  });

  it('splits the total gain into price, currency, realized and income (net of withholding)', () => {
    const split = gainSplit(summary([holding({ symbol: 'AAPL', dividendsBase: dec('20'), withholdingBase: dec('-3') }), holding({ symbol: 'OLD', quantity: ZERO, priceGainBase: null, currencyGainBase: null, dividendsBase: dec('5') })]));
    expect(s(split.price)).toBe('1324.4');
    expect(s(split.currency)).toBe('100');
    expect(s(split.realized)).toBe('50');
    expect(s(split.income)).toBe('22');
    expect(s(split.total)).toBe('1496.4');
  });

  it('leaves the gain unknown when a held position has no price', () => {
    const split = gainSplit(summary([holding({ symbol: 'AAPL' }), holding({ symbol: 'X', priceGainBase: null })]));
    expect(split.price).toBeNull();
    expect(split.total).toBeNull();
    expect(s(split.currency)).toBe('200');
  });

  it('day change converts each quote change at the holding’s own rate', () => {
    // 10 × +2.00 USD = 20 USD; valued at 3424.4 CAD for 2446 USD (1.4 CAD/USD) → 28 CAD.
    const change = dayChange([holding({ symbol: 'AAPL', priceInfo: { source: 'fixture', demo: true, stale: false, change: '2' } })]);
    expect(s(change!.amount)).toBe('28');
    expect(change!.percent).toBeCloseTo(28 / (3424.4 - 28), 12);
    expect(change!.stale).toBe(false);
  });

  it('day change is unknown, not zero, when any open holding lacks a quote change', () => {
    const quoted = holding({ symbol: 'AAPL', priceInfo: { source: 'fixture', demo: false, stale: true, change: '-1.5' } });
    expect(dayChange([quoted, holding({ symbol: 'XEQT.TO' })])).toBeNull();
    expect(dayChange([])).toBeNull();
    // A closed holding does not count; a stale quote is flagged.
    const only = dayChange([quoted, holding({ symbol: 'OLD', quantity: ZERO })]);
    expect(s(only!.amount)).toBe('-21');
    expect(only!.stale).toBe(true);
  });

  it('lists prices that may be out of date and why', () => {
    const list = staleQuotes([
      holding({ symbol: 'A', price: { value: dec('1'), date: '2025-02-14', ageDays: 0 }, priceInfo: { source: 'yahoo', demo: false, stale: true, time: '2025-02-14T21:00:00.000Z' } }),
      holding({ symbol: 'B', price: { value: dec('1'), date: '2025-01-10', ageDays: 35 } }),
      holding({ symbol: 'C' }),
      holding({ symbol: 'D', price: { value: dec('1'), date: '2025-02-14', ageDays: 0 }, priceInfo: { source: 'yahoo', demo: false, stale: false } }),
      holding({ symbol: 'E', quantity: ZERO }),
    ]);
    expect(list).toEqual([
      { symbol: 'A', reason: 'stale', since: '2025-02-14T21:00:00.000Z' },
      { symbol: 'B', reason: 'no-quote', since: '2025-01-10' },
      { symbol: 'C', reason: 'no-price' },
    ]);
  });

  it('a summary with only closed holdings is not empty; one with nothing is', () => {
    expect(isEmpty({ ...summary([]), cash: [] })).toBe(true);
    expect(isEmpty(summary([holding({ symbol: 'OLD', quantity: ZERO })]))).toBe(false);
  });

  it('plots days at UTC midnight', () => {
    expect(dayToUnix('2025-02-14')).toBe(1739491200);
    expect(valueSeries([{ date: '2025-02-14', value: dec('2446.5'), flow: ZERO }])).toEqual({ x: [1739491200], values: [2446.5] });
  });

  it('overlays a benchmark series on the portfolio’s days, with gaps where it has none', () => {
    const series = [
      { date: '2025-02-13', value: dec('100'), flow: ZERO },
      { date: '2025-02-14', value: dec('110'), flow: ZERO },
    ];
    const base = { scope: {}, range: { from: '2025-02-12', to: '2025-02-14' }, returns: null, series, gaps: [] };
    expect(performanceChartData(base).series).toEqual([{ label: 'Portfolio', values: [100, 110] }]);
    const withBenchmark = { ...base, benchmark: { symbol: 'QQQ', twr: 0.1, sameCashFlowsValue: dec('105'), missing: [], series: [{ date: '2025-02-14', value: dec('105') }] } };
    expect(performanceChartData(withBenchmark).series[1]).toEqual({ label: 'QQQ', values: [null, 105] });
  });
});
