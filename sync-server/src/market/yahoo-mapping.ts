/**
 * Pure mapping from yahoo-finance2 results to the provider-neutral types (no I/O).
 * Currency always comes from the response; numbers become decimal strings via numbers.ts.
 */
import type { ChartResultArray } from 'yahoo-finance2/modules/chart';
import type { SearchResult as YahooSearchResult } from 'yahoo-finance2/modules/search';
import type { History, Quote, SearchResult } from './provider';
import { ProviderError } from './provider';
import { calendarDate, numberToDecimalString, shiftPointLeft } from './numbers';

/**
 * Yahoo quotes London and Johannesburg listings in minor units (pence "GBp"/"GBX", cents
 * "ZAc", agorot "ILA"). Amounts are converted to the major currency here, once, so that
 * nothing downstream mistakes 7,412 pence for £7,412.
 */
const MINOR_UNITS: Record<string, string> = { GBp: 'GBP', GBX: 'GBP', ZAc: 'ZAR', ZAC: 'ZAR', ILA: 'ILS' };

/** The ISO currency of `currency` and how to express an amount in it. */
export function majorUnit(currency: string): { currency: string; amount: (decimal: string) => string } {
  const major = MINOR_UNITS[currency];
  return major ? { currency: major, amount: (d) => shiftPointLeft(d, 2) } : { currency: currency.toUpperCase(), amount: (d) => d };
}

/** The fields shared by a /v7 quote and a quoteSummary `price` module that we use. */
export interface PriceFields {
  symbol?: string;
  longName?: string | null;
  shortName?: string | null;
  regularMarketPrice?: number;
  regularMarketPreviousClose?: number;
  regularMarketChange?: number;
  /** Percent units on /v7 quote (1.27 = 1.27 %), a fraction on quoteSummary price (0.0127). */
  regularMarketChangePercent?: number;
  regularMarketTime?: Date;
  currency?: string | null;
  exchange?: string;
  marketState?: string;
  quoteType?: string;
}

const decimalOrUndefined = (value: number | null | undefined, float32 = false) =>
  typeof value === 'number' ? numberToDecimalString(value, { float32 }) : undefined;

/** True when a /v7 entry has what a Quote needs, with a price above zero (others are treated like unknown symbols). */
export function isUsableQuote(q: PriceFields): boolean {
  // Yahoo answers 0 for instruments it lists but does not price (some funds, halted lines).
  return typeof q.regularMarketPrice === 'number' && q.regularMarketPrice > 0 && !!q.currency && !!q.symbol;
}

/** A /v7 quote or quoteSummary price object → Quote (changePercent must already be in percent). */
export function mapQuote(q: PriceFields, source: string, context: string): Quote {
  if (!q.symbol || typeof q.regularMarketPrice !== 'number' || !q.currency) {
    throw new ProviderError('invalid_response', `${context}: quote without symbol, price or currency`);
  }
  const time = q.regularMarketTime;
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
    throw new ProviderError('invalid_response', `${context}: ${q.symbol} has no regularMarketTime`);
  }
  const name = q.longName ?? q.shortName ?? undefined;
  const unit = majorUnit(q.currency);
  const previousClose = decimalOrUndefined(q.regularMarketPreviousClose);
  const change = decimalOrUndefined(q.regularMarketChange);
  return {
    symbol: q.symbol,
    ...(name ? { name } : {}),
    price: unit.amount(numberToDecimalString(q.regularMarketPrice)),
    ...(previousClose === undefined ? {} : { previousClose: unit.amount(previousClose) }),
    ...(change === undefined ? {} : { change: unit.amount(change) }),
    ...(typeof q.regularMarketChangePercent === 'number' ? { changePercent: q.regularMarketChangePercent } : {}),
    currency: unit.currency,
    ...(q.exchange ? { exchange: q.exchange } : {}),
    ...(q.marketState ? { marketState: q.marketState } : {}),
    time: time.toISOString(),
    ...(q.quoteType ? { quoteType: q.quoteType } : {}),
    source,
  };
}

/**
 * A daily chart → History. Dates are trading days in the exchange's time zone; closes are
 * float32 in Yahoo's store, printed as the shortest decimal of that float32 (numbers.ts).
 * Bars without a close (holidays Yahoo pads with nulls) are dropped.
 */
export function mapChart(chart: ChartResultArray, context: string): History {
  const { currency, exchangeTimezoneName, gmtoffset, symbol } = chart.meta;
  if (!currency) throw new ProviderError('invalid_response', `${context}: no currency in chart meta`);
  const day = (date: Date) => calendarDate(date, exchangeTimezoneName, gmtoffset);
  const unit = majorUnit(currency);
  return {
    symbol,
    currency: unit.currency,
    bars: chart.quotes.flatMap((bar) => {
      const close = decimalOrUndefined(bar.close, true);
      if (close === undefined) return [];
      const adjClose = decimalOrUndefined(bar.adjclose, true);
      return [{ date: day(bar.date), close: unit.amount(close), ...(adjClose === undefined ? {} : { adjClose: unit.amount(adjClose) }) }];
    }),
    dividends: (chart.events?.dividends ?? []).map((d) => ({
      date: day(d.date),
      amount: unit.amount(numberToDecimalString(d.amount, { float32: true })),
    })),
    splits: (chart.events?.splits ?? []).map((s) => ({ date: day(s.date), ratio: `${s.numerator}:${s.denominator}` })),
  };
}

/** Yahoo search hits → SearchResult[] (news, nav and non-Yahoo hits are dropped). */
export function mapSearch(result: YahooSearchResult): SearchResult[] {
  return result.quotes.flatMap((hit) => {
    if (!hit.isYahooFinance || typeof hit.symbol !== 'string') return [];
    const item = hit as { symbol: string; longname?: string; shortname?: string; exchange?: string; quoteType?: string };
    const name = item.longname ?? item.shortname;
    return [{
      symbol: item.symbol,
      ...(name ? { name } : {}),
      ...(item.exchange ? { exchange: item.exchange } : {}),
      ...(item.quoteType ? { quoteType: item.quoteType } : {}),
    }];
  });
}
