/**
 * Yahoo Finance market data over yahoo-finance2 (v3), with an injectable `fetch`.
 *
 * - quotes: /v7/finance/quote in batches of `maxBatch`. If a batch is refused as not found (only
 *   fixture replays do that; live Yahoo omits unknown symbols), symbols are retried one by one.
 *   Symbols still missing fall back to /v10 quoteSummary `price` (currency from `price.currency`).
 * - history: one /v8/finance/chart request (daily, events div|split|earn), range [from, to).
 * - Session: yahoo-finance2 keeps the crumb in module-global state shared by all instances; a
 *   crumb-needing call refused with auth_failed (e.g. 401 "Invalid Crumb") resets it and is retried once.
 * - Mapping to neutral types is in yahoo-mapping.ts; error classification in yahoo-errors.ts.
 */
import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import type { History, MarketDataProvider, Quote, SearchResult } from './provider';
import { isProviderError, ProviderError } from './provider';
import { isIsoDay } from './numbers';
import type { Logger } from '../logger';
import { guardFetch, toProviderError } from './yahoo-errors';
import { isUsableQuote, mapChart, mapQuote, mapSearch, type PriceFields } from './yahoo-mapping';

/** The logger shape yahoo-finance2 expects. */
export interface YahooLogger {
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
  dir: (...args: unknown[]) => void;
}

/** Options of {@link YahooProvider}. */
export interface YahooProviderOptions {
  /** Replaces the network entirely (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Provider name, copied into Quote.source (default "yahoo"). */
  name?: string;
  /** Symbols per /v7 quote request (default 50). */
  maxBatch?: number;
  /** yahoo-finance2's logger (default: warnings and errors to the console, nothing else). */
  logger?: YahooLogger;
}

const noop = () => undefined;
const DEFAULT_LOGGER: YahooLogger = { info: noop, debug: noop, dir: noop, warn: console.warn, error: console.error };

/** yahoo-finance2's messages as the server's structured log lines (levels and redaction apply). */
export function yahooLoggerFor(logger: Logger): YahooLogger {
  const one = (a: unknown): string => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.message;
    try {
      return JSON.stringify(a) ?? String(a);
    } catch {
      return String(a); // circular
    }
  };
  const text = (args: unknown[]) => args.map(one).join(' ');
  return {
    info: (...args) => logger.debug(text(args), { source: 'yahoo-finance2' }),
    debug: (...args) => logger.debug(text(args), { source: 'yahoo-finance2' }),
    dir: noop,
    warn: (...args) => logger.warn(text(args), { source: 'yahoo-finance2' }),
    error: (...args) => logger.error(text(args), { source: 'yahoo-finance2' }),
  };
}

/** Market data from Yahoo Finance. */
export class YahooProvider implements MarketDataProvider {
  readonly name: string;
  readonly maxBatch: number;
  private readonly cookieJar = new ExtendedCookieJar();
  private readonly client: InstanceType<typeof YahooFinance>;

  constructor(options: YahooProviderOptions = {}) {
    this.name = options.name ?? 'yahoo';
    this.maxBatch = Math.max(1, options.maxBatch ?? 50);
    this.client = new YahooFinance({
      fetch: guardFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
      versionCheck: false,
      suppressNotices: ['yahooSurvey', 'ripHistorical'],
      cookieJar: this.cookieJar,
      logger: options.logger ?? DEFAULT_LOGGER,
    });
  }

  /** Forgets this provider's cookies and the process-wide crumb: the next call starts a fresh session. */
  async resetSession(): Promise<void> {
    await getCrumbClear(this.cookieJar);
  }

  async quotes(symbols: string[]): Promise<Quote[]> {
    const wanted = [...new Set(symbols.map((s) => s.trim()).filter(Boolean))];
    const found = new Map<string, Quote>();
    for (let i = 0; i < wanted.length; i += this.maxBatch) {
      const chunk = wanted.slice(i, i + this.maxBatch);
      for (const quote of await this.quoteBatchOrSingles(chunk)) found.set(quote.symbol, quote);
      for (const symbol of chunk.filter((s) => !found.has(s))) {
        const quote = await this.priceSummary(symbol).catch((error: unknown) => {
          if (isProviderError(error, 'not_found')) return undefined;
          throw error;
        });
        if (quote) found.set(symbol, quote);
      }
    }
    return wanted.flatMap((symbol) => found.get(symbol) ?? []);
  }

  /** Quote of one symbol from quoteSummary's `price` module; throws not_found when unknown. */
  async priceSummary(symbol: string): Promise<Quote> {
    const context = `Yahoo quoteSummary(price) ${symbol}`;
    try {
      const result = await this.withSession(() => this.client.quoteSummary(symbol, { modules: ['price'] }));
      if (!result.price) throw new ProviderError('not_found', `${context}: no price module in the response`);
      const price = result.price as PriceFields;
      if (!isUsableQuote(price)) throw new ProviderError('not_found', `${context}: no usable price (missing, or not above zero)`);
      // quoteSummary gives the change as a fraction (0.0003); Quote.changePercent is in percent.
      const percent = price.regularMarketChangePercent;
      return mapQuote({ ...price, regularMarketChangePercent: percent === undefined ? undefined : percent * 100 }, this.name, context);
    } catch (error) {
      throw toProviderError(error, context);
    }
  }

  async fx(from: string, to: string): Promise<Quote> {
    const pair = `${from.trim().toUpperCase()}${to.trim().toUpperCase()}=X`;
    const [quote] = await this.quotes([pair]);
    if (!quote) throw new ProviderError('not_found', `Yahoo has no FX quote for ${pair}`);
    return quote;
  }

  async history(symbol: string, from: string, to: string): Promise<History> {
    const context = `Yahoo chart ${symbol} ${from}..${to}`;
    if (!isIsoDay(from) || !isIsoDay(to) || from >= to) {
      throw new RangeError(`${context}: expected YYYY-MM-DD dates with from < to`);
    }
    try {
      // yahoo-finance2 turns "YYYY-MM-DD" into midnight UTC: period2 = start of `to`, excluded.
      return mapChart(await this.client.chart(symbol, { period1: from, period2: to, interval: '1d' }), context);
    } catch (error) {
      throw toProviderError(error, context);
    }
  }

  async search(query: string): Promise<SearchResult[]> {
    const context = `Yahoo search "${query}"`;
    try {
      return mapSearch(await this.client.search(query, { newsCount: 0 }));
    } catch (error) {
      throw toProviderError(error, context);
    }
  }

  /** Runs a crumb-needing call; on an auth failure, resets the session and tries once more. */
  private async withSession<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (toProviderError(error, '').code !== 'auth_failed') throw error;
      await this.resetSession();
      return call();
    }
  }

  /** One /v7 request; if refused as not found with several symbols, one request per symbol. */
  private async quoteBatchOrSingles(symbols: string[]): Promise<Quote[]> {
    try {
      return await this.quoteBatch(symbols);
    } catch (error) {
      if (!isProviderError(error, 'not_found')) throw error;
      if (symbols.length === 1) return [];
    }
    const quotes: Quote[] = [];
    for (const symbol of symbols) quotes.push(...(await this.quoteBatchOrSingles([symbol])));
    return quotes;
  }

  private async quoteBatch(symbols: string[]): Promise<Quote[]> {
    const context = `Yahoo quote ${symbols.join(',')}`;
    try {
      const results = (await this.withSession(() => this.client.quote(symbols, { return: 'array' }))) as PriceFields[];
      // Entries without a price or currency are unusable: treat them like unknown symbols.
      return results.filter(isUsableQuote).map((q) => mapQuote(q, this.name, context));
    } catch (error) {
      throw toProviderError(error, context);
    }
  }
}
