/**
 * Income reporting over the ledger's `IncomeEvent`s: monthly and yearly totals, trailing
 * yield and yield on cost, and per-symbol totals. All amounts are base currency, exact.
 *
 * Classification: `dividend` and `drip` count as dividends, `interest` as interest,
 * `withholding_tax` and `fee` are kept as their own (negative) columns, and
 * `return_of_capital` is ignored entirely: it lowers cost basis, it is not income.
 */
import { add, cmp, div, ZERO, type Decimal } from '../money/decimal';
import { addDays } from '../time/days';
import type { IncomeEvent } from './types';

/** Totals for one period or symbol. `net` = dividends + interest + withholdingTax + fees
 * (the last two are negative, as the ledger signs them). */
export interface IncomeTotals {
  dividends: Decimal;
  interest: Decimal;
  withholdingTax: Decimal;
  fees: Decimal;
  net: Decimal;
  /** Events left out of the amounts above because their exchange rate is missing (never
   * counted as zero: a reader says how many a total leaves out). */
  unknown: number;
}

export interface MonthlyIncome extends IncomeTotals {
  /** 'YYYY-MM'. */
  month: string;
}

export interface YearlyIncome extends IncomeTotals {
  /** 'YYYY'. */
  year: string;
}

export interface SymbolIncome extends IncomeTotals {
  /** null for account-level events without a symbol (cash interest, account fees). */
  symbol: string | null;
}

export interface TrailingYield {
  /** Gross dividends + interest (before withholding) over the trailing 12 months. */
  income: Decimal;
  /** Payments in those months left out of `income` (and the yield): their exchange rate is missing. */
  unknown: number;
  /** income / denominator as a fraction (0.035 = 3.5 %); null when the denominator is not positive. */
  yield: Decimal | null;
}

function emptyTotals(): IncomeTotals {
  return { dividends: ZERO, interest: ZERO, withholdingTax: ZERO, fees: ZERO, net: ZERO, unknown: 0 };
}

/** Adds one event into the totals (return of capital changes nothing); one whose amount is not
 * known in the base currency is counted apart. */
function accumulate(totals: IncomeTotals, event: IncomeEvent): void {
  if (event.kind === 'return_of_capital') return;
  if (event.fxGap) {
    totals.unknown += 1;
    return;
  }
  const amount = event.amountBase;
  switch (event.kind) {
    case 'dividend':
    case 'drip':
      totals.dividends = add(totals.dividends, amount);
      break;
    case 'interest':
      totals.interest = add(totals.interest, amount);
      break;
    case 'withholding_tax':
      totals.withholdingTax = add(totals.withholdingTax, amount);
      break;
    case 'fee':
      totals.fees = add(totals.fees, amount);
      break;
  }
  totals.net = add(totals.net, amount);
}

/** Every 'YYYY-MM' from `first` to `last` inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const endYear = Number(last.slice(0, 4));
  const endMonth = Number(last.slice(5, 7));
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

const isCounted = (event: IncomeEvent): boolean => event.kind !== 'return_of_capital';

/**
 * Income per calendar month, oldest first, with a zero row for every month in the range that
 * has no events (so charts show gaps). `from`/`to` are inclusive and may be 'YYYY-MM' (whole
 * month) or 'YYYY-MM-DD' (events filtered by date; rows still cover that date's month). Without
 * them the range runs from the first to the last counted event; no events and no range gives [].
 */
export function incomeByMonth(events: readonly IncomeEvent[], from?: string, to?: string): MonthlyIncome[] {
  const lowDate = from === undefined ? undefined : from.length === 7 ? `${from}-01` : from;
  const highDate = to === undefined ? undefined : to.length === 7 ? `${to}-31` : to;
  const inRange = events.filter(
    (e) => isCounted(e) && (lowDate === undefined || e.date >= lowDate) && (highDate === undefined || e.date <= highDate),
  );
  const dates = inRange.map((e) => e.date).sort();
  const first = from ?? dates[0];
  const last = to ?? dates[dates.length - 1];
  if (first === undefined || last === undefined) return [];
  const rows = new Map<string, MonthlyIncome>();
  for (const month of monthsBetween(first.slice(0, 7), last.slice(0, 7))) rows.set(month, { month, ...emptyTotals() });
  for (const event of inRange) {
    const row = rows.get(event.date.slice(0, 7));
    if (row) accumulate(row, event);
  }
  return [...rows.values()];
}

/** Income per calendar year, oldest first, with zero rows for empty years between the first and last event. */
export function incomeByYear(events: readonly IncomeEvent[]): YearlyIncome[] {
  const counted = events.filter(isCounted);
  if (counted.length === 0) return [];
  const years = counted.map((e) => Number(e.date.slice(0, 4)));
  const rows = new Map<string, YearlyIncome>();
  for (let y = Math.min(...years); y <= Math.max(...years); y += 1) {
    const year = String(y).padStart(4, '0');
    rows.set(year, { year, ...emptyTotals() });
  }
  for (const event of counted) {
    const row = rows.get(event.date.slice(0, 4));
    if (row) accumulate(row, event);
  }
  return [...rows.values()];
}

/** Gross dividends (incl. DRIP) + interest dated in (asOf − 365 days, asOf], and how many of them have no base amount. */
function trailingIncome(events: readonly IncomeEvent[], asOf: string): { income: Decimal; unknown: number } {
  const after = addDays(asOf, -365);
  let income = ZERO;
  let unknown = 0;
  for (const e of events) {
    if (e.date <= after || e.date > asOf) continue;
    if (e.kind !== 'dividend' && e.kind !== 'drip' && e.kind !== 'interest') continue;
    if (e.fxGap) unknown += 1;
    else income = add(income, e.amountBase);
  }
  return { income, unknown };
}

function yieldOver(events: readonly IncomeEvent[], asOf: string, denominator: Decimal): TrailingYield {
  const { income, unknown } = trailingIncome(events, asOf);
  return { income, unknown, yield: cmp(denominator, ZERO) > 0 ? div(income, denominator) : null };
}

/** Trailing-12-month gross income / current market value (pass the events of the holdings valued). */
export function trailingYield(events: readonly IncomeEvent[], asOf: string, marketValueBase: Decimal): TrailingYield {
  return yieldOver(events, asOf, marketValueBase);
}

/** Trailing-12-month gross income / cost basis. */
export function yieldOnCost(events: readonly IncomeEvent[], asOf: string, costBase: Decimal): TrailingYield {
  return yieldOver(events, asOf, costBase);
}

/**
 * Totals per symbol for events dated in [from, to] (both inclusive; for a trailing year pass
 * `addDays(asOf, -364)` and `asOf`). Sorted by net income, largest first, then symbol;
 * account-level events are grouped under `symbol: null`.
 */
export function incomeBySymbol(events: readonly IncomeEvent[], from: string, to: string): SymbolIncome[] {
  const rows = new Map<string | null, SymbolIncome>();
  for (const event of events) {
    if (!isCounted(event) || event.date < from || event.date > to) continue;
    const symbol = event.symbol || null;
    let row = rows.get(symbol);
    if (!row) {
      row = { symbol, ...emptyTotals() };
      rows.set(symbol, row);
    }
    accumulate(row, event);
  }
  const order = (s: string | null): string => s ?? '\uffff';
  return [...rows.values()].sort((a, b) => cmp(b.net, a.net) || (order(a.symbol) < order(b.symbol) ? -1 : 1));
}
