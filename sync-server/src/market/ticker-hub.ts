import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LIVE_HEARTBEAT_MS, MAX_LIVE_SYMBOLS, liveClientMessageSchema, type MarketQuote, type UpstreamStatus } from '../../../core/src/market/market-protocol';
import type { Logger } from '../logger';
import { RateLimiter } from '../middleware/rate-limit';
import { anonymousAllowed, PROXY_HEADERS, type AnonymousMarketAccess } from '../routes/market';
import type { MarketService } from './market-service';

export interface TickerHubOptions {
  market: MarketService;
  bearerUser: (authorization: string | undefined) => Promise<string | undefined>;
  anonymous: AnonymousMarketAccess;
  isAllowedOrigin: (origin: string | undefined, self: string[]) => boolean;
  logger: Logger;
  /** How often subscribed symbols are looked up (the cache decides whether that reaches upstream). */
  pollMs?: number;
  heartbeatMs?: number;
  now?: () => number;
}

/** What makes a quote worth pushing again. */
const signature = (quote: MarketQuote) => `${quote.price}|${quote.time}|${quote.stale}`;

interface Client {
  socket: WebSocket;
  symbols: Set<string>;
}

const PATH = '/api/v1/market/live';

/**
 * Live tickers over WebSocket (`/api/v1/market/live`, protocol in core/src/market/market-protocol.ts).
 *
 * Clients subscribe to symbols; every `pollMs` the hub looks up all subscribed symbols at once
 * through the {@link MarketService}, so upstream is asked once per symbol batch per TTL however
 * many clients listen, and each change is serialized once and sent to that symbol's subscribers.
 * Access is the HTTP routes' rule: a valid access token, or anonymous where the operator allows it.
 */
export class TickerHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly bySymbol = new Map<string, Set<Client>>();
  private readonly clients = new Set<Client>();
  /** The last broadcast state of each symbol ("price|time|stale"), to push changes only. */
  private readonly lastSent = new Map<string, string>();
  private lastUpstream: UpstreamStatus['state'] = 'ok';
  private readonly messageLimiter = new RateLimiter(20, 5);
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private nextClientId = 0;

  private readonly now: () => number;

  constructor(private readonly options: TickerHubOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Call from the HTTP server's `upgrade` event; returns false when the path is not ours. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== PATH) return false;
    const host = request.headers.host ?? '';
    if (!this.options.isAllowedOrigin(request.headers.origin, [`http://${host}`, `https://${host}`])) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return true;
    }
    const ip = request.socket.remoteAddress ?? 'unknown';
    const forwarded = PROXY_HEADERS.some((h) => request.headers[h] !== undefined);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, ip, forwarded));
    return true;
  }

  /** Starts the poll loop and the heartbeat (idempotent). */
  start(): void {
    if (this.timer) return;
    // A failed poll (a corrupt cache row, a database error) is logged; it must not take the server down.
    this.timer = setInterval(() => this.poll().catch((error: unknown) => this.options.logger.error('live ticker poll failed', { error: error instanceof Error ? error.message : String(error) })), this.options.pollMs ?? 5_000);
    this.timer.unref();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs ?? LIVE_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** Tells every client the connection is alive (exposed for tests). */
  heartbeat(): void {
    this.broadcast(this.clients, { type: 'heartbeat', asOf: new Date(this.now()).toISOString() });
  }

  /**
   * Looks up every subscribed symbol and pushes what changed since the last push. Overlapping
   * calls share one run. Exposed for tests and the benchmark.
   */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  get connections(): number {
    return this.clients.size;
  }

  /** Subscriber count of a symbol. */
  subscribers(symbol: string): number {
    return this.bySymbol.get(symbol)?.size ?? 0;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.timer = this.heartbeatTimer = undefined;
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, ip: string, forwarded: boolean): void {
    const client: Client = { socket: ws, symbols: new Set() };
    const id = `c${this.nextClientId++}`;
    const timeout = setTimeout(() => ws.close(4401, 'no hello'), 5_000);
    let ready = false;
    ws.on('close', () => {
      clearTimeout(timeout);
      this.clients.delete(client);
      for (const symbol of client.symbols) this.unsubscribe(client, symbol);
    });
    // Messages are handled one at a time, in order: a client may send subscribe right after hello,
    // before `ready`, while the token is still being verified (and an unsubscribe must not
    // overtake the subscribe before it).
    const handle = async (raw: RawData): Promise<void> => {
      if (ws.readyState !== ws.OPEN) return; // closed while earlier messages were handled: its cleanup already ran
      let message;
      try {
        const parsed = liveClientMessageSchema.safeParse(JSON.parse(String(raw)));
        if (!parsed.success) return this.sendError(ws, `Invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
        message = parsed.data;
      } catch {
        return this.sendError(ws, 'Invalid message: not JSON');
      }
      if (!ready) {
        if (message.type !== 'hello') return ws.close(4400, 'say hello first');
        clearTimeout(timeout);
        try {
          const userId = await this.options.bearerUser(message.token === undefined ? undefined : `Bearer ${message.token}`);
          if (userId === undefined && !anonymousAllowed(this.options.anonymous, ip, forwarded)) return ws.close(4401, 'sign in first');
        } catch {
          return ws.close(4401, 'invalid token');
        }
        if (ws.readyState !== ws.OPEN) return; // closed during verification: never registered
        ready = true;
        this.clients.add(client);
        ws.send(JSON.stringify({ type: 'ready', provider: this.options.market.providerName, demo: this.options.market.demo }));
        return;
      }
      if (message.type === 'hello') return this.sendError(ws, 'Already said hello');
      if (message.type === 'unsubscribe') {
        for (const symbol of message.symbols) this.unsubscribe(client, symbol);
        return;
      }
      const added = message.symbols.filter((s) => !client.symbols.has(s));
      if (client.symbols.size + added.length > MAX_LIVE_SYMBOLS) return this.sendError(ws, `At most ${MAX_LIVE_SYMBOLS} symbols per connection`);
      for (const symbol of added) {
        client.symbols.add(symbol);
        let set = this.bySymbol.get(symbol);
        if (!set) this.bySymbol.set(symbol, (set = new Set()));
        set.add(client);
      }
      if (added.length) await this.sendSnapshot(client, added);
    };
    let handled = Promise.resolve();
    ws.on('message', (raw) => {
      if (this.messageLimiter.take(id) > 0) return this.sendError(ws, 'Too many messages; slow down');
      handled = handled.then(() => handle(raw)).catch((error: unknown) => this.options.logger.warn('live ticker message failed', { error: error instanceof Error ? error.message : String(error) }));
    });
  }

  private unsubscribe(client: Client, symbol: string): void {
    client.symbols.delete(symbol);
    const set = this.bySymbol.get(symbol);
    set?.delete(client);
    if (set?.size === 0) {
      this.bySymbol.delete(symbol);
      this.lastSent.delete(symbol);
    }
  }

  private async sendSnapshot(client: Client, symbols: string[]): Promise<void> {
    const lookup = await this.options.market.quotes(symbols);
    if (client.socket.readyState !== client.socket.OPEN) return;
    // The first snapshot of a symbol is the baseline of its broadcasts: the next poll pushes only a change.
    for (const quote of lookup.quotes) if (!this.lastSent.has(quote.symbol)) this.lastSent.set(quote.symbol, signature(quote));
    if (lookup.quotes.length || lookup.missing.length) {
      client.socket.send(JSON.stringify({ type: 'quotes', quotes: lookup.quotes, ...(lookup.missing.length ? { missing: lookup.missing } : {}), asOf: new Date(this.now()).toISOString() }));
    }
    if (lookup.upstream.state !== 'ok') client.socket.send(JSON.stringify({ type: 'status', upstream: lookup.upstream }));
  }

  private async pollOnce(): Promise<void> {
    const symbols = [...this.bySymbol.keys()];
    if (symbols.length === 0) return;
    const lookup = await this.options.market.quotes(symbols);
    const asOf = new Date(this.now()).toISOString();
    for (const quote of lookup.quotes) {
      const sent = signature(quote);
      if (this.lastSent.get(quote.symbol) === sent) continue;
      this.lastSent.set(quote.symbol, sent);
      this.broadcast(this.bySymbol.get(quote.symbol), { type: 'quotes', quotes: [quote], asOf });
    }
    if (lookup.upstream.state !== this.lastUpstream) {
      this.lastUpstream = lookup.upstream.state;
      this.broadcast(this.clients, { type: 'status', upstream: lookup.upstream });
    }
  }

  /** Serializes once, sends to every open socket of `clients`. */
  private broadcast(clients: Iterable<Client> | undefined, message: { type: 'quotes'; quotes: MarketQuote[]; asOf: string } | { type: 'status'; upstream: UpstreamStatus } | { type: 'heartbeat'; asOf: string }): void {
    if (!clients) return;
    const text = JSON.stringify(message);
    for (const { socket } of clients) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  private sendError(ws: WebSocket, message: string): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', message }));
  }
}
