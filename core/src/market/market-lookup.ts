import { z } from 'zod';
import type { PortfolioEngine } from '../api/portfolio-engine';
import type { FolioDb } from '../db/database';
import type { FxRateRow, PriceRow } from '../db/rows';
import { CoreError } from '../errors';
import { currencyField, isoDateField } from '../model/transaction-schema';
import { dec, div, ONE, round, toDecimalString } from '../money/decimal';
import { marketPair } from './fx-pairs';
import { MarketRequestError, type MarketClient } from './market-client';
import { fxSymbol, historyResponseSchema, quotesResponseSchema, searchResponseSchema, SYMBOL_PATTERN, type HistoryResponse } from './market-protocol';

/** One search hit, as the transaction form lists it. */
export interface SymbolMatch {
  symbol: string;
  name?: string;
  exchange?: string;
  /** EQUITY, ETF, MUTUALFUND, OPTION, CURRENCY… as the source reports it. */
  type?: string;
}

/** What the market knows about an instrument: above all the currency it trades in. */
export interface InstrumentInfo {
  symbol: string;
  /** ISO 4217, from the instrument's quote (not guessed from a suffix). */
  currency: string;
  name?: string;
  exchange?: string;
  type?: string;
  demo: boolean;
}

/**
 * A broker-style FX rate for a day: the `to` value of one `from` (the transaction `fxRate`
 * convention), or why there is none. Never a made-up 1.
 */
export type FxRateLookup =
  | {
      found: true;
      from: string;
      to: string;
      /** The market pair it came from (EURUSD); `inverted` when `from`/`to` run the other way. */
      pair: string;
      inverted: boolean;
      rate: string;
      /** The trading day of the close used: the day asked for, or the last one before it. */
      date: string;
      source: string;
      demo: boolean;
    }
  | { found: false; from: string; to: string; date: string; reason: string };

/** Server search accepts 1–64 characters. */
export const MAX_SEARCH_LENGTH = 64;

/** What {@link MarketLookup.loadHistory} stored: `bars: 0` when the source has none for the range. */
export interface HistoryLoad {
  symbol: string;
  from: string;
  to: string;
  bars: number;
  currency?: string;
  demo?: boolean;
}

const historyRequest = z.object({
  symbol: z.string().trim().toUpperCase().regex(SYMBOL_PATTERN, { message: 'A symbol is 1–24 letters, digits or . - = ^' }),
  from: isoDateField,
  to: isoDateField,
});
/** Inverse rates are rounded here: ten places is far finer than any broker quotes. */
const INVERSE_PLACES = 10;
/** When the day asked for has no close (a weekend, a holiday), look this far back. */
export const FX_LOOKBACK_DAYS = 10;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * History windows to ask for a rate on `date`, narrowest first: the day before to the day after
 * (history is [from, to)), so the common case is one small request the server caches by day;
 * then a lookback over weekends and holidays.
 */
export function fxHistoryWindows(date: string): { from: string; to: string }[] {
  return [
    { from: addDays(date, -1), to: addDays(date, 1) },
    { from: addDays(date, -FX_LOOKBACK_DAYS), to: addDays(date, 1) },
  ];
}

/** The last close on or before `date` (sources may return the `to` day too), or undefined. */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function closeOnOrBefore(bars: HistoryResponse['bars'], date: string): { date: string; close: string } | undefined {
  let best: { date: string; close: string } | undefined;
  // A close of zero or below, or a bar without a real date, is a broken bar: never a rate.
  for (const bar of bars) if (ISO_DAY.test(bar.date) && Number(bar.close) > 0 && bar.date <= date && (!best || bar.date > best.date)) best = bar;
  return best;
}

/** The `to` value of one `from`, from the market pair's close (inverted when the pair runs the other way). */
export function brokerRate(pairClose: string, inverted: boolean): string {
  return inverted ? toDecimalString(round(div(ONE, dec(pairClose)), INVERSE_PLACES)) : toDecimalString(dec(pairClose));
}

const fxRequest = z.object({ from: currencyField('From currency'), to: currencyField('To currency'), date: isoDateField });

function parseInput<T extends z.ZodType>(schema: T, input: unknown, label: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || 'input', message: i.message }));
  throw new CoreError('invalid_input', `${label} refused: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

export interface MarketLookupDeps {
  db: FolioDb;
  engine: PortfolioEngine;
  client: MarketClient;
  /** Called after a fetched rate changed the cache and the engine (the API pushes to watchers). */
  onApplied: () => void;
}

/**
 * Market lookups for data entry: symbol search, the instrument's currency, and the FX rate of a
 * trade date. Every answer is validated against the protocol; a rate fetched for a date is also
 * stored in the FX cache (it values that day's holdings as well as prefilling the form).
 */
export class MarketLookup {
  constructor(private readonly deps: MarketLookupDeps) {}

  async searchSymbols(query: string): Promise<SymbolMatch[]> {
    const q = query.trim().slice(0, MAX_SEARCH_LENGTH);
    if (!q) return [];
    const answer = await this.deps.client.request(`/api/v1/market/search?q=${encodeURIComponent(q)}`, 'search', searchResponseSchema);
    return answer.results.map((r) => ({
      symbol: r.symbol,
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.exchange !== undefined ? { exchange: r.exchange } : {}),
      ...(r.quoteType !== undefined ? { type: r.quoteType } : {}),
    }));
  }

  /** The instrument's quote details; null when the source has no quote for the symbol. */
  async lookupInstrument(symbol: string): Promise<InstrumentInfo | null> {
    const wanted = symbol.trim().toUpperCase();
    if (!SYMBOL_PATTERN.test(wanted)) throw new CoreError('invalid_input', `"${symbol}" is not a market symbol`, [{ field: 'symbol', message: 'A symbol is 1–24 letters, digits or . - = ^' }]);
    const answer = await this.deps.client.request(`/api/v1/market/quotes?symbols=${encodeURIComponent(wanted)}`, 'quote', quotesResponseSchema);
    const quote = answer.quotes.find((q) => q.symbol.toUpperCase() === wanted);
    if (!quote) return null;
    return {
      symbol: wanted,
      currency: quote.currency.toUpperCase(),
      ...(quote.name !== undefined ? { name: quote.name } : {}),
      ...(quote.exchange !== undefined ? { exchange: quote.exchange } : {}),
      ...(quote.quoteType !== undefined ? { type: quote.quoteType } : {}),
      demo: answer.demo,
    };
  }

  /**
   * The rate on `date`, or on the last trading day before it, from the pair's daily history.
   * "Not found" (no history, no close in the lookback) is an answer; an unreachable or refusing
   * server is an error.
   */
  async getFxRate(from: string, to: string, date: string): Promise<FxRateLookup> {
    const valid = parseInput(fxRequest, { from, to, date }, 'FX rate request');
    if (valid.from === valid.to) throw new CoreError('invalid_input', 'An FX rate needs two different currencies', [{ field: 'to', message: 'Same currency as "from"' }]);
    const pair = marketPair(valid.from, valid.to);
    const inverted = pair !== valid.from + valid.to;
    let history: HistoryResponse | undefined;
    let close: { date: string; close: string } | undefined;
    for (const window of fxHistoryWindows(valid.date)) {
      try {
        history = await this.deps.client.request(`/api/v1/market/history?symbol=${encodeURIComponent(fxSymbol(pair))}&from=${window.from}&to=${window.to}`, 'FX history', historyResponseSchema);
      } catch (error) {
        // 404: the source has nothing for this window; a wider one may have it.
        if (error instanceof MarketRequestError && error.httpStatus === 404) continue;
        throw error;
      }
      close = closeOnOrBefore(history.bars, valid.date);
      if (close) break;
    }
    if (!close || !history) {
      return { found: false, from: valid.from, to: valid.to, date: valid.date, reason: `No ${pair} rate in market data on or in the ${FX_LOOKBACK_DAYS} days before ${valid.date}` };
    }
    await this.store({ pair, date: close.date, rate: toDecimalString(dec(close.close)), source: history.provider, fetchedAt: history.fetchedAt, stale: history.stale, demo: history.demo, currency: pair.slice(3) });
    return { found: true, from: valid.from, to: valid.to, pair, inverted, rate: brokerRate(close.close, inverted), date: close.date, source: history.provider, demo: history.demo };
  }

  /**
   * Daily closes of `symbol` for [from, to) from the proxy into the price cache and the engine —
   * how a benchmark index gets levels to compare with. Days that already have a row keep it (a
   * live quote's row keeps its time and metadata). Not found is an answer (`bars: 0`).
   */
  async loadHistory(symbol: string, from: string, to: string): Promise<HistoryLoad> {
    const valid = parseInput(historyRequest, { symbol, from, to }, 'History request');
    if (valid.from >= valid.to) throw new CoreError('invalid_input', '"from" must be before "to"', [{ field: 'from', message: 'Must be before "to"' }]);
    let history: HistoryResponse;
    try {
      history = await this.deps.client.request(`/api/v1/market/history?symbol=${encodeURIComponent(valid.symbol)}&from=${valid.from}&to=${valid.to}`, 'history', historyResponseSchema);
    } catch (error) {
      if (error instanceof MarketRequestError && error.httpStatus === 404) return { symbol: valid.symbol, from: valid.from, to: valid.to, bars: 0 };
      throw error;
    }
    const { db, engine } = this.deps;
    await engine.ready();
    const rows: PriceRow[] = history.bars
      .filter((bar) => Number(bar.close) > 0)
      .map((bar) => ({ symbol: valid.symbol, date: bar.date, price: toDecimalString(dec(bar.close)), source: history.provider, fetchedAt: history.fetchedAt, demo: history.demo, currency: history.currency }));
    const existing = new Set((await db._prices.where('symbol').equals(valid.symbol).primaryKeys()).map((key) => key[1]));
    const fresh = rows.filter((row) => !existing.has(row.date));
    await db._prices.bulkPut(fresh);
    for (const row of fresh) engine.setMarketPrice(row.symbol, row.date, row.price);
    if (fresh.length) this.deps.onApplied();
    return { symbol: valid.symbol, from: valid.from, to: valid.to, bars: rows.length, currency: history.currency, demo: history.demo };
  }

  /**
   * Into the FX cache and the engine, as quotes are (quote-cache.ts), unless that day already
   * has a rate there (a live quote's row keeps its time and metadata).
   */
  private async store(row: FxRateRow): Promise<void> {
    const { db, engine } = this.deps;
    await engine.ready();
    if (await db._fx.get([row.pair, row.date])) return;
    await db._fx.put(row);
    engine.setFxRate(row.pair, row.date, row.rate);
    for (const id of engine.portfoliosTradingSince(row.date)) engine.rebuildPortfolio(id);
    this.deps.onApplied();
  }
}
