import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database';
import { createLogger } from '../logger';
import { createFixtureProvider, type FixtureProvider } from './fixture-provider';
import { MarketService, MarketUnavailableError, type MarketServiceOptions } from './market-service';
import type { MarketDataProvider, Quote } from './provider';
import type { YahooLogger } from './yahoo-provider';

const silent: YahooLogger = { info() {}, warn() {}, error() {}, debug() {}, dir() {} };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDb(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'folio-market-'));
  const db = openDatabase(dir);
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

/** One minute whatever the market state (with the clock a minute before the open, see setup). */
const MINUTE_TTL = { openMs: 60_000, extendedMs: 60_000, closedMinMs: 60_000, foreignClosedMaxMs: 60_000 };

function setup(options: Partial<MarketServiceOptions> & { provider?: MarketDataProvider } = {}) {
  let t = Date.parse('2026-11-24T14:29:00Z'); // a minute before the open: AAPL's CLOSED quote lives 60 s
  const logs: string[] = [];
  const provider = (options.provider ?? createFixtureProvider({ logger: silent })) as FixtureProvider;
  const db = options.db ?? tempDb();
  const market = new MarketService({ ttl: MINUTE_TTL, staleWindowMs: 10 * 60_000, ...options, provider, db, logger: createLogger('debug', (l) => logs.push(l)), now: () => t });
  const quoteRequests = () => provider.fixtures.requests().filter((r) => r.endpoint === 'quote').length;
  return { market, provider, db, logs, quoteRequests, advance: (ms: number) => (t += ms), now: () => t };
}

/** Lets background revalidation (setImmediate + fetch) finish. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('market service cache', () => {
  it('answers from the cache within the TTL without asking upstream again', async () => {
    const s = setup();
    const first = await s.market.quotes(['AAPL']);
    expect(first.quotes[0]).toMatchObject({ symbol: 'AAPL', price: '244.6', currency: 'USD', source: 'fixture', stale: false, fetchedAt: '2026-11-24T14:29:00.000Z' });
    const before = s.quoteRequests();
    s.advance(59_000);
    const second = await s.market.quotes(['AAPL']);
    expect(second.quotes[0]).toEqual(first.quotes[0]);
    expect(s.quoteRequests()).toBe(before);
    expect(s.market.upstreamCalls).toBe(1);
  });

  it('serves a stale quote at once and revalidates it in the background', async () => {
    const s = setup();
    await s.market.quotes(['AAPL']);
    s.advance(61_000);
    const stale = await s.market.quotes(['AAPL']);
    expect(stale.quotes[0]).toMatchObject({ price: '244.6', stale: true, fetchedAt: '2026-11-24T14:29:00.000Z' });
    await settle();
    expect(s.market.upstreamCalls).toBe(2);
    const fresh = await s.market.quotes(['AAPL']);
    expect(fresh.quotes[0]).toMatchObject({ stale: false, fetchedAt: '2026-11-24T14:30:01.000Z' });
  });

  it('waits for upstream when the cached quote is older than the stale window', async () => {
    const s = setup({ staleWindowMs: 5_000 });
    await s.market.quotes(['AAPL']);
    s.advance(60_000 + 5_000);
    const result = await s.market.quotes(['AAPL']);
    expect(result.quotes[0]).toMatchObject({ stale: false, fetchedAt: '2026-11-24T14:30:05.000Z' });
    expect(s.market.upstreamCalls).toBe(2);
  });

  it('single-flight: 1,000 simultaneous requests for a symbol make one upstream call', async () => {
    const s = setup();
    const results = await Promise.all(Array.from({ length: 1000 }, () => s.market.quotes(['QQQ'])));
    expect(new Set(results.map((r) => r.quotes[0]?.price))).toEqual(new Set(['538.15']));
    expect(s.market.upstreamCalls).toBe(1);
    expect(s.quoteRequests()).toBe(1);
  });

  it('remembers that the source does not know a symbol, and never prices it at zero', async () => {
    const s = setup();
    const result = await s.market.quotes(['NOPE123', 'AAPL']);
    expect(result.missing).toEqual([{ symbol: 'NOPE123', reason: 'not_found' }]);
    expect(result.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    const calls = s.market.upstreamCalls;
    expect((await s.market.quotes(['NOPE123'])).missing).toEqual([{ symbol: 'NOPE123', reason: 'not_found' }]);
    expect(s.market.upstreamCalls).toBe(calls);
  });

  it('keeps quotes in SQLite: a restarted server answers without upstream; another provider does not see them', async () => {
    const first = setup();
    await first.market.quotes(['AAPL', '0P000071W8.TO']);
    const restarted = setup({ db: first.db });
    const result = await restarted.market.quotes(['AAPL', '0P000071W8.TO']);
    expect(result.quotes.map((q) => [q.symbol, q.price, q.currency])).toEqual([
      ['AAPL', '244.6', 'USD'],
      ['0P000071W8.TO', '152.63', 'CAD'],
    ]);
    expect(restarted.market.upstreamCalls).toBe(0);

    const other: MarketDataProvider = { ...fakeProvider('other', []), quotes: async () => [] };
    const live = new MarketService({ provider: other, db: first.db, logger: createLogger('silent') });
    expect((await live.quotes(['AAPL'])).quotes).toEqual([]);
  });

  it('caches history by day and search results', async () => {
    const s = setup();
    const history = await s.market.history('MSFT', '2021-02-01', '2022-01-31');
    expect(history.dividends).toHaveLength(4);
    expect(history).toMatchObject({ stale: false, demo: true, provider: 'fixture' });
    await s.market.history('MSFT', '2021-02-01', '2022-01-31');
    const search = await s.market.search('ABBV');
    expect(search.some((r) => r.symbol === 'ABBV')).toBe(true);
    await s.market.search('abbv');
    expect(s.market.upstreamCalls).toBe(2);
  });
});

describe('market service batching', () => {
  it('gathers symbols asked in the same tick into upstream batches of at most maxBatch', async () => {
    const calls: string[][] = [];
    const symbols = Array.from({ length: 12 }, (_, i) => `S${i}`);
    const provider = fakeProvider('batching', calls, 5);
    const s = setup({ provider: provider as unknown as FixtureProvider });
    const results = await Promise.all([s.market.quotes(symbols.slice(0, 7)), s.market.quotes(symbols.slice(3, 12)), s.market.quotes(['S0'])]);
    expect(calls.map((c) => c.length)).toEqual([5, 5, 2]);
    expect(calls.flat().sort()).toEqual([...symbols].sort());
    expect(results[1].quotes.map((q) => q.symbol)).toEqual(symbols.slice(3, 12));
    expect(results[1].quotes[0]).toMatchObject({ price: '13', currency: 'USD' });
  });
});

describe('market service when upstream fails', () => {
  it('429: serves the last price with its age, stops asking until Retry-After, then recovers', async () => {
    const s = setup();
    await s.market.quotes(['AAPL']);
    s.advance(11 * 60_000); // past TTL and stale window: must ask upstream
    s.provider.fixtures.injectFault({ endpoint: 'quote', status: 429, retryAfterSeconds: 30 });
    const during = await s.market.quotes(['AAPL', 'QQQ']);
    expect(during.quotes).toEqual([expect.objectContaining({ symbol: 'AAPL', price: '244.6', stale: true, fetchedAt: '2026-11-24T14:29:00.000Z' })]);
    expect(during.missing).toEqual([{ symbol: 'QQQ', reason: 'unavailable' }]);
    expect(during.upstream).toMatchObject({ state: 'unavailable', since: '2026-11-24T14:40:00.000Z', retryAt: '2026-11-24T14:40:30.000Z', reason: 'rate limited by the source' });
    expect(s.logs.some((l) => l.includes('HTTP 429') && l.includes('crumb=[REDACTED]'))).toBe(true);

    const callsWhileOpen = s.market.upstreamCalls;
    await s.market.quotes(['AAPL', 'QQQ']);
    expect(s.market.upstreamCalls).toBe(callsWhileOpen);

    s.advance(30_000);
    const after = await s.market.quotes(['AAPL', 'QQQ']);
    expect(after.upstream).toEqual({ state: 'ok' });
    expect(after.quotes.map((q) => [q.symbol, q.stale])).toEqual([
      ['AAPL', false],
      ['QQQ', false],
    ]);
  });

  it('a half-open trial that gets an unreadable reply does not leave the circuit stuck', async () => {
    const s = setup();
    await s.market.quotes(['AAPL']);
    s.advance(11 * 60_000);
    s.provider.fixtures.injectFault({ endpoint: 'quote', status: 429, retryAfterSeconds: 30 });
    await s.market.quotes(['AAPL']);
    s.advance(30_000);
    s.provider.fixtures.injectFault({ endpoint: 'quote', status: 200, body: 'this is not JSON' });
    const trial = await s.market.quotes(['AAPL']);
    expect(trial.quotes[0]).toMatchObject({ price: '244.6', stale: true });
    // The next request is allowed upstream again and recovers.
    const after = await s.market.quotes(['AAPL']);
    expect(after.upstream).toEqual({ state: 'ok' });
    expect(after.quotes[0]).toMatchObject({ price: '244.6', stale: false });
  });

  it('keeps the last-known price, marked stale, when a reply omits a symbol it priced before', async () => {
    const calls: string[][] = [];
    let omit = false;
    const base = fakeProvider('omitting', calls);
    const provider = { ...base, quotes: async (symbols: string[]) => (omit ? [] : base.quotes(symbols)) };
    const s = setup({ provider: provider as unknown as FixtureProvider, staleWindowMs: 0 });
    expect((await s.market.quotes(['S5'])).quotes[0]).toMatchObject({ price: '15', stale: false });
    omit = true;
    s.advance(60_001);
    const result = await s.market.quotes(['S5']);
    expect(result.missing).toEqual([]);
    expect(result.quotes[0]).toMatchObject({ symbol: 'S5', price: '15', stale: true });
    // A symbol never priced is still "not found".
    expect((await s.market.quotes(['S9'])).missing).toEqual([{ symbol: 'S9', reason: 'not_found' }]);
  });

  it('drops cache rows long expired', async () => {
    const s = setup();
    await s.market.quotes(['AAPL']);
    expect(s.market.prune()).toBe(0);
    s.advance(8 * 86_400_000);
    expect(s.market.prune()).toBe(1);
  });

  it('crumb failure: opens the circuit and says since when quotes are unavailable', async () => {
    const s = setup({ provider: createFixtureProvider({ logger: silent, faults: [{ endpoint: 'getcrumb', status: 401, times: 2 }] }) });
    await s.provider.resetSession();
    const result = await s.market.quotes(['AAPL']);
    expect(result.quotes).toEqual([]);
    expect(result.missing).toEqual([{ symbol: 'AAPL', reason: 'unavailable' }]);
    expect(result.upstream).toMatchObject({ state: 'unavailable', since: '2026-11-24T14:29:00.000Z', reason: 'the source refused our session (cookie/crumb)' });
    await expect(s.market.history('AAPL', '2020-01-01', '2020-01-03')).rejects.toBeInstanceOf(MarketUnavailableError);
  });

  it('serves cached history when upstream fails after it expired', async () => {
    const s = setup();
    const first = await s.market.history('AAPL', '2020-01-01', '2020-01-03');
    s.advance(8 * 86_400_000);
    s.provider.fixtures.injectFault({ endpoint: 'chart', status: 503, times: 1 });
    const again = await s.market.history('AAPL', '2020-01-01', '2020-01-03');
    expect(again.bars).toEqual(first.bars);
    expect(again.stale).toBe(true);
  });
});

/** An upstream double for batching (the fixtures hold no batch of 12 symbols): prices = index + 10. */
function fakeProvider(name: string, calls: string[][], maxBatch = 50): MarketDataProvider & { fixtures: { requests: () => [] } } {
  return {
    name,
    maxBatch,
    fixtures: { requests: () => [] },
    async quotes(symbols: string[]): Promise<Quote[]> {
      calls.push(symbols);
      await new Promise((r) => setTimeout(r, 5));
      return symbols.map((symbol) => ({ symbol, price: String(Number(symbol.slice(1)) + 10), currency: 'USD', time: '2026-11-24T14:29:00.000Z', marketState: 'REGULAR', source: name }));
    },
    history: () => Promise.reject(new Error('not used')),
    fx: () => Promise.reject(new Error('not used')),
    search: async () => [],
  };
}
