import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../sync-server/src/test-server';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import type { HoldingsSummary } from '../engine/holdings-summary';
import { div, dec, mul, ONE, toDecimalString } from '../money/decimal';
import { localDate } from '../time/local-date';
import { MarketRequestError } from './market-client';

// The fixture provider replays quotes recorded in February 2025: AAPL closed at 244.6 USD on
// 2025-02-14 (21:00 UTC), and EURUSD=X was 1.0489877 on 2025-02-17 (10:54:43 UTC).
const AAPL_TIME = '2025-02-14T21:00:00.000Z';
const EURUSD_TIME = '2025-02-17T10:54:43.000Z';
const today = () => new Date('2026-03-10T15:00:00');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function device(serverUrl: string | undefined, baseCurrency = 'USD') {
  const db = new FolioDb(`market-${crypto.randomUUID()}`);
  const api = createCoreApi({ db, now: today, ...(serverUrl ? { marketServerUrl: serverUrl } : {}), syncIntervalMs: 60_000 });
  cleanups.push(async () => {
    await api.stopLiveQuotes();
    api.sync.stop();
    await db.delete();
  });
  await api.updateSettings({ baseCurrency });
  const { account } = await api.ensureDefaultAccount();
  // Bought before the recorded quotes, so the market price (newer) values the holding.
  const buy = (symbol: string, quantity = '10', price = '200', currency = 'USD') => api.addTransaction({ kind: 'buy', accountId: account.id, date: '2025-01-10', symbol, currency, quantity, price });
  return { db, api, buy };
}

async function server() {
  const s = await startTestServer();
  cleanups.push(s.stop);
  return s;
}

/** A server on 127.0.0.1 answering every request with this status and body (or the body for its path). */
async function fakeServer(status: number, body: string | ((path: string) => string)): Promise<string> {
  const http: Server = createServer((req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : body(req.url ?? '/'));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => http.close(() => r())));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

const holding = (summary: HoldingsSummary, symbol: string) => summary.holdings.find((h) => h.symbol === symbol)!;
const value = (summary: HoldingsSummary, symbol: string) => {
  const v = holding(summary, symbol).marketValueBase;
  return v === null ? null : toDecimalString(v);
};

describe('market client against the real server (fixture provider)', () => {
  it('stores held quotes with their source and fetch time, and the holdings value updates', async () => {
    const { url } = await server();
    const { db, api, buy } = await device(url);
    await buy('AAPL');
    // Before any quote, the holding is valued at the price paid.
    expect(value(await api.getHoldings(), 'AAPL')).toBe('2000');

    const result = await api.refreshQuotes();
    expect(result).toMatchObject({ prices: ['AAPL'], rates: [], missing: [], skipped: [], provider: 'fixture', demo: true, upstream: { state: 'ok' } });

    const rows = await db._prices.where('symbol').equals('AAPL').toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: 'AAPL', date: localDate(new Date(AAPL_TIME)), price: '244.6', source: 'fixture', demo: true, stale: false, currency: 'USD', time: AAPL_TIME, previousClose: '241.53' });
    expect(Number.isNaN(Date.parse(rows[0]!.fetchedAt!))).toBe(false);

    const after = await api.getHoldings();
    expect(value(after, 'AAPL')).toBe('2446');
    expect(holding(after, 'AAPL').priceInfo).toMatchObject({ source: 'fixture', demo: true, stale: false, time: AAPL_TIME, fetchedAt: rows[0]!.fetchedAt });
    expect(await api.getMarketStatus()).toMatchObject({ provider: 'fixture', demo: true, serverUrl: url, lastUpdate: today().toISOString() });
  });

  it('fetches the FX pair needed to value a USD holding in EUR, in market direction (EURUSD)', async () => {
    const { url } = await server();
    const { db, api, buy } = await device(url, 'EUR');
    await buy('AAPL');
    expect(holding(await api.getHoldings(), 'AAPL').gaps).toContainEqual({ kind: 'missing_fx', from: 'USD', to: 'EUR', date: '2026-03-10' });

    const result = await api.refreshQuotes();
    expect(result.rates).toEqual(['EURUSD']);
    expect(await db._fx.toArray()).toEqual([
      expect.objectContaining({ pair: 'EURUSD', date: localDate(new Date(EURUSD_TIME)), rate: '1.0489877', source: 'fixture', demo: true, currency: 'USD', time: EURUSD_TIME }),
    ]);
    // 2446 USD at 1 / 1.0489877 EUR per USD.
    expect(value(await api.getHoldings(), 'AAPL')).toBe(toDecimalString(mul(dec('2446'), div(ONE, dec('1.0489877')))));
  });

  it('leaves an unknown symbol unpriced: no zero price is stored', async () => {
    const { url } = await server();
    const { db, api, buy } = await device(url);
    await buy('AAPL');
    await buy('ZZZZQ', '3', '7');

    const result = await api.refreshQuotes();
    expect(result.prices).toEqual(['AAPL']);
    expect(result.missing).toEqual([{ symbol: 'ZZZZQ', reason: 'not_found' }]);
    expect(await db._prices.where('symbol').equals('ZZZZQ').count()).toBe(0);
    const summary = await api.getHoldings();
    // Still valued at its own trade price, with nothing claiming to be a market quote.
    expect(value(summary, 'ZZZZQ')).toBe('21');
    expect(holding(summary, 'ZZZZQ').priceInfo).toBeUndefined();
    expect((await api.getMarketStatus()).missing).toEqual([{ symbol: 'ZZZZQ', reason: 'not_found' }]);
  });

  it('asks the signed-in server with its token; anonymous use is refused where the server forbids it', async () => {
    const s = await startTestServer({ security: { marketAnonymous: 'off' } });
    cleanups.push(s.stop);
    const anonymous = await device(s.url);
    await anonymous.buy('AAPL');
    await expect(anonymous.api.refreshQuotes()).rejects.toMatchObject({ failure: 'refused', httpStatus: 401 });
    expect(await anonymous.db._prices.count()).toBe(0);

    const { db, api, buy } = await device(undefined);
    await buy('AAPL');
    await expect(api.refreshQuotes()).rejects.toThrow('No market data server: sign in to a Folio server in Settings for live prices');
    await api.signIn({ serverUrl: s.url, email: 'quotes@example.com', password: 'correct horse battery', register: true });
    expect((await api.refreshQuotes()).prices).toEqual(['AAPL']);
    expect(await db._prices.count()).toBe(1);
  });
});

describe('market client against a broken server', () => {
  it('refuses a malformed answer naming the wrong field, and stores nothing', async () => {
    const bad = JSON.stringify({ quotes: [{ symbol: 'AAPL', price: 244.6, currency: 'USD', time: AAPL_TIME, source: 'fixture', fetchedAt: AAPL_TIME, stale: false }], missing: [], upstream: { state: 'ok' }, provider: 'fixture', demo: true, asOf: AAPL_TIME });
    const url = await fakeServer(200, bad);
    const { db, api, buy } = await device(url);
    await buy('AAPL');

    const error = await api.refreshQuotes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketRequestError);
    expect((error as MarketRequestError).failure).toBe('invalid_response');
    expect((error as Error).message).toBe(`The market data server at ${url} sent an invalid quotes answer: quotes.0.price: Invalid input: expected string, received number`);
    expect(await db._prices.count()).toBe(0);
    expect(value(await api.getHoldings(), 'AAPL')).toBe('2000');
    expect(await api.getMarketStatus()).toMatchObject({ state: 'unavailable', reason: (error as Error).message });
  });

  it('refuses an answer that is not JSON, and reports a refused request with the server’s message', async () => {
    const html = await fakeServer(200, '<html>proxy login</html>');
    const { db, api, buy } = await device(html);
    await buy('AAPL');
    await expect(api.refreshQuotes()).rejects.toThrow(`The market data server at ${html} sent a quotes answer that is not JSON: "<html>proxy login</html>"`);

    const refusing = await fakeServer(401, JSON.stringify({ error: { code: 'unauthorized', message: 'Sign in to use market data' } }));
    const other = await device(refusing);
    await other.buy('AAPL');
    await expect(other.api.refreshQuotes()).rejects.toMatchObject({ failure: 'refused', httpStatus: 401, message: `The market data server at ${refusing} refused the quotes request (HTTP 401): Sign in to use market data` });
    expect(await db._prices.count()).toBe(0);
    expect(await other.db._prices.count()).toBe(0);

    // A 5xx is the server failing to answer (its source is down), not a refusal.
    const failing = await fakeServer(502, JSON.stringify({ error: { code: 'upstream_error', message: 'Market data is unavailable right now: the source is failing; try again later' } }));
    const third = await device(failing);
    await third.buy('AAPL');
    await expect(third.api.refreshQuotes()).rejects.toMatchObject({
      httpStatus: 502,
      message: `The market data server at ${failing} could not answer the quotes request (HTTP 502): Market data is unavailable right now: the source is failing; try again later`,
    });
  });

  it('never stores a zero price, nor a quote in another currency than the holding’s', async () => {
    const quote = (symbol: string, price: string, currency: string) => ({ symbol, price, currency, time: AAPL_TIME, source: 'fixture', fetchedAt: AAPL_TIME, stale: false });
    const answer = (quotes: unknown[], missing: unknown[] = []) => JSON.stringify({ quotes, missing, upstream: { state: 'ok' }, provider: 'fixture', demo: true, asOf: AAPL_TIME });
    const url = await fakeServer(200, (path) =>
      path.startsWith('/api/v1/market/fx') ? answer([], [{ symbol: 'USDCAD=X', reason: 'not_found' }]) : answer([quote('AAPL', '0', 'USD'), quote('XEQT.TO', '30', 'USD')]),
    );
    const { db, api, buy } = await device(url);
    await buy('AAPL');
    await buy('XEQT.TO', '2', '29', 'CAD');

    const result = await api.refreshQuotes();
    expect(result).toMatchObject({ prices: [], rates: [], missing: [{ symbol: 'USDCAD=X', reason: 'not_found' }] });
    expect(result.skipped).toEqual([
      { symbol: 'AAPL', reason: 'price 0 is not above zero' },
      { symbol: 'XEQT.TO', reason: 'XEQT.TO is quoted in USD but held in CAD: its price is not applied' },
    ]);
    expect(await db._prices.count()).toBe(0);
    expect(await db._fx.count()).toBe(0);
    const summary = await api.getHoldings();
    expect(value(summary, 'AAPL')).toBe('2000');
    // No USDCAD rate: the CAD holding has no USD value, and says why (never a rate of 1).
    expect(value(summary, 'XEQT.TO')).toBeNull();
    expect(holding(summary, 'XEQT.TO').gaps).toContainEqual({ kind: 'missing_fx', from: 'CAD', to: 'USD', date: '2026-03-10' });
  });
});
