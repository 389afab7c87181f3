/**
 * Reporting periods ("1M", "YTD", a custom range…) resolved to the valuation dates they run
 * between. A period is the half-open interval (from, to]: `from` is the end-of-day valuation the
 * period starts from, and the flows and returns of the days after it up to `to` are what it measures.
 */
import { addDays, fromEpochDay, toEpochDay } from '../time/days';

export type PeriodKey = '1D' | '1W' | '1M' | '3M' | '6M' | 'YTD' | '1Y' | '3Y' | '5Y' | 'ALL';

export interface DateRange {
  from: string;
  to: string;
}

export const PERIOD_KEYS: readonly PeriodKey[] = ['1D', '1W', '1M', '3M', '6M', 'YTD', '1Y', '3Y', '5Y', 'ALL'];

const MONTHS: Partial<Record<PeriodKey, number>> = { '1M': 1, '3M': 3, '6M': 6, '1Y': 12, '3Y': 36, '5Y': 60 };

/** True for a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromEpochDay(toEpochDay(value)) === value;
}

function requireDate(value: string, what: string): void {
  if (!isIsoDate(value)) throw new Error(`${what} "${value}" is not a valid YYYY-MM-DD date`);
}

/**
 * The same day `months` calendar months earlier, clamped to the end of a shorter month
 * (2026-03-31 minus 1 month is 2026-02-28; 2024-02-29 minus 12 months is 2023-02-28).
 */
export function subtractMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  const day = Number(date.slice(8, 10));
  const total = year * 12 + month - months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const mm = String(targetMonth + 1).padStart(2, '0');
  const dd = String(Math.min(day, lastDay)).padStart(2, '0');
  return `${String(targetYear).padStart(4, '0')}-${mm}-${dd}`;
}

/**
 * Resolves a period to `{from, to}` as of `asOf` for a portfolio whose first data is on `firstDate`.
 *
 * - 1D/1W: 1 or 7 days back; 1M…5Y: calendar months back, clamping month ends;
 *   YTD: December 31 of the previous year; ALL: the day before `firstDate`.
 * - `from` is never earlier than the day before `firstDate` (so the first flow is inside the
 *   period), and never later than `to` (a period ending before any data is empty: from = to).
 * - A custom range is validated (real dates, from <= to) and clamped the same way.
 *
 * @throws Error naming the problem when a date is malformed or a custom range is reversed.
 */
export function resolvePeriod(period: PeriodKey | DateRange, asOf: string, firstDate: string): DateRange {
  requireDate(firstDate, 'first date');
  let from: string;
  let to: string;
  if (typeof period === 'object') {
    requireDate(period.from, 'period start');
    requireDate(period.to, 'period end');
    if (period.from > period.to) {
      throw new Error(`period start ${period.from} is after period end ${period.to}`);
    }
    ({ from, to } = period);
  } else {
    requireDate(asOf, 'as-of date');
    to = asOf;
    from = namedStart(period, asOf, firstDate);
  }
  const earliest = addDays(firstDate, -1);
  if (from < earliest) from = earliest;
  if (from > to) from = to;
  return { from, to };
}

function namedStart(period: PeriodKey, asOf: string, firstDate: string): string {
  switch (period) {
    case '1D':
      return addDays(asOf, -1);
    case '1W':
      return addDays(asOf, -7);
    case 'YTD':
      return `${String(Number(asOf.slice(0, 4)) - 1).padStart(4, '0')}-12-31`;
    case 'ALL':
      return addDays(firstDate, -1);
    default: {
      const months = MONTHS[period];
      if (months === undefined) throw new Error(`unknown period "${String(period)}"`);
      return subtractMonths(asOf, months);
    }
  }
}
