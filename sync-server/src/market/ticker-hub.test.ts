import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveServerMessageSchema, type LiveClientMessage, type LiveServerMessage } from '../../../core/src/market/market-protocol';
import { createLogger } from '../logger';
import { startTestServer } from '../test-server';
import { testApp } from '../test-support';
import { createFixtureFetch, endpointOf, type FixtureFetch } from './fixture-fetch';
import { TickerHub } from './ticker-hub';
import { YahooProvider, type YahooLogger } from './yahoo-provider';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const DAY = 86_400_000;
const silent: YahooLogger = { info() {}, warn() {}, error() {}, debug() {}, dir() {} };

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The real YahooProvider over the recorded fixtures, with the price in /v7 quote answers
 * replaceable: `price.value` (when set) is written into every result's regularMarketPrice.
 */
function steerableProvider() {
  const fixtures: FixtureFetch = createFixtureFetch();
  const price: { value: number | undefined } = { value: undefined };
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await fixtures.fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (price.value === undefined || endpointOf(url) !== 'quote' || !response.ok) return response;
    const body = (await response.json()) as { quoteResponse: { result: { regularMarketPrice?: number }[] } };
    for (const result of body.quoteResponse.result) result.regularMarketPrice = price.value;
    return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
  const provider = new YahooProvider({ fetch: wrapped, name: 'fixture', logger: silent });
  const quoteRequests = () => fixtures.requests().filter((r) => r.endpoint === 'quote').length;
  return { provider, fixtures, price, quoteRequests };
}

/** App clock `Date.now() + offset`: start in the past, then set offset 0 to expire every cached quote. */
function clock(offset = 0) {
  const c = { offset, now: () => Date.now() + c.offset };
  return c;
}

async function server(overrides: Parameters<typeof startTestServer>[0] = {}): Promise<Server> {
  const s = await startTestServer(overrides);
  cleanups.push(s.stop);
  return s;
}

/** A live-ticker client that validates and queues every server message. */
interface Live {
  ws: WebSocket;
  /** Every message received so far, in order. */
  received: LiveServerMessage[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  send(message: LiveClientMessage | string): void;
}

const queues = new WeakMap<Live, { cursor: number; wake: (() => void) | undefined }>();

async function connect(s: { url: string }, headers: Record<string, string> = {}): Promise<Live> {
  const ws = new WebSocket(`${s.url.replace('http:', 'ws:')}/api/v1/market/live`, { headers });
  const received: LiveServerMessage[] = [];
  const state = { cursor: 0, wake: undefined as (() => void) | undefined };
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      state.wake?.();
    }),
  );
  ws.on('message', (data) => {
    // Every server message must follow the protocol.
    received.push(liveServerMessageSchema.parse(JSON.parse(String(data))));
    state.wake?.();
  });
  cleanups.push(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const live: Live = { ws, received, closed, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
  queues.set(live, state);
  return live;
}

/** The next message not yet taken from `live`; rejects after `timeoutMs` or when the socket closes first. */
async function nextMessage(live: Live, timeoutMs = 3_000): Promise<LiveServerMessage> {
  const state = queues.get(live)!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = live.received[state.cursor];
    if (message) {
      state.cursor++;
      return message;
    }
    if (live.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a message');
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      state.wake = () => {
        clearTimeout(timer);
        state.wake = undefined;
        resolve();
      };
    });
  }
}

async function nextOfType<T extends LiveServerMessage['type']>(live: Live, type: T): Promise<Extract<LiveServerMessage, { type: T }>> {
  const message = await nextMessage(live);
  expect(message.type, JSON.stringify(message)).toBe(type);
  return message as Extract<LiveServerMessage, { type: T }>;
}

/**
 * Proves nothing else is pending for `live`: a second hello is answered with an error, and
 * messages on one socket arrive in order, so whatever the server sent before that error
 * would be taken first. Returns the messages that came before it.
 */
async function drain(live: Live): Promise<LiveServerMessage[]> {
  live.send({ type: 'hello' });
  const before: LiveServerMessage[] = [];
  for (;;) {
    const message = await nextMessage(live);
    if (message.type === 'error' && message.message === 'Already said hello') return before;
    before.push(message);
  }
}

async function ready(s: Server, token?: string): Promise<Live> {
  const live = await connect(s);
  live.send(token === undefined ? { type: 'hello' } : { type: 'hello', token });
  expect(await nextMessage(live)).toEqual({ type: 'ready', provider: 'fixture', demo: true });
  return live;
}

describe('live tickers over WebSocket', () => {
  it('says ready to an anonymous loopback client and sends a snapshot on subscribe', async () => {
    const s = await server();
    const live = await ready(s);
    live.send({ type: 'subscribe', symbols: ['aapl', '0P000071W8.TO'] });
    const snapshot = await nextOfType(live, 'quotes');
    expect(snapshot.quotes.map((q) => [q.symbol, q.price, q.currency, q.source, q.stale])).toEqual([
      ['AAPL', '244.6', 'USD', 'fixture', false],
      ['0P000071W8.TO', '152.63', 'CAD', 'fixture', false],
    ]);
    expect(Date.parse(snapshot.asOf)).not.toBeNaN();
    expect(s.app.tickers.subscribers('AAPL')).toBe(1);
    expect(s.app.tickers.connections).toBe(1);
    // Subscribing again to what it already has sends nothing.
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(await drain(live)).toEqual([]);
  });

  it('names the subscribed symbols that have no quote in the snapshot', async () => {
    const s = await server();
    const live = await ready(s);
    live.send({ type: 'subscribe', symbols: ['AAPL', 'NOPE123'] });
    const snapshot = await nextOfType(live, 'quotes');
    expect(snapshot.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    expect(snapshot.missing).toEqual([{ symbol: 'NOPE123', reason: 'not_found' }]);
  });

  it('sends a heartbeat to every ready client, so silent links can be told from dead ones', async () => {
    const s = await server();
    const [a, b] = [await ready(s), await ready(s)];
    const idle = await connect(s); // no hello yet: not a client
    s.app.tickers.heartbeat();
    expect((await nextOfType(a, 'heartbeat')).asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await nextOfType(b, 'heartbeat');
    idle.send({ type: 'hello' });
    expect(await nextMessage(idle)).toEqual({ type: 'ready', provider: 'fixture', demo: true });
  });

  it('fans one upstream call per poll out to every subscriber, and only changes', async () => {
    const { provider, price, quoteRequests } = steerableProvider();
    const c = clock(-8 * DAY);
    const s = await server({ marketProvider: provider, now: c.now });
    const clients = await Promise.all(Array.from({ length: 50 }, () => ready(s)));
    for (const live of clients) live.send({ type: 'subscribe', symbols: ['AAPL'] });
    for (const live of clients) expect((await nextOfType(live, 'quotes')).quotes).toEqual([expect.objectContaining({ symbol: 'AAPL', price: '244.6' })]);
    expect(s.app.tickers.subscribers('AAPL')).toBe(50);
    // 50 simultaneous snapshots of one symbol: one upstream request (single-flight).
    expect(quoteRequests()).toBe(1);

    // The price moves upstream and the cached quote has expired.
    price.value = 250.25;
    c.offset = 0;
    const before = quoteRequests();
    const callsBefore = s.app.market.upstreamCalls;
    await s.app.tickers.poll();
    expect(quoteRequests() - before).toBe(1);
    expect(s.app.market.upstreamCalls - callsBefore).toBe(1);
    for (const live of clients) {
      const update = await nextOfType(live, 'quotes');
      expect(update.quotes).toEqual([expect.objectContaining({ symbol: 'AAPL', price: '250.25', currency: 'USD', stale: false })]);
      expect(await drain(live)).toEqual([]); // exactly one message
    }

    // Nothing changed: the cache answers, nothing goes upstream, nothing is sent.
    await s.app.tickers.poll();
    expect(quoteRequests() - before).toBe(1);
    for (const live of clients) expect(await drain(live)).toEqual([]);
  });

  it('stops sending after unsubscribe, and forgets a closed socket', async () => {
    const { provider, price } = steerableProvider();
    const c = clock(-8 * DAY);
    const s = await server({ marketProvider: provider, now: c.now });
    const leaving = await ready(s);
    const staying = await ready(s);
    const closing = await ready(s);
    for (const live of [leaving, staying, closing]) {
      live.send({ type: 'subscribe', symbols: ['AAPL', 'QQQ'] });
      expect((await nextOfType(live, 'quotes')).quotes.map((q) => q.symbol)).toEqual(['AAPL', 'QQQ']);
    }
    expect(s.app.tickers.subscribers('AAPL')).toBe(3);

    leaving.send({ type: 'unsubscribe', symbols: ['aapl'] });
    expect(await drain(leaving)).toEqual([]);
    expect(s.app.tickers.subscribers('AAPL')).toBe(2);
    expect(s.app.tickers.subscribers('QQQ')).toBe(3);

    closing.ws.close();
    await closing.closed;
    await expect.poll(() => s.app.tickers.subscribers('AAPL')).toBe(1);
    expect(s.app.tickers.subscribers('QQQ')).toBe(2);
    expect(s.app.tickers.connections).toBe(2);

    price.value = 251;
    c.offset = 0;
    await s.app.tickers.poll();
    const update = await drain(staying);
    expect(update.map((m) => m.type)).toEqual(['quotes', 'quotes']);
    expect(update.flatMap((m) => (m.type === 'quotes' ? m.quotes.map((q) => `${q.symbol} ${q.price}`) : []))).toEqual(['AAPL 251', 'QQQ 251']);
    // Still subscribed to QQQ only.
    expect((await drain(leaving)).flatMap((m) => (m.type === 'quotes' ? m.quotes.map((q) => q.symbol) : []))).toEqual(['QQQ']);

    staying.send({ type: 'unsubscribe', symbols: ['AAPL', 'QQQ'] });
    leaving.send({ type: 'unsubscribe', symbols: ['QQQ'] });
    await drain(staying);
    await drain(leaving);
    expect(s.app.tickers.subscribers('AAPL')).toBe(0);
    expect(s.app.tickers.subscribers('QQQ')).toBe(0);
  });

  it("closes an anonymous socket with 4401 under 'off' and accepts a registered user's token", async () => {
    const s = await server({ security: { marketAnonymous: 'off' } });
    const anonymous = await connect(s);
    anonymous.send({ type: 'hello' });
    expect((await anonymous.closed).code).toBe(4401);
    expect(anonymous.received).toEqual([]);

    const forged = await connect(s);
    forged.send({ type: 'hello', token: 'not-a-token' });
    expect((await forged.closed).code).toBe(4401);

    const user = await s.register();
    const live = await ready(s, user.accessToken);
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect((await nextOfType(live, 'quotes')).quotes[0]?.price).toBe('244.6');
  });

  it("does not treat a forwarded upgrade as local under 'local'", async () => {
    const s = await server();
    const live = await connect(s, { 'x-forwarded-for': '203.0.113.7' });
    live.send({ type: 'hello' });
    expect((await live.closed).code).toBe(4401);
  });

  it('refuses a bad token even where anonymous use is allowed', async () => {
    const s = await server({ security: { marketAnonymous: 'all' } });
    const live = await connect(s);
    live.send({ type: 'hello', token: 'not-a-token' });
    expect((await live.closed).code).toBe(4401);
    expect(live.received).toEqual([]);
  });

  it('accepts a subscribe sent right after hello, without waiting for ready', async () => {
    const s = await server({ security: { marketAnonymous: 'off' } });
    const user = await s.register();
    const live = await connect(s);
    live.send({ type: 'hello', token: user.accessToken });
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(await nextMessage(live)).toEqual({ type: 'ready', provider: 'fixture', demo: true });
    expect((await nextOfType(live, 'quotes')).quotes[0]?.symbol).toBe('AAPL');
  });

  it('never registers a client that left while its token was being verified', async () => {
    // A hub of its own, whose token check waits until the test lets it finish.
    const t = testApp();
    cleanups.push(t.cleanup);
    let started!: () => void;
    const verifying = new Promise<void>((r) => (started = r));
    let release!: (userId: string) => void;
    const bearerUser = (authorization: string | undefined) => {
      started();
      return authorization === undefined ? Promise.resolve(undefined) : new Promise<string>((r) => (release = r));
    };
    const hub = new TickerHub({ market: t.app.market, bearerUser, anonymous: 'off', isAllowedOrigin: () => true, logger: createLogger('silent') });
    const http = createServer();
    http.on('upgrade', (req, socket, head) => {
      if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => http.close(() => r())), () => hub.close());
    const live = await connect({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    live.send({ type: 'hello', token: 'a-token' });
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    await verifying;
    live.ws.terminate();
    await live.closed;
    // The server side has seen the close (ws drops a socket from its clients on 'close').
    const wss = (hub as unknown as { wss: { clients: Set<unknown> } }).wss;
    await expect.poll(() => wss.clients.size).toBe(0);
    release('user-1');
    await new Promise((r) => setImmediate(r));
    expect(hub.connections).toBe(0);
    expect(hub.subscribers('AAPL')).toBe(0);
  });

  it('answers invalid messages with an error and keeps the connection', async () => {
    const s = await server();
    const live = await ready(s);
    const errors: string[] = [];
    for (const message of [
      'not json',
      JSON.stringify({ type: 'bogus' }),
      JSON.stringify({ type: 'subscribe', symbols: ['AA PL'] }),
      JSON.stringify({ type: 'subscribe', symbols: [] }),
      JSON.stringify({ type: 'subscribe', symbols: 'AAPL' }),
      JSON.stringify({ type: 'subscribe', symbols: Array.from({ length: 201 }, (_, i) => `S${i}`) }),
    ]) {
      live.send(message);
      errors.push((await nextOfType(live, 'error')).message);
    }
    expect(errors[0]).toBe('Invalid message: not JSON');
    for (const error of errors.slice(1)) expect(error).toMatch(/^Invalid message: /);
    expect(errors[2]).toContain('symbols.0');
    expect(s.app.tickers.subscribers('AA PL')).toBe(0);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect((await nextOfType(live, 'quotes')).quotes[0]?.symbol).toBe('AAPL');
  });

  it('caps a connection at 200 symbols across subscribes', async () => {
    // Every upstream call fails: only the bookkeeping is under test.
    const provider = steerableProvider();
    provider.fixtures.injectFault({ endpoint: 'any', status: 'network', times: 10_000 });
    const t = await server({ marketProvider: provider.provider });
    const live = await ready(t);
    live.send({ type: 'subscribe', symbols: Array.from({ length: 150 }, (_, i) => `A${i}`) });
    live.send({ type: 'subscribe', symbols: Array.from({ length: 51 }, (_, i) => `B${i}`) });
    const messages = await drain(live);
    expect(messages).toContainEqual({ type: 'error', message: 'At most 200 symbols per connection' });
    expect(t.app.tickers.subscribers('A0')).toBe(1);
    expect(t.app.tickers.subscribers('A149')).toBe(1);
    expect(t.app.tickers.subscribers('B0')).toBe(0);
  });

  it('closes with 4400 when the first message is not hello', async () => {
    const s = await server();
    const live = await connect(s);
    live.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect((await live.closed).code).toBe(4400);
    expect(live.received).toEqual([]);
    expect(s.app.tickers.subscribers('AAPL')).toBe(0);
  });

  it('tells subscribers when upstream becomes unavailable and when it recovers', async () => {
    const { provider, fixtures } = steerableProvider();
    const c = clock(-8 * DAY);
    const s = await server({ marketProvider: provider, now: c.now });
    const a = await ready(s);
    const b = await ready(s);
    for (const live of [a, b]) {
      live.send({ type: 'subscribe', symbols: ['AAPL'] });
      await nextOfType(live, 'quotes');
    }
    const idle = await ready(s); // subscribed to nothing, still told about upstream

    fixtures.injectFault({ endpoint: 'quote', status: 429, retryAfterSeconds: 30 });
    c.offset = 0;
    await s.app.tickers.poll();
    for (const live of [a, b]) {
      const messages = await drain(live);
      // The last known price, marked stale (never a zero), then the outage.
      expect(messages.map((m) => m.type)).toEqual(['quotes', 'status']);
      expect(messages[0]).toMatchObject({ type: 'quotes', quotes: [{ symbol: 'AAPL', price: '244.6', stale: true }] });
      const status = messages[1] as Extract<LiveServerMessage, { type: 'status' }>;
      expect(status.upstream).toMatchObject({ state: 'unavailable', reason: 'rate limited by the source' });
      expect(Date.parse(status.upstream.retryAt ?? '') - Date.parse(status.upstream.since ?? '')).toBe(30_000);
    }
    expect((await drain(idle)).map((m) => m.type)).toEqual(['status']);

    // Still down: no repeated status, no repeated stale quote.
    await s.app.tickers.poll();
    for (const live of [a, b, idle]) expect(await drain(live)).toEqual([]);

    // A new subscriber during the outage gets the stale snapshot and the status at once.
    const late = await ready(s);
    late.send({ type: 'subscribe', symbols: ['AAPL'] });
    expect(await nextOfType(late, 'quotes')).toMatchObject({ quotes: [{ price: '244.6', stale: true }] });
    expect((await nextOfType(late, 'status')).upstream.state).toBe('unavailable');

    // After Retry-After the next poll reaches upstream again and everyone hears it is back.
    c.offset = 31_000;
    await s.app.tickers.poll();
    for (const live of [a, b, late]) {
      const messages = await drain(live);
      expect(messages.map((m) => m.type)).toEqual(['quotes', 'status']);
      expect(messages[0]).toMatchObject({ quotes: [{ price: '244.6', stale: false }] });
      expect(messages[1]).toEqual({ type: 'status', upstream: { state: 'ok' } });
    }
    expect(await drain(idle)).toEqual([{ type: 'status', upstream: { state: 'ok' } }]);
  });
});
