/**
 * The caching market data proxy in front of a {@link MarketDataProvider}.
 *
 * Quotes:
 * - fresh cache entries answer at once (TTL by market state, see market-hours.ts);
 * - entries past their TTL by less than `staleWindowMs` answer at once, marked stale, and are
 *   revalidated in the background (stale-while-revalidate);
 * - older or missing entries wait for upstream; if upstream fails, whatever is cached is
 *   served, marked stale with its fetch time — a price is never replaced by an error or a zero;
 * - single-flight: a symbol already being fetched is awaited, not fetched again, so any number
 *   of simultaneous requests for it make one upstream call;
 * - batching: symbols requested in the same tick are gathered into upstream requests of up to
 *   `provider.maxBatch` symbols;
 * - a {@link CircuitBreaker} stops upstream calls after 429 / crumb failures or repeated errors.
 * History (cached by day) and search go through the same cache, single-flight and breaker.
 */
import type { HistoryResponse, MarketQuote, UpstreamStatus } from '../../../core/src/market/market-protocol';
import type { Logger } from '../logger';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerSettings } from './circuit-breaker';
import { MarketCache, type CacheEntry } from './market-cache';
import { DEFAULT_QUOTE_TTL, historyTtlMs, quoteTtlMs, type QuoteTtlSettings } from './market-hours';
import { isProviderError, ProviderError, type History, type MarketDataProvider, type Quote, type SearchResult } from './provider';
import type { Database } from 'better-sqlite3';

export interface MarketServiceOptions {
  provider: MarketDataProvider;
  db: Database;
  logger: Logger;
  now?: () => number;
  ttl?: Partial<QuoteTtlSettings>;
  breaker?: Partial<BreakerSettings>;
  /** How long past its TTL a quote is still served at once while it is refreshed (default 10 min). */
  staleWindowMs?: number;
  /** How long "no such symbol" is remembered (default 10 min). */
  notFoundTtlMs?: number;
  searchTtlMs?: number;
}

export interface QuoteLookup {
  quotes: MarketQuote[];
  missing: { symbol: string; reason: 'not_found' | 'unavailable' }[];
  upstream: UpstreamStatus;
  /** Until when (ms) this exact answer stays right: the earliest expiry of its quotes; 0 when any is stale or unavailable. */
  freshUntil: number;
}

/** Thrown when upstream cannot be asked (circuit open) or failed, and nothing is cached. */
export class MarketUnavailableError extends Error {
  override readonly name = 'MarketUnavailableError';
  constructor(
    message: string,
    readonly retryAt: number | undefined,
  ) {
    super(message);
  }
}

interface Waiter {
  symbol: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class MarketService {
  readonly providerName: string;
  readonly demo: boolean;
  private readonly cache: MarketCache;
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;
  private readonly ttl: QuoteTtlSettings;
  private readonly staleWindowMs: number;
  private readonly notFoundTtlMs: number;
  private readonly searchTtlMs: number;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly inflightOther = new Map<string, Promise<unknown>>();
  private queue: Waiter[] = [];
  private flushScheduled = false;
  /** Upstream requests made (provider calls), for tests and the benchmark's "one per TTL" check. */
  upstreamCalls = 0;

  constructor(private readonly options: MarketServiceOptions) {
    this.providerName = options.provider.name;
    this.demo = options.provider.name === 'fixture';
    this.now = options.now ?? Date.now;
    this.cache = new MarketCache(options.db, options.provider.name);
    this.breaker = new CircuitBreaker(this.now, { ...DEFAULT_BREAKER, ...options.breaker });
    this.ttl = { ...DEFAULT_QUOTE_TTL, ...options.ttl };
    this.staleWindowMs = options.staleWindowMs ?? 10 * 60_000;
    this.notFoundTtlMs = options.notFoundTtlMs ?? 10 * 60_000;
    this.searchTtlMs = options.searchTtlMs ?? 24 * 3_600_000;
  }

  /** Quotes for `symbols` (upper-cased, de-duplicated by the caller's schema), in request order. */
  async quotes(symbols: readonly string[]): Promise<QuoteLookup> {
    const now = this.now();
    const wait: string[] = [];
    const revalidate: string[] = [];
    for (const symbol of symbols) {
      const entry = this.cache.get<Quote>(quoteKey(symbol));
      if (!entry) wait.push(symbol);
      else if (now >= entry.expiresAt + this.staleWindowMs) wait.push(symbol);
      else if (now >= entry.expiresAt) revalidate.push(symbol);
    }
    if (revalidate.length) this.load(revalidate).catch((error: unknown) => this.logFailure('revalidate', error));
    if (wait.length) await this.load(wait).catch((error: unknown) => this.logFailure('quotes', error));

    const at = this.now();
    const result: QuoteLookup = { quotes: [], missing: [], upstream: this.upstreamStatus(), freshUntil: Infinity };
    for (const symbol of symbols) {
      const entry = this.cache.get<Quote>(quoteKey(symbol));
      if (!entry) result.missing.push({ symbol, reason: 'unavailable' });
      else if (entry.value === null) result.missing.push({ symbol, reason: 'not_found' });
      else result.quotes.push(toMarketQuote(entry as CacheEntry<Quote> & { value: Quote }, at));
      result.freshUntil = !entry || entry.unconfirmed || at >= entry.expiresAt ? 0 : Math.min(result.freshUntil, entry.expiresAt);
    }
    if (result.upstream.state !== 'ok') result.freshUntil = 0;
    return result;
  }

  async history(symbol: string, from: string, to: string): Promise<HistoryResponse> {
    const key = `history:${symbol}:${from}:${to}`;
    const entry = await this.cachedCall<History>('history', key, () => this.options.provider.history(symbol, from, to), () => historyTtlMs(to, this.now()));
    if (entry.value === null) throw new ProviderError('not_found', `No history for ${symbol}`);
    return { ...entry.value, fetchedAt: new Date(entry.fetchedAt).toISOString(), stale: this.now() >= entry.expiresAt, provider: this.providerName, demo: this.demo };
  }

  async search(query: string): Promise<SearchResult[]> {
    const key = `search:${query.toLowerCase()}`;
    const entry = await this.cachedCall<SearchResult[]>('search', key, () => this.options.provider.search(query), () => this.searchTtlMs);
    return entry.value ?? [];
  }

  /** Drops cache rows long expired (run now and then: symbols and ranges nobody asks for again). */
  prune(): number {
    return this.cache.prune(this.now());
  }

  upstreamStatus(): UpstreamStatus {
    const status = this.breaker.status();
    if (status.state === 'closed') return { state: 'ok' };
    return {
      state: 'unavailable',
      ...(status.since === undefined ? {} : { since: new Date(status.since).toISOString() }),
      ...(status.retryAt === undefined ? {} : { retryAt: new Date(status.retryAt).toISOString() }),
      ...(status.reason ? { reason: status.reason } : {}),
    };
  }

  /** Fetches (single-flight, batched) the quotes of `symbols` into the cache. */
  private load(symbols: readonly string[]): Promise<unknown> {
    return Promise.all(
      symbols.map((symbol) => {
        let pending = this.inflight.get(symbol);
        if (!pending) {
          pending = new Promise<void>((resolve, reject) => this.queue.push({ symbol, resolve, reject }));
          this.inflight.set(symbol, pending);
          if (this.queue.length >= this.options.provider.maxBatch) this.flush();
          else if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => this.flush());
          }
        }
        return pending;
      }),
    );
  }

  private flush(): void {
    this.flushScheduled = false;
    const max = this.options.provider.maxBatch;
    while (this.queue.length) void this.fetchBatch(this.queue.splice(0, max));
  }

  private async fetchBatch(batch: Waiter[]): Promise<void> {
    const done = (error?: unknown) => {
      for (const w of batch) {
        this.inflight.delete(w.symbol);
        if (error === undefined) w.resolve();
        else w.reject(error);
      }
    };
    if (!this.breaker.tryAcquire()) {
      done(this.unavailable());
      return;
    }
    try {
      this.upstreamCalls++;
      const quotes = await this.options.provider.quotes(batch.map((w) => w.symbol));
      this.breaker.success();
      const fetchedAt = this.now();
      const bySymbol = new Map(quotes.map((q) => [q.symbol.toUpperCase(), q]));
      this.cache.setMany(
        batch.map(({ symbol }): [string, CacheEntry<Quote>] => {
          const quote = bySymbol.get(symbol);
          if (quote) return [quoteKey(symbol), { value: { ...quote, symbol }, fetchedAt, expiresAt: fetchedAt + quoteTtlMs(quote, fetchedAt, this.ttl) }];
          // Omitted from a reply (halted, unpriced today, a partial answer): a last-known price
          // is kept and served as stale, never erased; only a symbol never priced is "not found".
          const previous = this.cache.get<Quote>(quoteKey(symbol));
          if (previous?.value) return [quoteKey(symbol), { ...previous, expiresAt: fetchedAt + this.notFoundTtlMs, unconfirmed: true }];
          return [quoteKey(symbol), { value: null, fetchedAt, expiresAt: fetchedAt + this.notFoundTtlMs }];
        }),
      );
      done();
    } catch (error) {
      this.recordFailure(error);
      done(error);
    }
  }

  /** A cached call for history/search: fresh → cached; else one upstream call (single-flight); on failure the stale entry. */
  private async cachedCall<T>(what: 'history' | 'search', key: string, fetch: () => Promise<T>, ttlMs: () => number): Promise<CacheEntry<T>> {
    const cached = this.cache.get<T>(key);
    if (cached && this.now() < cached.expiresAt) return cached;
    let pending = this.inflightOther.get(key) as Promise<CacheEntry<T>> | undefined;
    if (!pending) {
      pending = (async () => {
        if (!this.breaker.tryAcquire()) throw this.unavailable();
        this.upstreamCalls++;
        try {
          const value = await fetch();
          this.breaker.success();
          const fetchedAt = this.now();
          const entry: CacheEntry<T> = { value, fetchedAt, expiresAt: fetchedAt + ttlMs() };
          this.cache.set(key, entry);
          return entry;
        } catch (error) {
          if (isProviderError(error, 'not_found')) {
            this.breaker.success();
            const fetchedAt = this.now();
            const entry: CacheEntry<T> = { value: null, fetchedAt, expiresAt: fetchedAt + this.notFoundTtlMs };
            this.cache.set(key, entry);
            return entry;
          }
          this.recordFailure(error);
          // Devices are told the reason in plain words; the detail (the upstream URL, the body) is kept here.
          this.logFailure(what, error);
          throw error;
        }
      })().finally(() => this.inflightOther.delete(key));
      this.inflightOther.set(key, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (cached) return cached;
      throw error;
    }
  }

  private unavailable(): MarketUnavailableError {
    const status = this.breaker.status();
    // A wait in seconds reads the same in every time zone (the exact instant is in Retry-After).
    const retry = status.retryAt === undefined ? '' : ` for ${Math.max(1, Math.ceil((status.retryAt - this.now()) / 1000))} s`;
    return new MarketUnavailableError(`Market data is unavailable: ${status.reason ?? 'the source is failing'}; not asking again${retry}`, status.retryAt);
  }

  /** Settles the breaker after a failed upstream call, always (a half-open trial must never stay open). */
  private recordFailure(error: unknown): void {
    if (isProviderError(error, 'not_found')) this.breaker.success(); // the source answered
    else if (isProviderError(error) && error.code !== 'invalid_response') this.breaker.failure(error);
    // A reply we could not read, or a bug on our side (the provider reports every upstream
    // failure as a ProviderError), says nothing about the source's health: release the trial.
    else this.breaker.release();
  }

  private logFailure(what: string, error: unknown): void {
    if (error instanceof MarketUnavailableError) return; // already logged when the circuit opened
    this.options.logger.warn('market data upstream failed', { what, provider: this.providerName, error: error instanceof Error ? error.message : String(error) });
  }
}

function quoteKey(symbol: string): string {
  return `quote:${symbol}`;
}

function toMarketQuote(entry: CacheEntry<Quote> & { value: Quote }, now: number): MarketQuote {
  return { ...entry.value, fetchedAt: new Date(entry.fetchedAt).toISOString(), stale: entry.unconfirmed === true || now >= entry.expiresAt };
}
