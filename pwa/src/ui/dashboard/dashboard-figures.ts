/**
 * The dashboard's headline figures, derived from the worker's holdings summary. Each sums a few
 * exact decimals the engine already computed (no valuation happens here); a figure that depends
 * on a missing price, rate or quote change is null, so the screen shows "—", never 0.
 */
import type { HoldingsSummary, HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import type { ValuationPoint } from '../../../../core/src/engine/types';
import { add, isZero, mul, mulDiv, dec, sub, sum, toDecimalString, ZERO, type Decimal } from '../../../../core/src/money/decimal';

const allKnown = (values: (Decimal | null)[]): Decimal | null => (values.some((v) => v === null) ? null : sum(values as Decimal[]));

/** Holdings still held (closed ones stay in the summary for their realized gains and income). */
export function openHoldings(summary: HoldingsSummary): HoldingSummary[] {
  return summary.holdings.filter((h) => !isZero(h.quantity));
}

/** Nothing held and no cash: a new user, shown the call to action instead of empty figures. */
export function isEmpty(summary: HoldingsSummary): boolean {
  return openHoldings(summary).length === 0 && summary.cash.length === 0 && summary.holdings.length === 0;
}

/** Holdings plus cash, in the base currency; null while any of them cannot be valued. */
export function totalValue(summary: HoldingsSummary): Decimal | null {
  const { marketValueBase, cashBase } = summary.totals;
  return marketValueBase === null || cashBase === null ? null : add(marketValueBase, cashBase);
}

export interface GainSplit {
  /** Unrealized gain from price moves, at today's rate. */
  price: Decimal | null;
  /** Unrealized gain from the currency's move since each purchase. */
  currency: Decimal | null;
  /** Gains already taken by selling (null when a sale's FX rate is missing). */
  realized: Decimal | null;
  /** Dividends net of withholding tax (null when a payment's FX rate is missing). */
  income: Decimal | null;
  total: Decimal | null;
}

/** Total gain split into where it came from: price, currency, realized sales and income. */
export function gainSplit(summary: HoldingsSummary): GainSplit {
  const open = openHoldings(summary);
  const price = allKnown(open.map((h) => h.priceGainBase));
  const currency = allKnown(open.map((h) => h.currencyGainBase));
  const realized = summary.totals.realizedBase;
  const income = allKnown(summary.holdings.flatMap((h) => [h.dividendsBase, h.withholdingBase]));
  const total = price === null || currency === null || realized === null || income === null ? null : sum([price, currency, realized, income]);
  return { price, currency, realized, income, total };
}

export interface DayChange {
  /** In the base currency. */
  amount: Decimal;
  /** Of the value before the change; null when that value is not positive. */
  percent: number | null;
  /** Some change comes from a quote that may be out of date. */
  stale: boolean;
}

/**
 * Today's change of the holdings from each quote's change since the previous close, converted at
 * the rate the holding is valued at (market value base / local). Unknown (null) when any open
 * holding has no quote change or no value: a partial sum would look like a true figure.
 */
export function dayChange(holdings: readonly HoldingSummary[]): DayChange | null {
  let amount = ZERO;
  let before = ZERO;
  let stale = false;
  const open = holdings.filter((h) => !isZero(h.quantity));
  if (!open.length) return null;
  for (const h of open) {
    const change = h.priceInfo?.change;
    if (change === undefined || h.marketValueBase === null || h.marketValueLocal === null || isZero(h.marketValueLocal)) return null;
    const local = mul(dec(change), h.quantity);
    const base = mulDiv(local, h.marketValueBase, h.marketValueLocal);
    amount = add(amount, base);
    before = add(before, sub(h.marketValueBase, base));
    if (h.priceInfo?.stale) stale = true;
  }
  return { amount, percent: before > 0n ? ratio(amount, before) : null, stale };
}

/** a / b as a double (both carry the same scale), for percentages only. */
export function ratio(a: Decimal, b: Decimal): number {
  return Number(a) / Number(b);
}

/** A decimal as a float, for plotting only (never for a figure shown as text). */
export function toPlot(value: Decimal): number {
  return Number(toDecimalString(value));
}

/** Days as unix seconds at UTC midnight: the chart's x axis (drawn in UTC, so no day shifts). */
export function dayToUnix(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** A valuation series as chart data. */
export function valueSeries(points: readonly ValuationPoint[]): { x: number[]; values: number[] } {
  return { x: points.map((p) => dayToUnix(p.date)), values: points.map((p) => toPlot(p.value)) };
}

export interface StaleQuote {
  symbol: string;
  /** Why it may be out of date. */
  reason: 'stale' | 'no-quote' | 'no-price';
  /** The price's date or quote time. */
  since?: string;
}

/** Open holdings whose price may be out of date: a stale quote, a trade price of an earlier day, or no price at all. */
export function staleQuotes(holdings: readonly HoldingSummary[]): StaleQuote[] {
  const out: StaleQuote[] = [];
  for (const h of holdings) {
    if (isZero(h.quantity)) continue;
    if (!h.price) out.push({ symbol: h.symbol, reason: 'no-price' });
    else if (h.priceInfo?.stale) out.push({ symbol: h.symbol, reason: 'stale', ...(h.priceInfo.time ? { since: h.priceInfo.time } : {}) });
    else if (!h.priceInfo && h.price.ageDays > 0) out.push({ symbol: h.symbol, reason: 'no-quote', since: h.price.date });
  }
  return out;
}
