import { isNoMarketServer, type MarketEndpoint, type ResolveMarketEndpoint } from './market-client';
import { LIVE_HEARTBEAT_MS, liveServerMessageSchema, type LiveClientMessage, type MarketQuote, MAX_LIVE_SYMBOLS } from './market-protocol';
import type { MarketStatusTracker } from './market-status';
import type { StoredQuotes } from './quote-cache';
import { retryDelay } from '../time/retry-delay';

export interface LiveQuotesDeps {
  endpoint: ResolveMarketEndpoint;
  /** Opens a WebSocket: the global one in the worker, the `ws` package's in Node tests. */
  openSocket: (url: string) => WebSocket;
  /** The symbols to follow now: held symbols and the FX symbols to value them. */
  wanted: () => string[];
  /** Stores a tick the same way a refresh does (MarketClient.apply). */
  apply: (quotes: MarketQuote[], demo: boolean) => Promise<StoredQuotes>;
  status: MarketStatusTracker;
  /** First reconnect delay (ms); doubled after each failure up to `maxBackoffMs`, half of it random (see retryDelay). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long to wait for the server's `ready` after connecting (ms). */
  readyTimeoutMs?: number;
  /** Silence after which a connection counts as dead (default: three missed heartbeats). */
  silenceTimeoutMs?: number;
}

const PATH = '/api/v1/market/live';
const OPEN = 1;

/** Close codes of the ticker hub (sync-server/src/market/ticker-hub.ts) that need words. */
function closeReason(code: number, reason: string, hadToken: boolean): string {
  if (code === 4401) return hadToken ? 'The server refused the sign-in for live quotes' : 'This server gives market data only after signing in';
  if (code === 4400) return `The server refused the live quotes handshake${reason ? ` (${reason})` : ''}`;
  return `The live quotes connection closed${reason ? ` (${reason})` : ` (code ${code})`}`;
}

/**
 * Live quotes over the server's WebSocket, run in the core worker: says hello (with the access
 * token when signed in), subscribes to the held symbols and FX pairs, applies each tick through
 * the same path as a refresh, follows holdings as they change (subscribing and unsubscribing the
 * difference), and reconnects with exponential backoff. Every drop, refusal or protocol breach
 * marks quotes unavailable in the status (the last-known prices stay); `ready` marks them live.
 */
export class LiveQuotes {
  private socket: WebSocket | null = null;
  private ready = false;
  private running = false;
  private online = true;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private subscribed = new Set<string>();
  private demo = false;
  private forceTokenRefresh = false;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LiveQuotesDeps) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.deps.status.start();
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.drop();
    this.deps.status.stop();
  }

  /** Reconnects now (the endpoint changed: signed in or out). */
  restart(): void {
    if (!this.running) return;
    this.clearTimer();
    this.drop();
    this.failures = 0;
    void this.connect();
  }

  /** Subscribes to what is wanted now and unsubscribes from what no longer is (after holdings changed). */
  resubscribe(): void {
    const socket = this.socket;
    if (!this.ready || !socket || socket.readyState !== OPEN) return;
    const wanted = new Set(this.deps.wanted().slice(0, MAX_LIVE_SYMBOLS));
    const removed = [...this.subscribed].filter((s) => !wanted.has(s));
    const added = [...wanted].filter((s) => !this.subscribed.has(s));
    if (removed.length) this.send(socket, { type: 'unsubscribe', symbols: removed });
    if (added.length) this.send(socket, { type: 'subscribe', symbols: added });
    this.subscribed = wanted;
  }

  /**
   * The device went offline (drop the socket now: the browser may keep a dead one open for
   * minutes) or came back (reconnect now instead of waiting out the backoff).
   */
  networkChanged(online: boolean): void {
    this.online = online;
    if (!this.running) return;
    if (!online) {
      this.drop();
      this.deps.status.failed('This device is offline');
      this.retry();
      return;
    }
    this.failures = 0;
    if (!this.socket) {
      this.clearTimer();
      void this.connect();
    }
  }

  /** Resolves once every tick received so far has been applied. */
  settled(): Promise<void> {
    return this.applying;
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (!this.running || this.socket) return;
    let endpoint: MarketEndpoint;
    try {
      endpoint = await this.deps.endpoint({ forceRefresh: this.forceTokenRefresh });
      this.forceTokenRefresh = false;
    } catch (error) {
      // No server to ask (signed out, in the extension): retrying cannot help; signing in
      // restarts the connection (restart()).
      if (isNoMarketServer(error)) return this.deps.status.noServer((error as Error).message);
      this.deps.status.failed(`Cannot authorize live quotes: ${(error as Error).message}`);
      return this.retry();
    }
    if (!this.running || this.socket) return;
    const url = `${endpoint.baseUrl.replace(/^http/, 'ws')}${PATH}`;
    let socket: WebSocket;
    try {
      socket = this.deps.openSocket(url);
    } catch (error) {
      this.deps.status.failed(`Cannot open live quotes at ${url}: ${(error as Error).message}`, endpoint.baseUrl);
      return this.retry();
    }
    this.socket = socket;
    this.ready = false;
    let ourReason: string | undefined;
    const readyTimer = setTimeout(() => {
      if (this.socket !== socket || this.ready) return;
      ourReason = `No answer from live quotes at ${endpoint.baseUrl}`;
      socket.close();
    }, this.deps.readyTimeoutMs ?? 10_000);
    // A half-open connection (laptop asleep, NAT dropped) raises no event: the server's
    // heartbeats are what prove the connection alive.
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;
    const silenceMs = this.deps.silenceTimeoutMs ?? 3 * LIVE_HEARTBEAT_MS;
    const heard = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        if (this.socket !== socket) return;
        ourReason = `No message from live quotes at ${endpoint.baseUrl} for ${Math.round(silenceMs / 1000)} s`;
        socket.close();
      }, silenceMs);
    };
    socket.onopen = () => {
      heard();
      this.send(socket, endpoint.token ? { type: 'hello', token: endpoint.token } : { type: 'hello' });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      heard();
      const problem = this.receive(event.data, endpoint.baseUrl);
      if (problem) {
        ourReason = problem;
        socket.close(4000, 'invalid message');
      }
    };
    socket.onerror = () => {
      // A close event follows with the code; nothing to add here.
    };
    socket.onclose = (event: CloseEvent) => {
      clearTimeout(readyTimer);
      clearTimeout(silenceTimer);
      if (this.socket !== socket) return;
      const wasReady = this.ready;
      this.socket = null;
      this.ready = false;
      if (event.code === 4401 && endpoint.token) this.forceTokenRefresh = true;
      if (wasReady) this.deps.status.setConnected(false);
      const reason = ourReason ?? (wasReady || event.code >= 4000 ? closeReason(event.code, event.reason, !!endpoint.token) : `Cannot reach live quotes at ${endpoint.baseUrl}`);
      this.deps.status.failed(this.online ? reason : 'This device is offline', endpoint.baseUrl);
      this.retry();
    };
  }

  /** Handles one server message; returns what was wrong with it, if it breaks the protocol. */
  private receive(data: unknown, serverUrl: string): string | undefined {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return `The server sent a live message that is not JSON: ${JSON.stringify(String(data).slice(0, 80))}`;
    }
    const parsed = liveServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'message'}: ${i.message}`);
      return `The server sent an invalid live message: ${issues.join('; ')}`;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.failures = 0;
        this.demo = message.demo;
        this.subscribed = new Set();
        this.deps.status.reached({ serverUrl, provider: message.provider, demo: message.demo });
        this.deps.status.setConnected(true);
        this.resubscribe();
        return undefined;
      case 'quotes': {
        const { quotes, asOf } = message;
        if (message.missing?.length) this.deps.status.addMissing(message.missing);
        const demo = this.demo;
        // Applied in arrival order, one batch after the other.
        this.applying = this.applying.then(async () => {
          try {
            const stored = await this.deps.apply(quotes, demo);
            this.deps.status.quotesArrived(asOf);
            this.deps.status.addSkipped(stored.skipped);
          } catch (error) {
            this.deps.status.serverSaid(`Could not store live quotes: ${(error as Error).message}`);
          }
        });
        return undefined;
      }
      case 'status':
        this.deps.status.setUpstream(message.upstream);
        return undefined;
      case 'error':
        this.deps.status.serverSaid(message.message);
        return undefined;
      case 'heartbeat':
        return undefined;
    }
  }

  private send(socket: WebSocket, message: LiveClientMessage): void {
    if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  /** Forgets the socket (its events are ignored from now on) and closes it. */
  private drop(): void {
    const socket = this.socket;
    const wasReady = this.ready;
    this.socket = null;
    this.ready = false;
    if (wasReady) this.deps.status.setConnected(false);
    socket?.close();
  }

  private retry(): void {
    if (!this.running || this.timer) return;
    const delay = retryDelay(this.failures, this.deps.backoffMs ?? 1_000, { maxMs: this.deps.maxBackoffMs });
    this.failures += 1;
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
