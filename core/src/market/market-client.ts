import type { z } from 'zod';
import type { PortfolioEngine } from '../api/portfolio-engine';
import type { FolioDb } from '../db/database';
import { CoreError } from '../errors';
import { heldInstruments, isQuotable, type HeldInstruments } from './held-instruments';
import { MAX_SYMBOLS_PER_REQUEST, quotesResponseSchema, type MarketQuote, type QuotesResponse, type UpstreamStatus } from './market-protocol';
import type { MarketStatusTracker } from './market-status';
import { storeQuotes, type StoredQuotes } from './quote-cache';

/** Where market data comes from: the signed-in sync server (with its token), else this app's own origin. */
export interface MarketEndpoint {
  baseUrl: string;
  token?: string;
}

/** Resolves the endpoint; `forceRefresh` after the server refused the access token. */
export type ResolveMarketEndpoint = (options?: { forceRefresh?: boolean }) => Promise<MarketEndpoint>;

/**
 * Why a market data request failed: no server to ask (not signed in, and this app is not served
 * by a Folio server: the extension), no answer, a refusal (HTTP error), or an answer that breaks
 * the protocol.
 */
export type MarketFailure = 'no_server' | 'unreachable' | 'refused' | 'invalid_response';

/** What to tell a user who has no market data server yet. */
export const NO_MARKET_SERVER_MESSAGE = 'No market data server: sign in to a Folio server in Settings for live prices';

/** Whether an error means there is no server to ask: nothing to retry until the endpoint changes. */
export const isNoMarketServer = (error: unknown): boolean => error instanceof MarketRequestError && error.failure === 'no_server';

/** A market data request that failed; nothing was stored. The message names what went wrong. */
export class MarketRequestError extends CoreError {
  constructor(
    readonly failure: MarketFailure,
    message: string,
    readonly httpStatus?: number,
  ) {
    super('internal', message);
  }
}

/** What `refresh()` did. */
export interface QuoteRefreshResult extends StoredQuotes {
  /** Asked-for symbols the server has no quote for: they stay missing (no price is invented). */
  missing: { symbol: string; reason: string }[];
  /** Absent when nothing is held (the server was not asked). */
  provider?: string;
  demo: boolean;
  upstream?: UpstreamStatus;
  asOf?: string;
}

export interface MarketClientDeps {
  db: FolioDb;
  engine: PortfolioEngine;
  fetch: typeof fetch;
  endpoint: ResolveMarketEndpoint;
  status: MarketStatusTracker;
  /** Called after quotes changed the cache and the engine: the API pushes to its watchers. */
  onApplied: () => void;
}

/** Path and query of one quotes request (the server splits the comma list itself). */
const quotesPath = (symbols: string[]) => `/api/v1/market/quotes?symbols=${symbols.map(encodeURIComponent).join(',')}`;
const fxPath = (pairs: string[]) => `/api/v1/market/fx?pairs=${pairs.join(',')}`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'response'}: ${i.message}`);
  return issues.join('; ') + (error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '');
}

/** One answer from several chunked requests: upstream is unavailable if any chunk said so. */
function merge(responses: QuotesResponse[]): QuotesResponse {
  const first = responses[0]!;
  return {
    quotes: responses.flatMap((r) => r.quotes),
    missing: responses.flatMap((r) => r.missing),
    upstream: responses.find((r) => r.upstream.state === 'unavailable')?.upstream ?? first.upstream,
    provider: first.provider,
    demo: responses.some((r) => r.demo),
    asOf: responses.map((r) => r.asOf).sort().at(-1)!,
  };
}

/**
 * The device side of the market data proxy, over HTTP: fetches quotes for what the user holds
 * and the FX rates to value it in the base currency, validates every answer against the
 * protocol (market-protocol.ts) before anything is written, and stores them in the local cache,
 * feeding the engine (quote-cache.ts). Also the one place live ticks are applied, so both paths
 * store the same way. Errors are {@link MarketRequestError}s naming what went wrong, and update
 * the market status: the last-known prices stay.
 */
export class MarketClient {
  constructor(private readonly deps: MarketClientDeps) {}

  /**
   * Fetches and stores quotes and FX for everything held, and for `also` (symbols followed
   * without being held, e.g. by price alerts); all or nothing.
   */
  async refresh(also: readonly string[] = []): Promise<QuoteRefreshResult> {
    const { engine, status } = this.deps;
    await engine.ready();
    const held = heldInstruments(engine);
    const all = [...new Set([...held.symbols.keys(), ...also])].sort();
    const symbols = all.filter(isQuotable);
    const unquotable = all.filter((s) => !isQuotable(s)).map((symbol) => ({ symbol, reason: 'not a market symbol' }));
    if (!symbols.length && !held.pairs.length) return { prices: [], rates: [], skipped: [], missing: unquotable, demo: false };
    let serverUrl: string | undefined;
    let answer: QuotesResponse;
    try {
      const endpoint = await this.endpoint();
      serverUrl = endpoint.baseUrl;
      const requests = [
        ...chunks(symbols, MAX_SYMBOLS_PER_REQUEST).map((part) => this.get(endpoint, quotesPath(part), 'quotes', quotesResponseSchema)),
        ...chunks(held.pairs, MAX_SYMBOLS_PER_REQUEST).map((part) => this.get(endpoint, fxPath(part), 'FX', quotesResponseSchema)),
      ];
      answer = merge(await Promise.all(requests));
    } catch (error) {
      if (isNoMarketServer(error)) status.noServer((error as Error).message);
      else status.failed((error as Error).message, serverUrl);
      throw error;
    }
    const stored = await this.apply(answer.quotes, answer.demo, held);
    status.reached({ serverUrl: serverUrl!, provider: answer.provider, demo: answer.demo, upstream: answer.upstream, asOf: answer.asOf });
    if (answer.quotes.length) status.quotesArrived(answer.asOf);
    const missing = [...answer.missing, ...unquotable];
    status.setProblems(missing, stored.skipped);
    return { ...stored, missing, provider: answer.provider, demo: answer.demo, upstream: answer.upstream, asOf: answer.asOf };
  }

  /** Stores validated quotes (from a refresh or a live tick) and tells the watchers. */
  async apply(quotes: readonly MarketQuote[], demo: boolean, held: HeldInstruments = heldInstruments(this.deps.engine)): Promise<StoredQuotes> {
    const stored = await storeQuotes(this.deps.db, this.deps.engine, quotes, demo, held);
    if (stored.prices.length || stored.rates.length) this.deps.onApplied();
    return stored;
  }

  /**
   * One validated GET of any market endpoint (search, history, a single quote): the same
   * endpoint, token refresh and error reporting as a refresh, without touching the market status
   * (a failed lookup while typing is the form's to report, not an outage banner's).
   */
  async request<T>(path: string, what: string, schema: z.ZodType<T>): Promise<T> {
    return this.get(await this.endpoint(), path, what, schema);
  }

  /** Resolves the endpoint; a failure to get a token is reported like an unreachable server. */
  private async endpoint(forceRefresh = false): Promise<MarketEndpoint> {
    try {
      return await this.deps.endpoint({ forceRefresh });
    } catch (error) {
      if (error instanceof MarketRequestError) throw error;
      throw new MarketRequestError('unreachable', `Cannot authorize market data requests: ${(error as Error).message}`);
    }
  }

  /** One GET, retried once with a refreshed token if the server refused the token. */
  private async get<T>(endpoint: MarketEndpoint, path: string, what: string, schema: z.ZodType<T>): Promise<T> {
    let current = endpoint;
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await this.deps.fetch(`${current.baseUrl}${path}`, {
          headers: { accept: 'application/json', ...(current.token ? { authorization: `Bearer ${current.token}` } : {}) },
        });
      } catch (error) {
        throw new MarketRequestError('unreachable', `Cannot reach the market data server at ${current.baseUrl}: ${(error as Error).message}`);
      }
      if (res.status === 401 && current.token && attempt === 0) {
        current = await this.endpoint(true);
        continue;
      }
      let text: string;
      try {
        text = await res.text();
      } catch (error) {
        throw new MarketRequestError('unreachable', `The ${what} answer from ${current.baseUrl} was cut off: ${(error as Error).message}`);
      }
      if (!res.ok) {
        let message = `HTTP ${res.status}`;
        try {
          const body = JSON.parse(text) as { error?: { message?: string } };
          if (body.error?.message) message = body.error.message;
        } catch {
          // Not the JSON error envelope (a proxy's page, say): the status says enough.
        }
        // 5xx: the server took the request but could not answer it (its source failed, say).
        const outcome = res.status >= 500 ? `could not answer the ${what} request` : `refused the ${what} request`;
        throw new MarketRequestError('refused', `The market data server at ${current.baseUrl} ${outcome} (HTTP ${res.status}): ${message}`, res.status);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new MarketRequestError('invalid_response', `The market data server at ${current.baseUrl} sent a ${what} answer that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new MarketRequestError('invalid_response', `The market data server at ${current.baseUrl} sent an invalid ${what} answer: ${describeIssues(parsed.error)}`);
      return parsed.data;
    }
  }
}
