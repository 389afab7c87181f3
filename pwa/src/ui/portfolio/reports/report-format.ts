/**
 * Formatting shared by the report panels: ratios as locale percentages (exact when they come
 * as Decimals), data gaps as sentences a person can act on, and dates for chart axes.
 */
import type { DataGap } from '../../../../../core/src/engine/types';
import { toDecimalString, type Decimal } from '../../../../../core/src/money/decimal';

/** Shown for a figure the engine withheld (null): never 0, which would be a claim. */
export const MISSING = '—';

/**
 * A ratio (0.0525 = 5.25 %) as a percentage in the locale. Decimals are formatted from their
 * exact string (Intl rounds decimal strings without a float detour); `signed` adds "+" to gains.
 */
export function formatPercent(ratio: number | Decimal | null, locale: string, { signed = false, digits = 2 } = {}): string {
  if (ratio === null || (typeof ratio === 'number' && !Number.isFinite(ratio))) return MISSING;
  const format = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
  });
  return format.format((typeof ratio === 'bigint' ? toDecimalString(ratio) : ratio) as unknown as number);
}

/** A Decimal as a float, for plotting only: figures shown as text stay exact. */
export function toPlotNumber(value: Decimal): number {
  return Number(toDecimalString(value));
}

/** 'YYYY-MM-DD' as the unix time (seconds) of that day's UTC midnight, the charts' x axis. */
export function isoDateToUnix(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 1000;
}

/** A 'YYYY-MM-DD' date in the locale's medium style, read as a calendar day (no time-zone shift). */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(isoDateToUnix(date) * 1000));
}

/**
 * Data gaps as one line each, grouped so a price missing on 300 days is one line naming the
 * first and last day rather than 300 lines. Order follows the first appearance of each group.
 */
export function describeGaps(gaps: readonly DataGap[]): string[] {
  const groups = new Map<string, { what: string; first: string; last: string; count: number }>();
  for (const gap of gaps) {
    const key = gap.kind === 'missing_price' ? `price:${gap.symbol}` : `fx:${gap.from}:${gap.to}`;
    const what = gap.kind === 'missing_price' ? `No price for ${gap.symbol}` : `No ${gap.from}→${gap.to} exchange rate`;
    const group = groups.get(key);
    if (!group) groups.set(key, { what, first: gap.date, last: gap.date, count: 1 });
    else {
      group.count += 1;
      if (gap.date < group.first) group.first = gap.date;
      if (gap.date > group.last) group.last = gap.date;
    }
  }
  return [...groups.values()].map((g) =>
    g.count === 1 ? `${g.what} on ${g.first}` : `${g.what} on ${g.count} days from ${g.first} to ${g.last}`,
  );
}

/**
 * Plot values of a valuation series. From the first day something could not be valued, the
 * engine's value leaves that holding out (it would read as a fall to zero), so the line stops
 * there: the chart shows no value rather than a wrong one.
 */
export function plottableValues(points: readonly { date: string; value: Decimal }[], gaps: readonly DataGap[]): (number | null)[] {
  const firstGap = gaps.reduce<string | null>((first, gap) => (first === null || gap.date < first ? gap.date : first), null);
  return points.map((p) => (firstGap !== null && p.date >= firstGap ? null : toPlotNumber(p.value)));
}
