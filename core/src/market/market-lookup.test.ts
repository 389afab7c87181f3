import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../sync-server/src/test-server';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import { CoreError } from '../errors';
import { dec, div, ONE, round, toDecimalString } from '../money/decimal';
import { MarketRequestError } from './market-client';
import { brokerRate, closeOnOrBefore, fxHistoryWindows } from './market-lookup';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A device against the real server with the fixture provider (recorded Yahoo answers). */
async function device(serverUrl?: string) {
  const url = serverUrl ?? (await server()).url;
  const db = new FolioDb(`lookup-${crypto.randomUUID()}`);
  const api = createCoreApi({ db, now: () => new Date('2026-03-10T15:00:00'), marketServerUrl: url, syncIntervalMs: 60_000 });
  cleanups.push(async () => {
    api.sync.stop();
    await db.delete();
  });
  return { db, api };
}

async function server(options: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(options);
  cleanups.push(s.stop);
  return s;
}

describe('market lookups for data entry, against the real server (fixture provider)', () => {
  it('searches symbols by what was typed', async () => {
    const { api } = await device();
    const results = await api.searchSymbols('ABBV');
    expect(results[0]).toEqual({ symbol: 'ABBV', name: 'AbbVie Inc.', exchange: 'NYQ', type: 'EQUITY' });
    expect(results.map((r) => r.symbol)).toContain('ABBV.NE');
    expect((await api.searchSymbols('SPOT')).map((r) => r.symbol)).toContain('SPOT.V');
    // Nothing typed: no request, no results.
    expect(await api.searchSymbols('   ')).toEqual([]);
  });

  it('detects the instrument’s currency from its quote, and says when there is no quote', async () => {
    const { api } = await device();
    expect(await api.lookupInstrument('aapl')).toEqual({ symbol: 'AAPL', currency: 'USD', name: 'Apple Inc.', exchange: 'NMS', type: 'EQUITY', demo: true });
    expect(await api.lookupInstrument('0P000071W8.TO')).toMatchObject({ currency: 'CAD' });
    expect(await api.lookupInstrument('ZZZZQ')).toBeNull();
    await expect(api.lookupInstrument('AA*PL')).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'symbol' }] });
  });

  it('finds the FX rate of a day from the pair’s history and stores it in the FX cache', async () => {
    const { db, api } = await device();
    const rate = await api.getFxRate('EUR', 'USD', '2020-01-02');
    expect(rate).toEqual({ found: true, from: 'EUR', to: 'USD', pair: 'EURUSD', inverted: false, rate: '1.1220826', date: '2020-01-02', source: 'fixture', demo: true });
    expect(await db._fx.get(['EURUSD', '2020-01-02'])).toMatchObject({ rate: '1.1220826', source: 'fixture', demo: true, currency: 'USD' });
  });

  it('inverts the market pair when asked the other way round', async () => {
    const { api } = await device();
    const rate = await api.getFxRate('usd', 'eur', '2020-01-02');
    expect(rate).toMatchObject({ found: true, from: 'USD', to: 'EUR', pair: 'EURUSD', inverted: true, date: '2020-01-02' });
    expect(rate.found && rate.rate).toBe(toDecimalString(round(div(ONE, dec('1.1220826')), 10)));
  });

  it('says there is no rate (never 1) when the market has none for the pair', async () => {
    const { db, api } = await device();
    const rate = await api.getFxRate('USD', 'CAD', '2025-01-10');
    expect(rate).toEqual({ found: false, from: 'USD', to: 'CAD', date: '2025-01-10', reason: expect.stringContaining('No USDCAD rate in market data') });
    expect(await db._fx.count()).toBe(0);
  });

  it('loads a benchmark’s daily closes, and performance then compares with it day by day', async () => {
    const { db, api } = await device();
    await api.updateSettings({ baseCurrency: 'USD' });
    const { account } = await api.ensureDefaultAccount();
    await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2020-09-01', symbol: 'QQQ', currency: 'USD', quantity: '10', price: '280' });
    const loaded = await api.loadHistory('aapl', '2020-08-31', '2020-11-07');
    expect(loaded).toMatchObject({ symbol: 'AAPL', currency: 'USD', demo: true });
    expect(loaded.bars).toBeGreaterThan(40);
    const stored = await db._prices.where('symbol').equals('AAPL').toArray();
    expect(stored).toHaveLength(loaded.bars);
    expect(stored[0]).toMatchObject({ source: 'fixture', currency: 'USD', demo: true });

    const result = await api.getPerformance({}, { from: '2020-09-01', to: '2020-11-06' }, 'AAPL');
    const level = (date: string) => Number(stored.filter((r) => r.date <= date).at(-1)!.price);
    expect(result.benchmark!.twr).toBeCloseTo(level('2020-11-06') / level('2020-09-01') - 1, 12);
    const series = result.benchmark!.series!;
    expect(series[0]).toMatchObject({ date: '2020-09-01' });
    expect(toDecimalString(series[0]!.value)).toBe('2800'); // the portfolio's value that day, in index units
    expect(series.at(-1)!.date).toBe('2020-11-06');

    // A range the source has nothing for is an answer, not an error.
    expect(await api.loadHistory('QQQ', '2019-01-01', '2019-02-01')).toEqual({ symbol: 'QQQ', from: '2019-01-01', to: '2019-02-01', bars: 0 });
  });

  it('refuses a malformed request, naming the field', async () => {
    const { api } = await device();
    await expect(api.getFxRate('USD', 'XXQ', '2020-01-02')).rejects.toMatchObject({ code: 'invalid_input', issues: [{ field: 'to' }] });
    await expect(api.getFxRate('USD', 'CAD', '2020-02-30')).rejects.toMatchObject({ issues: [{ field: 'date' }] });
    await expect(api.getFxRate('CAD', 'CAD', '2020-01-02')).rejects.toBeInstanceOf(CoreError);
  });

  it('reports a refusing server as an error, not as a missing rate', async () => {
    const s = await server({ security: { marketAnonymous: 'off' } });
    const { api } = await device(s.url);
    const failure = await api.getFxRate('EUR', 'USD', '2020-01-02').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MarketRequestError);
    expect(failure).toMatchObject({ failure: 'refused', httpStatus: 401 });
    await expect(api.searchSymbols('ABBV')).rejects.toMatchObject({ failure: 'refused' });
  });
});

describe('FX history helpers', () => {
  it('asks for the day (history is [from, to)) first, then looks back over weekends', () => {
    expect(fxHistoryWindows('2020-01-02')).toEqual([
      { from: '2020-01-01', to: '2020-01-03' },
      { from: '2019-12-23', to: '2020-01-03' },
    ]);
    expect(fxHistoryWindows('2024-03-01')[0]).toEqual({ from: '2024-02-29', to: '2024-03-02' });
  });

  it('takes the last close on or before the day, ignoring later ones', () => {
    const bars = [
      { date: '2020-01-03', close: '3' },
      { date: '2019-12-31', close: '1' },
      { date: '2020-01-02', close: '2' },
    ];
    expect(closeOnOrBefore(bars, '2020-01-02')).toEqual({ date: '2020-01-02', close: '2' });
    expect(closeOnOrBefore(bars, '2020-01-01')).toEqual({ date: '2019-12-31', close: '1' });
    expect(closeOnOrBefore(bars, '2019-12-30')).toBeUndefined();
  });

  it('never takes a broken bar (a close of zero, a bar without a real date) as the rate', () => {
    const bars = [
      { date: '2020-01-02', close: '1.3' },
      { date: '2020-01-03', close: '0' },
      { date: 'not-a-day', close: '1.5' },
    ];
    expect(closeOnOrBefore(bars, '2020-01-06')).toEqual({ date: '2020-01-02', close: '1.3' });
  });

  it('gives the rate in the asked direction', () => {
    expect(brokerRate('1.35', false)).toBe('1.35');
    expect(brokerRate('1.25', true)).toBe('0.8');
    expect(brokerRate('3', true)).toBe('0.3333333333');
  });
});
