import { afterEach, describe, expect, it } from 'vitest';
import { historyResponseSchema, quotesResponseSchema, searchResponseSchema } from '../../../core/src/market/market-protocol';
import type { FixtureProvider } from '../market/fixture-provider';
import { startTestServer } from '../test-server';
import { anonymousAllowed } from './market';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0).reverse()) await s.stop();
});

const DAY = 86_400_000;

/**
 * A clock that can be set back: the app sees `Date.now() + offset`. Starting 8 days in the past
 * and then moving to the present makes every cached quote expired (a closed US market's TTL is at
 * most "until the next 09:30 New York"), while upstream failures are still dated in real time,
 * so Retry-After and retryAt are comparable with the wall clock.
 */
function clock(offset = 0) {
  const c = { offset, now: () => Date.now() + c.offset };
  return c;
}

async function server(overrides: Parameters<typeof startTestServer>[0] = {}): Promise<Server> {
  const s = await startTestServer(overrides);
  servers.push(s);
  return s;
}

async function get(s: Server, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/api/v1/market${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

const fixtures = (s: Server) => (s.marketProvider as FixtureProvider).fixtures;

describe('GET /api/v1/market/quotes, /fx, /history, /search over the fixture provider', () => {
  it('answers protocol-valid quotes with string prices and the currency the source reports', async () => {
    const s = await server();
    const res = await get(s, '/quotes?symbols=AAPL,0P000071W8.TO,hisu-u.to');
    expect(res.status).toBe(200);
    const body = quotesResponseSchema.parse(res.body);
    expect(body).toMatchObject({ provider: 'fixture', demo: true, upstream: { state: 'ok' }, missing: [] });
    expect(body.quotes.map((q) => [q.symbol, q.price, q.currency, q.exchange, q.source, q.stale])).toEqual([
      ['AAPL', '244.6', 'USD', 'NMS', 'fixture', false],
      ['0P000071W8.TO', '152.63', 'CAD', 'TOR', 'fixture', false],
      // A .TO listing priced in USD: the currency comes from the quote, never from the suffix.
      ['HISU-U.TO', '100.31', 'USD', 'TOR', 'fixture', false],
    ]);
    for (const q of body.quotes) {
      expect(typeof q.price).toBe('string');
      expect(Date.parse(q.fetchedAt)).not.toBeNaN();
    }
    expect(Math.abs(Date.parse(body.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it('reports an unknown symbol as missing (not_found), never as a zero price, and remembers it', async () => {
    const s = await server();
    const first = quotesResponseSchema.parse((await get(s, '/quotes?symbols=NOPE,AAPL')).body);
    expect(first.missing).toEqual([{ symbol: 'NOPE', reason: 'not_found' }]);
    expect(first.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    expect(first.quotes.some((q) => Number(q.price) === 0)).toBe(false);
    // The "no such symbol" answer is cached: asking again does not reach upstream.
    const before = fixtures(s).requests().length;
    const again = quotesResponseSchema.parse((await get(s, '/quotes?symbols=nope')).body);
    expect(again).toMatchObject({ quotes: [], missing: [{ symbol: 'NOPE', reason: 'not_found' }] });
    expect(fixtures(s).requests().length).toBe(before);
  });

  it('answers each repeated symbol once and upper-cases symbols', async () => {
    const s = await server();
    const body = quotesResponseSchema.parse((await get(s, '/quotes?symbols=aapl,AAPL, aapl')).body);
    expect(body.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
  });

  it('maps FX pairs to Yahoo symbols', async () => {
    const s = await server();
    const res = await get(s, '/fx?pairs=eurusd');
    expect(res.status).toBe(200);
    const body = quotesResponseSchema.parse(res.body);
    expect(body.quotes).toEqual([expect.objectContaining({ symbol: 'EURUSD=X', price: '1.0489877', currency: 'USD', quoteType: 'CURRENCY' })]);
    expect(body.missing).toEqual([]);
  });

  it('serves history with dividends (MSFT) and splits (NVDA)', async () => {
    const s = await server();
    const msftRes = await get(s, '/history?symbol=MSFT&from=2021-02-01&to=2022-01-31');
    expect(msftRes.status).toBe(200);
    const msft = historyResponseSchema.parse(msftRes.body);
    expect(msft).toMatchObject({ symbol: 'MSFT', currency: 'USD', provider: 'fixture', demo: true, stale: false, splits: [] });
    expect(msft.dividends).toEqual([
      { date: '2021-02-17', amount: '0.56' },
      { date: '2021-05-19', amount: '0.56' },
      { date: '2021-08-18', amount: '0.56' },
      { date: '2021-11-17', amount: '0.62' },
    ]);
    expect(msft.bars).toHaveLength(252);
    expect(msft.bars[0]).toEqual({ date: '2021-02-01', close: '239.65', adjClose: '231.18648' });

    const nvda = historyResponseSchema.parse((await get(s, '/history?symbol=nvda&from=2021-02-01&to=2022-01-31')).body);
    expect(nvda.symbol).toBe('NVDA');
    expect(nvda.splits).toEqual([{ date: '2021-07-20', ratio: '4:1' }]);

    // Cached: the same range again makes no upstream request.
    const before = fixtures(s).requests().length;
    expect((await get(s, '/history?symbol=MSFT&from=2021-02-01&to=2022-01-31')).status).toBe(200);
    expect(fixtures(s).requests().length).toBe(before);
  });

  it('answers 404 for history of a symbol the source does not know', async () => {
    const s = await server();
    const res = await get(s, '/history?symbol=NOPE&from=2020-01-01&to=2020-01-03');
    expect(res.status).toBe(404);
    expect(res.body['error'].code).toBe('not_found');
    // Not an upstream failure: the circuit stays closed.
    expect(s.app.market.upstreamStatus()).toEqual({ state: 'ok' });
  });

  it('searches symbols', async () => {
    const s = await server();
    const res = await get(s, '/search?q=ABBV');
    expect(res.status).toBe(200);
    const body = searchResponseSchema.parse(res.body);
    expect(body).toMatchObject({ provider: 'fixture', demo: true });
    expect(body.results[0]).toEqual({ symbol: 'ABBV', name: 'AbbVie Inc.', exchange: 'NYQ', quoteType: 'EQUITY' });
    expect(body.results).toContainEqual(expect.objectContaining({ symbol: 'ABBV.NE', exchange: 'NEO' }));
  });
});

describe('market input validation', () => {
  const cases: [string, string, string][] = [
    ['a symbol with bad characters', '/quotes?symbols=AAPL,AA$PL', 'symbols'],
    ['a symbol with a space inside', '/quotes?symbols=AA%20PL', 'symbols'],
    ['an empty symbol list', '/quotes?symbols=', 'symbols'],
    ['a list of only commas', '/quotes?symbols=,,', 'symbols'],
    ['no symbols parameter', '/quotes', 'symbols'],
    ['more than 100 symbols', `/quotes?symbols=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}`, 'symbols'],
    ['a symbol longer than 24 characters', `/quotes?symbols=${'A'.repeat(25)}`, 'symbols'],
    ['an FX pair that is not six letters', '/fx?pairs=EURUS', 'pairs'],
    ['an empty pair list', '/fx?pairs=', 'pairs'],
    ['a malformed date', '/history?symbol=AAPL&from=2020-1-1&to=2020-02-01', 'from'],
    ['a month that does not exist', '/history?symbol=AAPL&from=2020-13-01&to=2021-02-01', 'from'],
    ['a day that does not exist (Feb 30)', '/history?symbol=AAPL&from=2020-02-30&to=2020-03-10', 'from'],
    ['a history range over 30 years', '/history?symbol=AAPL&from=1980-01-01&to=2020-01-01', 'from'],
    ['a day that does not exist (Apr 31)', '/history?symbol=AAPL&from=2020-01-01&to=2020-04-31', 'to'],
    ['from equal to to', '/history?symbol=AAPL&from=2020-01-03&to=2020-01-03', 'from'],
    ['from after to', '/history?symbol=AAPL&from=2020-01-03&to=2020-01-01', 'from'],
    ['a bad history symbol', '/history?symbol=AA*PL&from=2020-01-01&to=2020-01-03', 'symbol'],
    ['a missing history symbol', '/history?from=2020-01-01&to=2020-01-03', 'symbol'],
    ['an empty search', '/search?q=', 'q'],
    ['a blank search', '/search?q=%20%20', 'q'],
    ['no search parameter', '/search', 'q'],
    ['a search longer than 64 characters', `/search?q=${'x'.repeat(65)}`, 'q'],
  ];

  it.each(cases)('refuses %s with 422 invalid_input naming the field', async (_what, path, field) => {
    const s = await server();
    const res = await get(s, path);
    expect(res.status).toBe(422);
    expect(res.body['error'].code).toBe('invalid_input');
    expect(res.body['error'].message).toContain(field);
    expect(res.body['error'].issues).toContainEqual(expect.objectContaining({ field: expect.stringMatching(new RegExp(`^${field}(\\.|$)`)) }));
    // Refused before anything reaches upstream, and the circuit breaker does not count it.
    expect(fixtures(s).requests()).toEqual([]);
    expect(s.app.market.upstreamStatus()).toEqual({ state: 'ok' });
  });

  it('accepts exactly 100 symbols', async () => {
    const s = await server();
    // Refuse every upstream call: only the validation is under test here.
    fixtures(s).injectFault({ endpoint: 'any', status: 'network', times: 1000 });
    const res = await get(s, `/quotes?symbols=${Array.from({ length: 100 }, (_, i) => `S${i}`).join(',')}`);
    expect(res.status).toBe(200);
    expect(quotesResponseSchema.parse(res.body).missing).toHaveLength(100);
  });
});

describe('market access policy', () => {
  it('recognises loopback addresses in their IPv4, IPv6 and IPv4-mapped forms', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::ffff:127.10.0.1']) {
      expect(anonymousAllowed('local', ip, false), ip).toBe(true);
      // A reverse proxy on the same host makes every request look local: forwarded is never local.
      expect(anonymousAllowed('local', ip, true), `${ip} forwarded`).toBe(false);
      expect(anonymousAllowed('off', ip, false), `${ip} off`).toBe(false);
    }
    for (const ip of ['10.0.0.1', '192.168.1.20', '::ffff:10.0.0.1', '::2', 'fe80::1', '128.0.0.1', '1127.0.0.1', '127.0.0.1.evil', 'unknown', '']) {
      expect(anonymousAllowed('local', ip, false), ip).toBe(false);
      expect(anonymousAllowed('all', ip, false), `${ip} all`).toBe(true);
    }
    expect(anonymousAllowed('all', '10.0.0.1', true)).toBe(true);
  });

  it('lets loopback clients in anonymously under the default policy', async () => {
    const s = await server();
    expect((await get(s, '/quotes?symbols=AAPL')).status).toBe(200);
  });

  it("refuses anonymous use under 'off' but serves a registered user's bearer token", async () => {
    const s = await server({ security: { marketAnonymous: 'off' } });
    const anonymous = await get(s, '/quotes?symbols=AAPL');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body['error'].code).toBe('unauthorized');
    expect((await get(s, '/search?q=ABBV')).status).toBe(401);
    expect(fixtures(s).requests()).toEqual([]);

    const user = await s.register();
    const res = await get(s, '/quotes?symbols=AAPL', { authorization: `Bearer ${user.accessToken}` });
    expect(res.status).toBe(200);
    expect(quotesResponseSchema.parse(res.body).quotes[0]?.price).toBe('244.6');
  });

  it('does not treat a forwarded request as local', async () => {
    const s = await server();
    const forwarded: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.7' }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=203.0.113.7' }];
    for (const headers of forwarded) {
      const res = await get(s, '/quotes?symbols=AAPL', headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
    }
    const user = await s.register();
    expect((await get(s, '/quotes?symbols=AAPL', { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${user.accessToken}` })).status).toBe(200);
  });

  it('refuses a bad bearer token even where anonymous use is allowed', async () => {
    for (const policy of ['local', 'all'] as const) {
      const s = await server({ security: { marketAnonymous: policy } });
      for (const authorization of ['Bearer not-a-token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
        const res = await get(s, '/quotes?symbols=AAPL', { authorization });
        expect(res.status, `${policy} ${authorization}`).toBe(401);
        expect(res.body['error'].code).toBe('unauthorized');
      }
    }
  });
});

describe('market rate limits', () => {
  it('runs out of the anonymous burst and answers 429 with Retry-After', async () => {
    // 6 a minute: a burst of 5, then one every 10 s.
    const s = await server({ security: { marketAnonPerMinute: 6 } });
    for (let i = 0; i < 5; i++) expect((await get(s, '/quotes?symbols=AAPL')).status).toBe(200);
    const limited = await get(s, '/quotes?symbols=AAPL');
    expect(limited.status).toBe(429);
    expect(limited.body['error'].code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    // Every market route shares the quota.
    expect((await get(s, '/search?q=ABBV')).status).toBe(429);
    // A signed-in user has a quota of their own.
    const user = await s.register();
    expect((await get(s, '/quotes?symbols=AAPL', { authorization: `Bearer ${user.accessToken}` })).status).toBe(200);
  });
});

describe('when upstream fails', () => {
  it("tells the device why in plain words, keeping the source's URLs and bodies in the server's log", async () => {
    const s = await server();
    fixtures(s).injectFault({ endpoint: 'any', status: 'network', times: 1 });
    const res = await get(s, '/history?symbol=QQQ&from=2020-01-01&to=2020-01-03');
    expect(res.status).toBe(502);
    expect(res.body['error']).toMatchObject({ code: 'upstream_error', message: 'Market data is unavailable right now: the source is failing; try again later' });
    expect(JSON.stringify(res.body)).not.toMatch(/yahoo|https?:/i);
    // …and the server's log keeps what failed, where.
    expect(s.logs.join('\n')).toMatch(/market data upstream failed.*"what":"history".*Network error for https:\/\/query\d?\.finance\.yahoo\.com/);
  });

  it('serves the last price marked stale, reports the outage, and answers 503 for uncached history', async () => {
    const c = clock(-8 * DAY);
    const s = await server({ now: c.now });
    const first = quotesResponseSchema.parse((await get(s, '/quotes?symbols=AAPL')).body);
    expect(first.quotes[0]).toMatchObject({ symbol: 'AAPL', price: '244.6', stale: false });
    expect(historyResponseSchema.parse((await get(s, '/history?symbol=AAPL&from=2020-01-01&to=2020-01-03')).body).stale).toBe(false);

    // Eight days later every cache entry has expired, and Yahoo rate-limits us.
    c.offset = 0;
    fixtures(s).injectFault({ endpoint: 'quote', status: 429, retryAfterSeconds: 30 });
    const res = await get(s, '/quotes?symbols=AAPL,QQQ');
    expect(res.status).toBe(200);
    const body = quotesResponseSchema.parse(res.body);
    expect(body.quotes).toEqual([expect.objectContaining({ symbol: 'AAPL', price: '244.6', currency: 'USD', stale: true, fetchedAt: first.quotes[0]!.fetchedAt })]);
    expect(body.missing).toEqual([{ symbol: 'QQQ', reason: 'unavailable' }]);
    expect(body.upstream.state).toBe('unavailable');
    expect(body.upstream.reason).toBe('rate limited by the source');
    const since = Date.parse(body.upstream.since ?? '');
    const retryAt = Date.parse(body.upstream.retryAt ?? '');
    expect(Math.abs(since - Date.now())).toBeLessThan(10_000);
    expect(retryAt - since).toBe(30_000); // the source's Retry-After

    // While the circuit is open nothing more goes upstream; cached history is served stale.
    const before = fixtures(s).requests().length;
    const again = quotesResponseSchema.parse((await get(s, '/quotes?symbols=AAPL')).body);
    expect(again.quotes[0]).toMatchObject({ price: '244.6', stale: true });
    const cachedHistory = await get(s, '/history?symbol=AAPL&from=2020-01-01&to=2020-01-03');
    expect(cachedHistory.status).toBe(200);
    expect(historyResponseSchema.parse(cachedHistory.body)).toMatchObject({ stale: true, bars: [{ date: '2020-01-02', close: '75.0875' }] });

    const history = await get(s, '/history?symbol=AAPL&from=2020-08-31&to=2020-11-07');
    expect(history.status).toBe(503);
    expect(history.body['error'].code).toBe('market_unavailable');
    expect(history.body['error'].message).toMatch(/^Market data is unavailable: rate limited by the source; not asking again for \d+ s$/);
    const wait = Number(history.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(30);
    expect((await get(s, '/search?q=SPOT')).status).toBe(503);
    expect(fixtures(s).requests().length).toBe(before);

    // After Retry-After one trial call goes through, succeeds and closes the circuit.
    c.offset = 31_000;
    const recovered = quotesResponseSchema.parse((await get(s, '/quotes?symbols=AAPL')).body);
    expect(recovered.upstream).toEqual({ state: 'ok' });
    expect(recovered.quotes[0]).toMatchObject({ price: '244.6', stale: false });
    expect((await get(s, '/history?symbol=AAPL&from=2020-08-31&to=2020-11-07')).status).toBe(200);
  });
});
