import { z } from 'zod';

/**
 * The market data protocol between devices and the sync server's caching proxy, shared by both.
 *
 * HTTP (GET, JSON; `Authorization: Bearer <access>` or anonymous where the operator allows it):
 * - `/api/v1/market/quotes?symbols=AAPL,XIU.TO` → {@link QuotesResponse}
 * - `/api/v1/market/fx?pairs=USDCAD,EURUSD`     → {@link QuotesResponse} (symbols "USDCAD=X"…)
 * - `/api/v1/market/history?symbol=AAPL&from=2020-01-01&to=2020-02-01` → {@link HistoryResponse}
 * - `/api/v1/market/search?q=apple`             → {@link SearchResponse}
 *
 * WebSocket `/api/v1/market/live`: the client sends {@link LiveClientMessage}s — first
 * `{"type":"hello","token":"…"}` (token omitted when anonymous), then subscribe/unsubscribe —
 * and receives {@link LiveServerMessage}s: `ready`, a `quotes` snapshot on subscribe (with
 * the symbols that have none as `missing`) and every change afterwards, `status` when upstream
 * becomes unavailable or recovers, `heartbeat` every {@link LIVE_HEARTBEAT_MS}, `error`.
 *
 * Prices are decimal strings; a quote the server could not refresh is still served with
 * `stale: true` and its `fetchedAt`, never replaced by zero. `demo: true` marks recorded
 * fixture data that the UI must label as demo prices.
 */

export const MAX_SYMBOLS_PER_REQUEST = 100;
export const MAX_LIVE_SYMBOLS = 200;
/**
 * The live socket sends a `heartbeat` this often; a client that hears nothing for a few of these
 * treats the connection as dead (browsers do not expose WebSocket pings to scripts).
 */
export const LIVE_HEARTBEAT_MS = 25_000;

/** Yahoo-style symbols: letters, digits and . - = ^ (e.g. BRK-B, XIU.TO, USDCAD=X, ^GSPTSE). */
export const SYMBOL_PATTERN = /^[A-Za-z0-9.\-=^]{1,24}$/;
export const symbolSchema = z
  .string()
  .trim()
  .regex(SYMBOL_PATTERN, { message: 'A symbol is 1–24 letters, digits or . - = ^' })
  .transform((s) => s.toUpperCase());

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

export const marketQuoteSchema = z.object({
  symbol: z.string(),
  name: z.string().optional(),
  /** The server never sends a price ≤ 0 (it treats one as no quote); clients still skip such a quote alone. */
  price: decimalString,
  previousClose: decimalString.optional(),
  change: decimalString.optional(),
  changePercent: z.number().optional(),
  /** ISO 4217, as the source reports it for this quote. */
  currency: z.string(),
  exchange: z.string().optional(),
  marketState: z.string().optional(),
  /** ISO timestamp of the price at the source. */
  time: z.string(),
  quoteType: z.string().optional(),
  /** "yahoo", or "fixture" for recorded demo data. */
  source: z.string(),
  /** ISO timestamp when the server fetched it from upstream. */
  fetchedAt: z.string(),
  /** True when the server's cache entry is past its time-to-live (refresh pending or failing). */
  stale: z.boolean(),
});
export type MarketQuote = z.infer<typeof marketQuoteSchema>;

/** Why a requested symbol has no quote. */
export const missingReasonSchema = z.enum(['not_found', 'unavailable']);

/** The upstream source's health: `unavailable` while the circuit breaker is open. */
export const upstreamStatusSchema = z.object({
  state: z.enum(['ok', 'unavailable']),
  /** When upstream calls started failing (ISO), while unavailable. */
  since: z.string().optional(),
  /** When the server will try upstream again (ISO), while unavailable. */
  retryAt: z.string().optional(),
  reason: z.string().optional(),
});
export type UpstreamStatus = z.infer<typeof upstreamStatusSchema>;

export const quotesResponseSchema = z.object({
  quotes: z.array(marketQuoteSchema),
  missing: z.array(z.object({ symbol: z.string(), reason: missingReasonSchema })),
  upstream: upstreamStatusSchema,
  /** Provider name; "fixture" means demo data. */
  provider: z.string(),
  demo: z.boolean(),
  /** Server time of the answer (ISO), to compute ages without trusting the device clock. */
  asOf: z.string(),
});
export type QuotesResponse = z.infer<typeof quotesResponseSchema>;

export const historyResponseSchema = z.object({
  symbol: z.string(),
  currency: z.string(),
  bars: z.array(z.object({ date: z.string(), close: decimalString, adjClose: decimalString.optional() })),
  dividends: z.array(z.object({ date: z.string(), amount: decimalString })),
  splits: z.array(z.object({ date: z.string(), ratio: z.string() })),
  fetchedAt: z.string(),
  stale: z.boolean(),
  provider: z.string(),
  demo: z.boolean(),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

export const searchResponseSchema = z.object({
  results: z.array(z.object({ symbol: z.string(), name: z.string().optional(), exchange: z.string().optional(), quoteType: z.string().optional() })),
  provider: z.string(),
  demo: z.boolean(),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const liveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(4096).optional() }),
  z.object({ type: z.literal('subscribe'), symbols: z.array(symbolSchema).min(1).max(MAX_LIVE_SYMBOLS) }),
  z.object({ type: z.literal('unsubscribe'), symbols: z.array(symbolSchema).min(1).max(MAX_LIVE_SYMBOLS) }),
]);
export type LiveClientMessage = z.input<typeof liveClientMessageSchema>;

export const liveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), provider: z.string(), demo: z.boolean() }),
  z.object({
    type: z.literal('quotes'),
    quotes: z.array(marketQuoteSchema),
    /** On a subscribe snapshot: the subscribed symbols that have no quote, and why. */
    missing: z.array(z.object({ symbol: z.string(), reason: missingReasonSchema })).optional(),
    asOf: z.string(),
  }),
  z.object({ type: z.literal('status'), upstream: upstreamStatusSchema }),
  z.object({ type: z.literal('heartbeat'), asOf: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

/** "USDCAD" → "USDCAD=X" (Yahoo's FX symbol); the inverse of {@link pairOfFxSymbol}. */
export function fxSymbol(pair: string): string {
  return `${pair.toUpperCase()}=X`;
}

/** "USDCAD=X" → "USDCAD"; undefined for symbols that are not six-letter FX pairs. */
export function pairOfFxSymbol(symbol: string): string | undefined {
  const match = /^([A-Z]{6})=X$/.exec(symbol.toUpperCase());
  return match?.[1];
}
