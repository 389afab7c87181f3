/**
 * Comparing the portfolio with a benchmark index (index levels as a `DatedSeries`).
 *
 * Index levels are looked up with the series' policy: the level on the date, else the latest
 * earlier one (weekends and holidays use the previous close). A date before the series starts, or
 * with a level that is not positive, has no usable level and is reported, never guessed.
 * Unit counts and values are exact `Decimal`s; the index return is a ratio computed as a double.
 */
import { add, div, isZero, mul, ZERO, type Decimal } from '../money/decimal';
import { DatedSeries } from '../fx/dated-series';
import { isMissingFx, type FxRates } from '../fx/fx-rates';
import { valueAt } from './returns';
import type { ValuationPoint } from './types';

export interface BenchmarkHolding {
  /** Value at `to` of the units bought; ZERO when any level is missing. */
  endValue: Decimal;
  /** Index units held at `to`; ZERO when any level is missing. */
  units: Decimal;
  /** Dates (sorted, unique) that needed an index level and had none. */
  missing: string[];
}

function levelAt(index: DatedSeries, date: string): Decimal | undefined {
  const level = index.at(date)?.value;
  return level !== undefined && level > 0n ? level : undefined;
}

/** Index return between the levels on or before `from` and `to`; null when either is missing. */
export function benchmarkTwr(index: DatedSeries, from: string, to: string): number | null {
  const start = levelAt(index, from);
  const end = levelAt(index, to);
  if (start === undefined || end === undefined) return null;
  return Number(end) / Number(start) - 1;
}

/**
 * "The same cash flows invested in the benchmark": the portfolio's value at `from` buys index units
 * at the level on `from`, each day's flow in (from, to] buys (or, negative, sells) units at that
 * day's level, and the units are valued at the level on `to`.
 * Needed levels: `to` always, `from` when the starting value is not zero, and each flow day. If any
 * is missing the result is ZERO with the missing dates listed, so the UI can say why.
 */
export function sameFlowsInBenchmark(
  points: readonly ValuationPoint[],
  index: DatedSeries,
  from: string,
  to: string,
): BenchmarkHolding {
  if (from > to) throw new RangeError(`period start ${from} is after period end ${to}`);
  const missing = new Set<string>();
  let units = ZERO;
  const buy = (date: string, amount: Decimal): void => {
    if (isZero(amount)) return;
    const level = levelAt(index, date);
    if (level === undefined) missing.add(date);
    else units = add(units, div(amount, level));
  };
  buy(from, valueAt(points, from));
  for (const point of points) {
    if (point.date > from && point.date <= to) buy(point.date, point.flow);
  }
  const endLevel = levelAt(index, to);
  if (endLevel === undefined) missing.add(to);
  if (missing.size > 0 || endLevel === undefined) {
    return { endValue: ZERO, units: ZERO, missing: [...missing].sort() };
  }
  return { endValue: mul(units, endLevel), units, missing: [] };
}

/**
 * An index in the base currency: its level on each day it has one, converted at that day's
 * rate, so a CAD investor's portfolio is compared with what buying the index in CAD would
 * have done. Days without a rate are left out (and then reported as missing levels).
 */
export function benchmarkInBase(index: DatedSeries, currency: string, baseCurrency: string, fx: FxRates): DatedSeries {
  if (currency === baseCurrency) return index;
  const converted: [string, Decimal][] = [];
  for (const [date, level] of index.entries()) {
    const quote = fx.quote(currency, baseCurrency, date);
    if (!isMissingFx(quote)) converted.push([date, mul(level, quote.rate)]);
  }
  return new DatedSeries(converted);
}

export interface BenchmarkComparison {
  symbol: string;
  /** The index's own return over the period (in the base currency). */
  twr: number | null;
  /** What the portfolio's start value and every flow would be worth invested in the index. */
  sameCashFlowsValue: Decimal | null;
  /** Dates that needed an index level and had none. */
  missing: string[];
  /**
   * Day by day, the value of the same cash flows invested in the index (for a chart beside the
   * portfolio's value); absent when a needed level is missing.
   */
  series?: { date: string; value: Decimal }[];
}

/**
 * The "same cash flows" holding valued on every valuation date in [from, to]: units bought with
 * the start value and each flow at that day's level, valued at that day's level. Undefined
 * when a needed level is missing (the comparison then lists the dates).
 */
export function sameFlowsSeries(points: readonly ValuationPoint[], index: DatedSeries, from: string, to: string): { date: string; value: Decimal }[] | undefined {
  const startLevel = levelAt(index, from);
  const startValue = valueAt(points, from);
  if (startLevel === undefined && !isZero(startValue)) return undefined;
  let units = startLevel === undefined ? ZERO : div(startValue, startLevel);
  // The start is the portfolio's own value (units × level would round it at the 18th place).
  const series: { date: string; value: Decimal }[] = startLevel === undefined ? [] : [{ date: from, value: startValue }];
  for (const point of points) {
    if (point.date <= from || point.date > to) continue;
    const level = levelAt(index, point.date);
    if (level === undefined) {
      if (!isZero(point.flow) || !isZero(units)) return undefined;
      continue;
    }
    if (!isZero(point.flow)) units = add(units, div(point.flow, level));
    series.push({ date: point.date, value: mul(units, level) });
  }
  return series;
}

/** Compares a valuation series with an index over a period, both ways the README describes. */
export function compareWithBenchmark(symbol: string, points: readonly ValuationPoint[], index: DatedSeries, from: string, to: string): BenchmarkComparison {
  const same = sameFlowsInBenchmark(points, index, from, to);
  const series = same.missing.length ? undefined : sameFlowsSeries(points, index, from, to);
  return { symbol, twr: benchmarkTwr(index, from, to), sameCashFlowsValue: same.missing.length ? null : same.endValue, missing: same.missing, ...(series ? { series } : {}) };
}
