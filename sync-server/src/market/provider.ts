/**
 * Provider-neutral market data types and the interface every market data source implements.
 *
 * Prices travel as plain decimal STRINGS ("244.6"), never as binary floats: a provider converts
 * its source's numbers once, at the edge (see numbers.ts), and nothing downstream does float maths.
 * The precision is whatever the source publishes; no provider invents digits.
 */

/** Yahoo-style market session; other providers may report their own strings. */
export type MarketState = 'PRE' | 'REGULAR' | 'POST' | 'CLOSED' | (string & {});

/** The latest price of one instrument. */
export interface Quote {
  symbol: string;
  name?: string;
  /** Decimal string in `currency`. */
  price: string;
  previousClose?: string;
  /** Decimal string, as published by the source (price − previous close by its own definition). */
  change?: string;
  /** Percent units: 1.27 means +1.27 %. Informational only (a float), never used in money maths. */
  changePercent?: number;
  /** ISO 4217 code as reported by the source for this quote — never guessed from the symbol suffix. */
  currency: string;
  /** Exchange code as reported by the source (Yahoo: "NMS", "TOR", "CCY"…). */
  exchange?: string;
  marketState?: MarketState;
  /** ISO timestamp of `price`. */
  time: string;
  /** EQUITY, ETF, MUTUALFUND, CURRENCY, CRYPTOCURRENCY… */
  quoteType?: string;
  /** Provider name ("yahoo", or "fixture" for demo data the UI must label as such). */
  source: string;
}

/** One daily bar; `date` is the trading day in the exchange's own time zone. */
export interface HistoryBar {
  date: string;
  close: string;
  /** Close adjusted for splits and dividends, when the source provides it. */
  adjClose?: string;
}

/** A cash dividend per share, dated on its ex-date (YYYY-MM-DD, exchange time zone). */
export interface Dividend {
  date: string;
  amount: string;
}

/** A split; `ratio` is "new:old", e.g. "4:1" means every share became four. */
export interface Split {
  date: string;
  ratio: string;
}

/** Daily history of one instrument in the half-open range [from, to). */
export interface History {
  symbol: string;
  currency: string;
  bars: HistoryBar[];
  dividends: Dividend[];
  splits: Split[];
}

/** A symbol lookup hit. */
export interface SearchResult {
  symbol: string;
  name?: string;
  exchange?: string;
  quoteType?: string;
}

/** A market data source. Implementations throw {@link ProviderError} for every failure. */
export interface MarketDataProvider {
  /** Stable name, copied into `Quote.source`. */
  readonly name: string;
  /** Most symbols one `quotes()` upstream request may carry (callers may pass more; they are chunked). */
  readonly maxBatch: number;
  /** Quotes for the symbols the source knows, in input order; unknown symbols are omitted. */
  quotes(symbols: string[]): Promise<Quote[]>;
  /** Daily bars, dividends and splits for dates `from` (inclusive) to `to` (exclusive), YYYY-MM-DD. */
  history(symbol: string, from: string, to: string): Promise<History>;
  /** Rate for 1 unit of `from` in `to` (ISO codes); the quote's symbol is the pair, e.g. "USDCAD=X". */
  fx(from: string, to: string): Promise<Quote>;
  search(query: string): Promise<SearchResult[]>;
}

/** Why a provider call failed. */
export type ProviderErrorCode =
  | 'rate_limited'
  /** Cookie / crumb (session) could not be obtained or was refused. */
  | 'auth_failed'
  | 'not_found'
  | 'upstream'
  | 'invalid_response';

/** The only error type a {@link MarketDataProvider} throws. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
  /** Seconds to wait before retrying (from Retry-After), when known. */
  readonly retryAfterSeconds?: number;
}

/**
 * Why the source failed, as a device is told it: the error's own message (upstream URLs,
 * response bodies) goes to the server's log only.
 */
export function providerFailureReason(error: ProviderError): string {
  switch (error.code) {
    case 'rate_limited':
      return 'rate limited by the source';
    case 'auth_failed':
      return 'the source refused our session (cookie/crumb)';
    case 'invalid_response':
      return 'the source sent an answer that cannot be read';
    default:
      return 'the source is failing';
  }
}

/** True when `error` is a {@link ProviderError} (optionally with the given code). */
export function isProviderError(error: unknown, code?: ProviderErrorCode): error is ProviderError {
  return error instanceof ProviderError && (code === undefined || error.code === code);
}
