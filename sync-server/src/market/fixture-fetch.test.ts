import { describe, expect, it } from 'vitest';
import { createFixtureFetch, endpointOf } from './fixture-fetch';

const FIXTURES = new URL('../../../../shared/fixtures/yahoo/', import.meta.url);
const Q = 'https://query2.finance.yahoo.com';

describe('createFixtureFetch', () => {
  it('replays the crumb page with its redirect and set-cookie header', async () => {
    const fx = createFixtureFetch({ dir: FIXTURES });
    const response = await fx.fetch('https://finance.yahoo.com/quote/AAPL', { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/^https:\/\/guce\.yahoo\.com\/consent/);
    expect(response.headers.getSetCookie()).toEqual(['GUCS=AV78X-IQ; Max-Age=1800; Domain=.yahoo.com; Path=/; Secure']);
    const crumb = await fx.fetch('https://query1.finance.yahoo.com/v1/test/getcrumb');
    expect(await crumb.text()).toBe('haT3oykhHqZ');
    expect(fx.used()).toEqual(['getCrumb-quote-AAPL.json', 'getCrumb-getcrumb.json']);
  });

  it('ignores the crumb, the host number and the order of query params and symbols', async () => {
    const fx = createFixtureFetch({ dir: FIXTURES });
    const response = await fx.fetch(`https://query1.finance.yahoo.com/v7/finance/quote?crumb=other&symbols=BABA,AAPL`, {
      headers: { cookie: 'A=1' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { quoteResponse: { result: Array<{ symbol: string }> } };
    expect(body.quoteResponse.result.map((q) => q.symbol)).toEqual(['AAPL', 'BABA']);
    expect(fx.used()).toEqual(['quote-AAPL-BABA.json']);
  });

  it('matches charts on symbol and period, preferring the recording that agrees on the soft params', async () => {
    const fx = createFixtureFetch({ dir: FIXTURES });
    const base = `${Q}/v8/finance/chart/MSFT?interval=1d&period1=1612137600&period2=1643587200`;
    expect((await fx.fetch(`${base}&events=div%7Csplit`)).status).toBe(200);
    expect((await fx.fetch(`${Q}/v8/finance/chart/EURUSD%3DX?interval=1d&period1=1577836800&period2=1578009600`)).status).toBe(200);
    expect((await fx.fetch(`${Q}/v8/finance/chart/MSFT?interval=1d&period1=1612137600&period2=1643587201`)).status).toBe(404);
    expect((await fx.fetch(`${Q}/v8/finance/chart/MSFT?interval=1wk&period1=1612137600&period2=1643587200`)).status).toBe(404);
    expect(fx.used()).toEqual(['historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json', 'chart-EURUSD=X-2020-01-01-to-2020-01-03.json']);
  });

  it('answers unknown requests with a 404 naming the URL', async () => {
    const fx = createFixtureFetch({ dir: FIXTURES });
    const url = `${Q}/v7/finance/quote?symbols=NOPE`;
    const response = await fx.fetch(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(`No recorded fixture for GET ${url}`);
    expect(fx.requests()).toEqual([{ method: 'GET', url, endpoint: 'quote', status: 404 }]);
  });

  it('injects faults for the next N calls of one endpoint', async () => {
    const fx = createFixtureFetch({ dir: FIXTURES, faults: [{ endpoint: 'quote', times: 2, retryAfterSeconds: 7 }] });
    const url = `${Q}/v7/finance/quote?symbols=AAPL`;
    for (let i = 0; i < 2; i += 1) {
      const response = await fx.fetch(url);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    expect((await fx.fetch(url)).status).toBe(200);
    fx.injectFault({ endpoint: 'any', status: 'network' });
    await expect(fx.fetch(url)).rejects.toThrow(TypeError);
    fx.injectFault({ endpoint: 'search', status: 500 });
    fx.clearFaults();
    expect((await fx.fetch(`${Q}/v1/finance/search?q=SPOT`)).status).toBe(200);
  });

  it('accepts the fixture folder as a plain path', async () => {
    const fx = createFixtureFetch({ dir: '/work/shared/fixtures/yahoo' });
    expect((await fx.fetch(`${Q}/v7/finance/quote?symbols=QQQ`)).status).toBe(200);
  });

  it('classifies endpoints', () => {
    expect(endpointOf(`${Q}/v10/finance/quoteSummary/HISU-U.TO?modules=price`)).toBe('quoteSummary');
    expect(endpointOf('https://guce.yahoo.com/consent?x=1')).toBe('crumbPage');
    expect(endpointOf('https://example.com/')).toBe('other');
  });
});
