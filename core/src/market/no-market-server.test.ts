import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import type { MarketStatus } from './market-status';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A device whose app is not served by a Folio server (the extension's page) and that is not
 * signed in: there is no market data server to ask.
 */
async function extensionDevice() {
  const db = new FolioDb(`no-server-${crypto.randomUUID()}`);
  const sockets: string[] = [];
  const fetched: string[] = [];
  const api = createCoreApi({
    db,
    marketServerUrl: 'chrome-extension://abcdefghijklmnop',
    fetch: async (input) => {
      fetched.push(String(input));
      throw new TypeError('no network in this test');
    },
    openSocket: (url) => {
      sockets.push(url);
      throw new Error('no sockets in this test');
    },
    liveBackoffMs: 5,
    syncIntervalMs: 60_000,
  });
  cleanups.push(async () => {
    await api.stopLiveQuotes();
    api.sync.stop();
    await db.delete();
  });
  await api.updateSettings({ baseCurrency: 'USD' });
  const { account } = await api.ensureDefaultAccount();
  await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2025-01-10', symbol: 'AAPL', currency: 'USD', quantity: '2', price: '200' });
  const statuses: MarketStatus[] = [];
  await api.watch({ kind: 'market' }, (s) => statuses.push(s as MarketStatus));
  return { api, sockets, fetched, statuses };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('market data without a server to ask', () => {
  it('says once how to get prices, and live quotes do not keep retrying', async () => {
    const { api, sockets, fetched, statuses } = await extensionDevice();
    await api.startLiveQuotes();
    // With a 5 ms backoff, a retrying connection would have tried dozens of times by now.
    await settle(300);
    const status = await api.getMarketStatus();
    expect(status.state).toBe('unavailable');
    expect(status.reason).toBe('No market data server: sign in to a Folio server in Settings for live prices');
    // Prices were never current: no "unavailable since" moment is made up.
    expect(status.unavailableSince).toBeUndefined();
    expect(sockets).toEqual([]);
    expect(fetched).toEqual([]);
    const failures = statuses.filter((s) => s.state === 'unavailable');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThanOrEqual(2);
  });

  it('fails a refresh and a lookup with that message, without a request', async () => {
    const { api, fetched } = await extensionDevice();
    await expect(api.refreshQuotes()).rejects.toThrow('sign in to a Folio server in Settings for live prices');
    await expect(api.lookupInstrument('AAPL')).rejects.toThrow('sign in to a Folio server in Settings for live prices');
    expect(fetched).toEqual([]);
  });
});
