// The server side of the live-ticker benchmark, in its own process: the real app over recorded
// Yahoo fixtures, with QQQ's recorded price rewritten to a value the parent moves over IPC and
// a 1 ms open-market TTL, so every poll asks upstream once and finds a change to push to all subscribers.
import { serve } from '@hono/node-server';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../sync-server/src/create-app';
import { openDatabase } from '../sync-server/src/db/open-database';
import { createLogger } from '../sync-server/src/logger';
import { createFixtureFetch } from '../sync-server/src/market/fixture-fetch';
import { YahooProvider } from '../sync-server/src/market/yahoo-provider';

let price = 538.15;
const fixtures = createFixtureFetch();
const moving: typeof fetch = async (input, init) => {
  const response = await fixtures.fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.includes('/v7/finance/quote')) return response;
  const body = (await response.json()) as { quoteResponse: { result: { regularMarketPrice: number; regularMarketTime: number; marketState: string }[] } };
  for (const quote of body.quoteResponse.result) {
    quote.marketState = 'REGULAR'; // a trading session: the quote lives `openMs`
    quote.regularMarketPrice = price;
    quote.regularMarketTime = Math.floor(Date.now() / 1000);
  }
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};

const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'folio-bench-ticker-')), 'data'));
const tiny = { openMs: 1, extendedMs: 1, closedMinMs: 1, foreignClosedMaxMs: 1 };
const app = createApp({
  db,
  logger: createLogger('warn'),
  version: 'bench',
  signingKey: new Uint8Array(32).fill(9),
  marketProvider: new YahooProvider({ fetch: moving, name: 'fixture' }),
  market: { ttl: tiny, staleWindowMs: 0 },
  security: { marketAnonymous: 'local' },
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
server.on('upgrade', (req, socket, head) => {
  if (!app.handleUpgrade(req, socket, head)) socket.destroy();
});
server.once('listening', () => process.send!({ type: 'listening', port: (server.address() as AddressInfo).port }));

process.on('message', async (message: { type: string }) => {
  if (message.type === 'move') {
    price = Math.round((price + 0.01) * 100) / 100;
    const before = app.market.upstreamCalls;
    const startedAt = Date.now();
    await app.tickers.poll();
    process.send!({ type: 'moved', startedAt, price: String(price), upstreamCalls: app.market.upstreamCalls - before, subscribers: app.tickers.subscribers('QQQ') });
  } else if (message.type === 'stop') {
    app.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
