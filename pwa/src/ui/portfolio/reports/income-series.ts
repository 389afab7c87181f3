/**
 * Monthly income as bar-chart series over a chosen window: the last 12 months or a calendar
 * year. The engine's rows run from the first to the last payment; here every month of the
 * window gets a bar (zero when nothing was paid), so quiet months show as gaps, and only the
 * kinds that occur become series, so a chart of dividends alone is not cluttered.
 */
import type { MonthlyIncome, YearlyIncome } from '../../../../../core/src/engine/income';
import { isZero, ZERO } from '../../../../../core/src/money/decimal';
import { toPlotNumber } from './report-format';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/** 'last12' (the 12 months ending this month) or a calendar year 'YYYY'. */
export type IncomeWindow = 'last12' | string;

const KINDS = [
  { field: 'dividends', label: 'Dividends' },
  { field: 'interest', label: 'Interest' },
  { field: 'withholdingTax', label: 'Withholding tax' },
  { field: 'fees', label: 'Fees' },
] as const;

/** The month `n` months after 'YYYY-MM' (n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  const year = Math.floor(total / 12);
  return `${String(year).padStart(4, '0')}-${String(total - year * 12 + 1).padStart(2, '0')}`;
}

/** 'YYYY-MM' as a short month label in the locale ("Jan 2025"). */
export function monthLabel(month: string, locale: string): string {
  const at = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(at);
}

/** First and last month of a window, as of `currentMonth` ('YYYY-MM'). */
export function windowMonths(window: IncomeWindow, currentMonth: string): { from: string; to: string } {
  return window === 'last12' ? { from: shiftMonth(currentMonth, -11), to: currentMonth } : { from: `${window}-01`, to: `${window}-12` };
}

/**
 * The window to open on: the last 12 months when anything was paid in them, else the latest
 * year with income (an old dividend should not open on an empty chart).
 */
export function defaultIncomeWindow(byMonth: readonly MonthlyIncome[], byYear: readonly YearlyIncome[], currentMonth: string): IncomeWindow {
  const { from } = windowMonths('last12', currentMonth);
  if (byMonth.some((row) => row.month >= from && row.month <= currentMonth && !isZero(row.net))) return 'last12';
  const latest = [...byYear].reverse().find((row) => !isZero(row.net)) ?? byYear.at(-1);
  return latest?.year ?? 'last12';
}

/** Labels for every month of the window and one series per kind present in it (withholding and
 * fees stay negative), and how many payments in the window are left out (no exchange rate). */
export function monthlyIncomeChart(byMonth: readonly MonthlyIncome[], locale: string, range: { from: string; to: string }): { labels: string[]; series: ChartSeries[]; unknown: number } {
  const known = new Map(byMonth.map((row) => [row.month, row]));
  const rows: MonthlyIncome[] = [];
  for (let m = range.from; m <= range.to; m = shiftMonth(m, 1)) {
    rows.push(known.get(m) ?? { month: m, dividends: ZERO, interest: ZERO, withholdingTax: ZERO, fees: ZERO, net: ZERO, unknown: 0 });
  }
  const series = KINDS.filter((kind) => rows.some((row) => !isZero(row[kind.field]))).map((kind) => ({
    label: kind.label,
    values: rows.map((row) => toPlotNumber(row[kind.field])),
  }));
  return { labels: rows.map((row) => monthLabel(row.month, locale)), series, unknown: rows.reduce((n, row) => n + row.unknown, 0) };
}
