import 'fake-indexeddb/auto';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket, WebSocketServer } from 'ws';
import { testApp } from '../../../sync-server/src/test-support';
import { createCoreApi } from '../api/create-core-api';
import { FolioDb } from '../db/database';
import type { HoldingsSummary } from '../engine/holdings-summary';
import { toDecimalString } from '../money/decimal';
import { localDate } from '../time/local-date';
import type { MarketStatus } from './market-status';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The real server app (fixture provider) on 127.0.0.1, which can go away and come back on the
 * same port, as a restarted or unreachable server does. Going away drops the live sockets too.
 */
async function restartableServer() {
  const t = testApp();
  let http: Server | null = null;
  const sockets = new Set<Duplex>();
  const listen = async (port: number) => {
    for (let attempt = 0; ; attempt += 1) {
      const server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }) as Server;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('listening', resolve);
          server.once('error', reject);
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      server.on('upgrade', (req, socket, head) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        if (!t.app.handleUpgrade(req, socket, head)) socket.destroy();
      });
      return server;
    }
  };
  http = await listen(0);
  const port = (http.address() as AddressInfo).port;
  const down = async () => {
    if (!http) return;
    const closing = http;
    http = null;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => {
      closing.closeAllConnections();
      closing.close(() => r());
    });
  };
  cleanups.push(async () => {
    await down();
    t.cleanup();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    down,
    up: async () => {
      http = await listen(port);
    },
  };
}

async function device(serverUrl: string, options: { liveSilenceMs?: number } = {}) {
  const db = new FolioDb(`live-${crypto.randomUUID()}`);
  const api = createCoreApi({ db, marketServerUrl: serverUrl, openSocket: (url) => new WsWebSocket(url) as unknown as WebSocket, liveBackoffMs: 50, syncIntervalMs: 60_000, ...options });
  cleanups.push(async () => {
    await api.stopLiveQuotes();
    api.sync.stop();
    await db.delete();
  });
  await api.updateSettings({ baseCurrency: 'USD' });
  const { account } = await api.ensureDefaultAccount();
  const buy = (symbol: string, quantity: string, price: string) => api.addTransaction({ kind: 'buy', accountId: account.id, date: '2025-01-10', symbol, currency: 'USD', quantity, price });
  const statuses: MarketStatus[] = [];
  await api.watch({ kind: 'market' }, (s) => statuses.push(s as MarketStatus));
  return { db, api, buy, statuses };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `ms`. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const holding = (summary: HoldingsSummary, symbol: string) => summary.holdings.find((h) => h.symbol === symbol)!;
const value = (summary: HoldingsSummary, symbol: string) => {
  const v = holding(summary, symbol).marketValueBase;
  return v === null ? null : toDecimalString(v);
};

describe('live quotes over the real server’s WebSocket', () => {
  it('applies the snapshot, follows new holdings, goes unavailable when the server goes, and comes back', async () => {
    const server = await restartableServer();
    const { db, api, buy, statuses } = await device(server.url);
    await buy('AAPL', '10', '200');

    expect(await api.startLiveQuotes()).toMatchObject({ state: 'connecting', connected: false });
    const live = await until('live status', async () => {
      const s = await api.getMarketStatus();
      return s.state === 'live' && s;
    });
    expect(live).toMatchObject({ connected: true, provider: 'fixture', demo: true, serverUrl: server.url });
    // The subscribe snapshot lands in the cache and values the holding.
    await until('AAPL price', async () => (await db._prices.where('symbol').equals('AAPL').count()) > 0);
    await api.market.live()!.settled();
    const summary = await api.getHoldings();
    expect(value(summary, 'AAPL')).toBe('2446');
    expect(holding(summary, 'AAPL').priceInfo).toMatchObject({ source: 'fixture', demo: true, stale: false, time: '2025-02-14T21:00:00.000Z' });
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['connecting', 'live']));

    // A new holding is subscribed on the open connection, and its snapshot arrives.
    await buy('QQQ', '1', '400');
    await until('QQQ price', async () => (await db._prices.where('symbol').equals('QQQ').count()) > 0);
    // A new base currency needs a rate: EURUSD=X is subscribed and lands in the FX cache.
    await api.updateSettings({ baseCurrency: 'EUR' });
    const rate = await until('EURUSD rate', async () => (await db._fx.toArray())[0]);
    expect(rate).toMatchObject({ pair: 'EURUSD', rate: '1.0489877', date: localDate(new Date('2025-02-17T10:54:43.000Z')), demo: true });
    await api.updateSettings({ baseCurrency: 'USD' });

    // The server goes away: quotes are unavailable since the connection dropped; prices stay.
    const beforeDrop = new Date().toISOString();
    await server.down();
    const down = await until('unavailable status', async () => {
      const s = await api.getMarketStatus();
      return s.state === 'unavailable' && s;
    });
    expect(down.connected).toBe(false);
    expect(down.unavailableSince! >= beforeDrop && down.unavailableSince! <= new Date().toISOString()).toBe(true);
    expect(down.reason).toMatch(/live quotes/);
    const offline = await api.getHoldings();
    expect(value(offline, 'AAPL')).toBe('2446');
    expect(holding(offline, 'AAPL').priceInfo).toMatchObject({ stale: true, demo: true });
    // Reconnect attempts keep failing while it is down, without moving "since".
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.getMarketStatus()).unavailableSince).toBe(down.unavailableSince);

    // It comes back on the same port: live again, with fresh (not stale) prices.
    await server.up();
    await until('live again', async () => (await api.getMarketStatus()).state === 'live');
    const back = await api.getHoldings();
    expect(holding(back, 'AAPL').priceInfo).toMatchObject({ stale: false });
    expect((await api.getMarketStatus()).unavailableSince).toBeUndefined();
  });

  it('drops the socket at once when the device goes offline, and reconnects when it is back', async () => {
    const server = await restartableServer();
    const { api, buy } = await device(server.url);
    await buy('AAPL', '1', '200');
    await api.startLiveQuotes();
    await until('live', async () => (await api.getMarketStatus()).state === 'live');

    await api.setNetworkOnline(false);
    expect(await api.getMarketStatus()).toMatchObject({ state: 'unavailable', connected: false, reason: 'This device is offline' });
    await api.setNetworkOnline(true);
    await until('live after online', async () => (await api.getMarketStatus()).state === 'live');
  });

  it('treats a message that breaks the protocol as a failure, naming what was wrong', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => r());
    }));
    wss.on('connection', (socket) => {
      socket.once('message', () => {
        socket.send(JSON.stringify({ type: 'ready', provider: 'fixture', demo: true }));
        socket.send(JSON.stringify({ type: 'quotes', quotes: [{ symbol: 'AAPL', price: 0 }], asOf: 'now' }));
      });
    });
    const url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const { db, api, buy } = await device(url);
    await buy('AAPL', '1', '200');
    await api.startLiveQuotes();
    const status = await until('unavailable', async () => {
      const s = await api.getMarketStatus();
      return s.state === 'unavailable' && s;
    });
    expect(status.reason).toMatch(/^The server sent an invalid live message: quotes\.0\.price: Invalid input: expected string, received number/);
    expect(await db._prices.count()).toBe(0);
  });

  it('counts a connection that falls silent (no heartbeat) as dead, and connects again', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => r());
    }));
    let connections = 0;
    wss.on('connection', (socket) => {
      connections += 1;
      // Answers the hello, then never says anything again and never closes: a half-open link.
      socket.once('message', () => socket.send(JSON.stringify({ type: 'ready', provider: 'fixture', demo: true })));
    });
    const url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const { api, buy } = await device(url, { liveSilenceMs: 300 });
    await buy('AAPL', '1', '200');
    await api.startLiveQuotes();
    await until('live', async () => (await api.getMarketStatus()).state === 'live');
    const status = await until('unavailable after silence', async () => {
      const s = await api.getMarketStatus();
      return s.state === 'unavailable' && s;
    });
    expect(status.reason).toBe(`No message from live quotes at ${url} for 0 s`);
    await until('a second connection', async () => connections >= 2);
  });

  it('lists the symbols a live snapshot has no quote for', async () => {
    const server = await restartableServer();
    const { api, buy } = await device(server.url);
    await buy('ZZZZQ', '1', '10');
    await api.startLiveQuotes();
    const status = await until('missing reported', async () => {
      const s = await api.getMarketStatus();
      return s.missing.some((m) => m.symbol === 'ZZZZQ') && s;
    });
    expect(status.missing).toContainEqual({ symbol: 'ZZZZQ', reason: 'not_found' });
  });
});
