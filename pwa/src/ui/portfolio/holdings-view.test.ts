import { describe, expect, it } from 'vitest';
import type { HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import { dec, toDecimalString, ZERO } from '../../../../core/src/money/decimal';
import { filterHoldingRows, nextSort, sortHoldingRows, toCashRows, toHoldingRows } from './holdings-view';
import { testHolding } from '../../../../core/src/engine/test-holding';

function holding(symbol: string, over: Partial<HoldingSummary> = {}): HoldingSummary {
  return testHolding({
    symbol,
    costLocal: dec('100'),
    costBase: dec('100'),
    averageCostLocal: dec('100'),
    averageCostBase: dec('100'),
    marketValueLocal: dec('100'),
    marketValueBase: dec('100'),
    unrealizedBase: ZERO,
    priceGainBase: ZERO,
    currencyGainBase: ZERO,
    ...over,
  });
}

const str = (d: bigint | null) => (d === null ? null : toDecimalString(d as never));

describe('toHoldingRows', () => {
  it('derives the unrealized gain in the holding currency and the day change from the quote', () => {
    const aapl = holding('AAPL', {
      currency: 'USD',
      quantity: dec('10'),
      costLocal: dec('2004.95'),
      marketValueLocal: dec('2446'),
      marketValueBase: null,
      priceInfo: { source: 'fixture', demo: true, stale: false, change: '-1.25', changePercent: -0.51 },
    });
    const [row] = toHoldingRows([aapl]);
    expect(str(row!.unrealizedLocal)).toBe('441.05');
    expect(str(row!.unrealizedFraction)?.slice(0, 8)).toBe('0.219980');
    expect(str(row!.dayChangeLocal)).toBe('-12.5');
    expect(row!.dayChangePercent).toBe(-0.51);
  });

  it('keeps unknown figures unknown (never zero) and leaves out closed holdings', () => {
    const rows = toHoldingRows([holding('X', { marketValueLocal: null }), holding('GONE', { quantity: ZERO })]);
    expect(rows.map((r) => r.holding.symbol)).toEqual(['X']);
    expect(rows[0]!.unrealizedLocal).toBeNull();
    expect(rows[0]!.unrealizedFraction).toBeNull();
    expect(rows[0]!.dayChangeLocal).toBeNull();
  });
});

describe('filterHoldingRows', () => {
  const rows = toHoldingRows([holding('AAPL'), holding('XEQT.TO'), holding('QQQ')], new Map([['XEQT.TO', 'iShares Core Equity ETF Portfolio']]));
  it('matches symbol or name, ignoring case and spaces around', () => {
    expect(filterHoldingRows(rows, ' aap ').map((r) => r.holding.symbol)).toEqual(['AAPL']);
    expect(filterHoldingRows(rows, 'equity').map((r) => r.holding.symbol)).toEqual(['XEQT.TO']);
    expect(filterHoldingRows(rows, '')).toHaveLength(3);
    expect(filterHoldingRows(rows, 'zzz')).toHaveLength(0);
  });
});

describe('sortHoldingRows', () => {
  const rows = toHoldingRows([
    holding('B', { marketValueBase: dec('500') }),
    holding('A', { marketValueBase: null }),
    holding('C', { marketValueBase: dec('2000') }),
    holding('D', { marketValueBase: dec('500') }),
  ]);
  const symbols = (key: 'value' | 'symbol', direction: 'ascending' | 'descending') => sortHoldingRows(rows, { key, direction }).map((r) => r.holding.symbol);

  it('sorts by base value, unknown values last in either direction, ties by symbol', () => {
    expect(symbols('value', 'descending')).toEqual(['C', 'B', 'D', 'A']);
    expect(symbols('value', 'ascending')).toEqual(['B', 'D', 'C', 'A']);
  });

  it('sorts text columns by text', () => {
    expect(symbols('symbol', 'descending')).toEqual(['D', 'C', 'B', 'A']);
  });

  it('compares decimals exactly, not as floats', () => {
    const close = toHoldingRows([holding('P', { quantity: dec('0.100000000000000001') }), holding('Q', { quantity: dec('0.1') })]);
    expect(sortHoldingRows(close, { key: 'quantity', direction: 'descending' }).map((r) => r.holding.symbol)).toEqual(['P', 'Q']);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts figures descending, text ascending', () => {
    expect(nextSort({ key: 'value', direction: 'descending' }, 'value')).toEqual({ key: 'value', direction: 'ascending' });
    expect(nextSort({ key: 'value', direction: 'descending' }, 'weight')).toEqual({ key: 'weight', direction: 'descending' });
    expect(nextSort({ key: 'value', direction: 'descending' }, 'symbol')).toEqual({ key: 'symbol', direction: 'ascending' });
  });
});

describe('toCashRows', () => {
  it('sums cash per currency and weighs it over everything valued, so weights add up', () => {
    const holdings = [holding('X', { marketValueBase: dec('4800') }), holding('Y', { marketValueBase: dec('457.89') }), holding('U', { marketValueBase: null })];
    const cash = [
      { accountId: 'a', currency: 'CAD', amount: dec('300'), amountBase: dec('300'), gaps: [] },
      { accountId: 'b', currency: 'CAD', amount: dec('2'), amountBase: dec('2'), gaps: [] },
      { accountId: 'a', currency: 'USD', amount: dec('10'), amountBase: null, gaps: [] },
      { accountId: 'a', currency: 'EUR', amount: ZERO, amountBase: ZERO, gaps: [] },
    ];
    const rows = toCashRows({ holdings, cash });
    expect(rows.map((r) => r.currency)).toEqual(['CAD', 'USD']);
    expect(str(rows[0]!.amount)).toBe('302');
    expect(str(rows[0]!.weight)?.slice(0, 6)).toBe('0.0543');
    expect(rows[1]!.amountBase).toBeNull();
    expect(rows[1]!.weight).toBeNull();
  });
});
