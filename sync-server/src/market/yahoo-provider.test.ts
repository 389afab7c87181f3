import { describe, expect, it } from 'vitest';
import { createFixtureProvider, type FixtureProvider } from './fixture-provider';
import { ProviderError } from './provider';
import type { YahooLogger } from './yahoo-provider';

const FIXTURES = new URL('../../../../shared/fixtures/yahoo/', import.meta.url);
const silent: YahooLogger = { info() {}, warn() {}, error() {}, debug() {}, dir() {} };
const provider = (): FixtureProvider => createFixtureProvider({ dir: FIXTURES, logger: silent });

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('YahooProvider over recorded fixtures', () => {
  const shared = provider();

  it('quotes a US stock (AAPL) through the cookie/crumb flow', async () => {
    const [aapl, ...rest] = await shared.quotes(['AAPL']);
    expect(rest).toEqual([]);
    expect(aapl).toEqual({
      symbol: 'AAPL',
      name: 'Apple Inc.',
      price: '244.6',
      previousClose: '241.53',
      change: '3.0700073',
      changePercent: 1.2710667,
      currency: 'USD',
      exchange: 'NMS',
      marketState: 'CLOSED',
      time: '2025-02-14T21:00:00.000Z',
      quoteType: 'EQUITY',
      source: 'fixture',
    });
    expect(shared.name).toBe('fixture');
    expect(shared.fixtures.used()).toEqual(['getCrumb-quote-AAPL.json', 'getCrumb-getcrumb.json', 'quote-AAPL.json']);
  });

  it('quotes an ETF (QQQ)', async () => {
    const [qqq] = await shared.quotes(['QQQ']);
    expect(qqq).toMatchObject({ symbol: 'QQQ', price: '538.15', previousClose: '535.9', currency: 'USD', exchange: 'NGM', quoteType: 'ETF' });
  });

  it('quotes a .TO mutual fund in CAD', async () => {
    const [fund] = await shared.quotes(['0P000071W8.TO']);
    expect(fund).toMatchObject({ symbol: '0P000071W8.TO', name: 'TD US Index e', price: '152.63', currency: 'CAD', exchange: 'TOR', quoteType: 'MUTUALFUND' });
  });

  it('takes the currency of a USD-priced TSX ETF from quoteSummary price, not from the .TO suffix', async () => {
    const direct = await shared.priceSummary('HISU-U.TO');
    expect(direct).toMatchObject({
      symbol: 'HISU-U.TO',
      name: 'US High Interest Savings Account Fund',
      price: '100.31',
      previousClose: '100.28',
      currency: 'USD',
      exchange: 'TOR',
      quoteType: 'ETF',
      time: '2025-02-21T19:40:22.000Z',
      source: 'fixture',
    });
    // quoteSummary reports a fraction (0.00029915018); Quote.changePercent is in percent.
    expect(direct.changePercent).toBeCloseTo(0.029915018, 9);
    // quotes() falls back to quoteSummary for a symbol the /v7 quote call did not return.
    expect(await shared.quotes(['HISU-U.TO'])).toEqual([direct]);
    expect(shared.fixtures.used()).toContain('quoteSummary-price-HISU-U.TO.json');
  });

  it('quotes an FX pair (EURUSD=X): price of 1 EUR in USD', async () => {
    const rate = await shared.fx('eur', 'usd');
    expect(rate).toMatchObject({ symbol: 'EURUSD=X', price: '1.0489877', currency: 'USD', exchange: 'CCY', quoteType: 'CURRENCY' });
  });

  it('quotes several symbols in one request and keeps the input order', async () => {
    const before = shared.fixtures.requests().length;
    const quotes = await shared.quotes(['BABA', 'AAPL']);
    expect(quotes.map((q) => [q.symbol, q.price, q.currency, q.exchange])).toEqual([
      ['BABA', '124.73', 'USD', 'NYQ'],
      ['AAPL', '244.6', 'USD', 'NMS'],
    ]);
    expect(shared.fixtures.requests().slice(before).map((r) => r.fixture)).toEqual(['quote-AAPL-BABA.json']);
  });

  it('splits a batch the fixtures do not hold into single-symbol requests', async () => {
    const quotes = await shared.quotes(['QQQ', '0P000071W8.TO']);
    expect(quotes.map((q) => `${q.symbol} ${q.currency}`)).toEqual(['QQQ USD', '0P000071W8.TO CAD']);
  });

  it('reads daily history with decimal-string closes in the exchange time zone', async () => {
    expect(await shared.history('AAPL', '2020-01-01', '2020-01-03')).toEqual({
      symbol: 'AAPL',
      currency: 'USD',
      bars: [{ date: '2020-01-02', close: '75.0875', adjClose: '72.71607' }],
      dividends: [],
      splits: [],
    });
    const eur = await shared.history('EURUSD=X', '2020-01-01', '2020-01-03');
    expect(eur.bars.map((b) => b.date)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
    const fund = await shared.history('0P000071W8.TO', '2020-01-01', '2020-01-03');
    expect(fund).toMatchObject({ currency: 'CAD', bars: [{ date: '2020-01-02', close: '73.72' }] });
  });

  it('reads dividends (MSFT, Feb 2021 – Jan 2022: four)', async () => {
    const msft = await shared.history('MSFT', '2021-02-01', '2022-01-31');
    expect(msft.dividends).toEqual([
      { date: '2021-02-17', amount: '0.56' },
      { date: '2021-05-19', amount: '0.56' },
      { date: '2021-08-18', amount: '0.56' },
      { date: '2021-11-17', amount: '0.62' },
    ]);
    expect(msft.bars).toHaveLength(252);
    expect(msft.bars[0]).toEqual({ date: '2021-02-01', close: '239.65', adjClose: '231.18648' });
    expect(msft.splits).toEqual([]);
  });

  it('reads a split as new:old (NVDA 4:1 on 2021-07-20)', async () => {
    const nvda = await shared.history('NVDA', '2021-02-01', '2022-01-31');
    expect(nvda.splits).toEqual([{ date: '2021-07-20', ratio: '4:1' }]);
    expect(nvda.bars[0]).toMatchObject({ date: '2021-02-01', close: '13.237' });
  });

  it('searches symbols, including Canadian listings', async () => {
    const abbv = await shared.search('ABBV');
    expect(abbv[0]).toEqual({ symbol: 'ABBV', name: 'AbbVie Inc.', exchange: 'NYQ', quoteType: 'EQUITY' });
    expect(abbv).toContainEqual(expect.objectContaining({ symbol: 'ABBV.NE', exchange: 'NEO' }));
    const spot = await shared.search('SPOT');
    expect(spot[0]).toMatchObject({ symbol: 'SPOT', name: 'Spotify Technology S.A.', exchange: 'NYQ' });
    expect(spot).toContainEqual(expect.objectContaining({ symbol: 'SPOT.V', exchange: 'VAN' }));
  });
});

describe('YahooProvider errors', () => {
  it('maps HTTP 429 to rate_limited with Retry-After, then recovers', async () => {
    const p = provider();
    await p.quotes(['AAPL']); // crumb first, so the fault hits the quote call itself
    p.fixtures.injectFault({ endpoint: 'quote', status: 429, retryAfterSeconds: 30 });
    const error = await providerError(p.quotes(['AAPL']));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.message).toContain('HTTP 429');
    expect(error.message).toContain('crumb=[REDACTED]');
    expect((await p.quotes(['AAPL']))[0]?.price).toBe('244.6');
  });

  it('maps a failing getcrumb to auth_failed (after one fresh-session retry)', async () => {
    const p = createFixtureProvider({ dir: FIXTURES, logger: silent, faults: [{ endpoint: 'getcrumb', status: 401, times: 2 }] });
    await p.resetSession(); // yahoo-finance2 caches the crumb process-wide
    const error = await providerError(p.quotes(['AAPL']));
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain('/v1/test/getcrumb');
    expect(p.fixtures.requests().filter((r) => r.endpoint === 'getcrumb').map((r) => r.status)).toEqual([401, 401]);
    expect((await p.quotes(['AAPL']))[0]?.currency).toBe('USD');
  });

  it('recovers from a refused crumb (401 on the quote call) by fetching a new session once', async () => {
    const p = provider();
    await p.quotes(['AAPL']);
    p.fixtures.injectFault({ endpoint: 'quote', status: 401, body: '{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}' });
    expect((await p.quotes(['AAPL']))[0]?.price).toBe('244.6');
    const tail = p.fixtures.requests().slice(-3).map((r) => `${r.endpoint} ${r.status}`);
    expect(tail).toEqual(['crumbPage 404', 'getcrumb 200', 'quote 200']);
  });

  it('maps a network failure to upstream', async () => {
    const p = provider();
    p.fixtures.injectFault({ endpoint: 'chart', status: 'network' });
    expect((await providerError(p.history('AAPL', '2020-01-01', '2020-01-03'))).code).toBe('upstream');
  });

  it('surfaces the fixture 404 for an unknown symbol as not_found naming the URL', async () => {
    const p = provider();
    const error = await providerError(p.history('NOPE', '2020-01-01', '2020-01-03'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('No recorded fixture for GET https://query2.finance.yahoo.com/v8/finance/chart/NOPE?');
    expect((await providerError(p.priceSummary('NOPE'))).code).toBe('not_found');
    expect((await providerError(p.fx('XXX', 'YYY'))).message).toContain('XXXYYY=X');
    // Like live Yahoo, quotes() omits symbols it cannot find instead of failing the whole batch.
    expect(await p.quotes(['NOPE', 'AAPL'])).toEqual([expect.objectContaining({ symbol: 'AAPL' })]);
  });

  it('refuses malformed history ranges before any request', async () => {
    const p = provider();
    await expect(p.history('AAPL', '2020-01-03', '2020-01-01')).rejects.toThrow(RangeError);
    await expect(p.history('AAPL', '2020-02-30', '2020-03-01')).rejects.toThrow(RangeError);
    expect(p.fixtures.requests()).toEqual([]);
  });
});
