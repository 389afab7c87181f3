import type { UpstreamStatus } from './market-protocol';
import type { SkippedQuote } from './quote-cache';

/**
 * What the UI shows about market data:
 * - `idle`: not started (no live quotes asked for, no refresh yet);
 * - `connecting`: live quotes asked for, not connected yet;
 * - `live`: connected, and the server's upstream source answers: prices are current;
 * - `unavailable`: the server cannot be reached, refused us, or its upstream is down; the
 *   last-known prices stay, and `unavailableSince` says since when they are not confirmed.
 */
export interface MarketStatus {
  state: 'idle' | 'connecting' | 'live' | 'unavailable';
  /** The live socket is open and the server said ready. */
  connected: boolean;
  /** The server's provider ("yahoo", "fixture"), once it answered. */
  provider?: string;
  /** The server serves recorded demo data: the UI labels prices as demo prices. */
  demo: boolean;
  /** The server's upstream source, as it last reported it. */
  upstream?: UpstreamStatus;
  /** While unavailable: the last moment prices were known to be current (ISO). */
  unavailableSince?: string;
  /** While unavailable: why, in words a person can read. */
  reason?: string;
  /** When quotes last arrived (ISO). */
  lastUpdate?: string;
  /** The market data server asked (the sync server, or this app's own origin). */
  serverUrl?: string;
  /** Server clock minus device clock (ms), from the last answer's `asOf`: ages shown use server time. */
  serverClockOffsetMs?: number;
  /** Held symbols the server has no quote for. */
  missing: { symbol: string; reason: string }[];
  /** Quotes that arrived but were not applied (non-positive price, currency mismatch). */
  skipped: SkippedQuote[];
  /** The server's last complaint about a live request (not fatal: the connection stays). */
  notice?: string;
}

/** Without a live connection, a refresh this recent still counts as current prices. */
const REFRESHED_IS_CURRENT_MS = 5 * 60_000;

/**
 * Folds what the market client and the live socket observe into one {@link MarketStatus}, and
 * tells its listener when it changes. "Unavailable since" is the last moment prices were known
 * to be current: the last answer from the server, or the moment a live connection dropped
 * (until then every change was being pushed) — at worst the newest fetch time in the cache.
 */
export class MarketStatusTracker {
  private started = false;
  private connected = false;
  private provider: string | undefined;
  private demo = false;
  private upstream: UpstreamStatus | undefined;
  private serverDown: { since: string | undefined; reason: string } | undefined;
  private lastGood: string | undefined;
  private lastUpdate: string | undefined;
  private serverUrl: string | undefined;
  private clockOffset: number | undefined;
  private missing: MarketStatus['missing'] = [];
  private skipped: SkippedQuote[] = [];
  private notice: string | undefined;

  constructor(
    private readonly now: () => Date,
    private readonly onChange: () => void,
  ) {}

  /** The newest fetch time already in the cache (after a restart), a floor for "since". */
  knownGoodAt(iso: string | undefined): void {
    if (iso && (!this.lastGood || iso > this.lastGood)) this.lastGood = iso;
  }

  start(serverUrl?: string): void {
    this.started = true;
    if (serverUrl) this.serverUrl = serverUrl;
    this.onChange();
  }

  stop(): void {
    if (this.connected) this.lastGood = this.stamp();
    this.started = false;
    this.connected = false;
    this.onChange();
  }

  /** The server answered (HTTP response, or a live `ready`). */
  reached(answer: { serverUrl: string; provider: string; demo: boolean; upstream?: UpstreamStatus; asOf?: string }): void {
    this.serverUrl = answer.serverUrl;
    this.provider = answer.provider;
    this.demo = answer.demo;
    if (answer.upstream) this.upstream = answer.upstream;
    if (answer.asOf) this.noteServerTime(answer.asOf);
    this.serverDown = undefined;
    this.lastGood = this.stamp();
    this.onChange();
  }

  /** The live socket is ready (true) or closed (false). */
  setConnected(connected: boolean): void {
    if (this.connected && !connected) this.lastGood = this.stamp();
    this.connected = connected;
    this.onChange();
  }

  /** Quotes arrived (and were applied). */
  quotesArrived(asOf?: string): void {
    this.lastUpdate = this.stamp();
    this.lastGood = this.lastUpdate;
    if (asOf) this.noteServerTime(asOf);
    this.onChange();
  }

  setUpstream(upstream: UpstreamStatus): void {
    this.upstream = upstream;
    this.onChange();
  }

  /** What the last full refresh found missing or refused. */
  setProblems(missing: MarketStatus['missing'], skipped: SkippedQuote[]): void {
    this.missing = missing;
    this.skipped = skipped;
    this.onChange();
  }

  /** Symbols a live snapshot had no quote for join the missing list (replacing older notes of the same symbol). */
  addMissing(missing: MarketStatus['missing']): void {
    const symbols = new Set(missing.map((m) => m.symbol));
    this.missing = [...this.missing.filter((m) => !symbols.has(m.symbol)), ...missing];
    this.onChange();
  }

  /** Quotes that arrived live and were refused join the list (replacing older notes of the same symbol). */
  addSkipped(skipped: SkippedQuote[]): void {
    if (!skipped.length) return;
    const symbols = new Set(skipped.map((s) => s.symbol));
    this.skipped = [...this.skipped.filter((s) => !symbols.has(s.symbol)), ...skipped];
    this.onChange();
  }

  /** The server answered a live request with an error message. */
  serverSaid(message: string): void {
    this.notice = message;
    this.onChange();
  }

  /** The server could not be reached, refused us, or answered nonsense. */
  failed(reason: string, serverUrl?: string): void {
    if (serverUrl) this.serverUrl = serverUrl;
    if (this.connected) this.lastGood = this.stamp();
    // Prices the server was already serving stale (upstream down) were not current before either.
    const upstreamSince = this.upstream?.state === 'unavailable' ? this.upstream.since : undefined;
    const since = upstreamSince && (!this.lastGood || upstreamSince < this.lastGood) ? upstreamSince : this.lastGood;
    this.serverDown = { since: this.serverDown?.since ?? since ?? this.stamp(), reason };
    this.onChange();
  }

  /**
   * There is no server to ask (signed out, in the extension). Unlike a failure this is not an
   * outage that began now: "since" is only the last time prices were known good, if ever.
   */
  noServer(reason: string): void {
    if (this.connected) this.lastGood = this.stamp();
    this.serverDown = { since: this.lastGood, reason };
    this.onChange();
  }

  /** Whether cached prices can be taken as current now: live, or refreshed moments ago. */
  get current(): boolean {
    const state = this.status.state;
    if (state === 'live') return true;
    if (state === 'unavailable' || !this.lastUpdate) return false;
    return this.now().getTime() - Date.parse(this.lastUpdate) < REFRESHED_IS_CURRENT_MS;
  }

  get status(): MarketStatus {
    const base = {
      connected: this.connected,
      demo: this.demo,
      missing: this.missing,
      skipped: this.skipped,
      ...(this.provider ? { provider: this.provider } : {}),
      ...(this.upstream ? { upstream: this.upstream } : {}),
      ...(this.lastUpdate ? { lastUpdate: this.lastUpdate } : {}),
      ...(this.serverUrl ? { serverUrl: this.serverUrl } : {}),
      ...(this.clockOffset !== undefined ? { serverClockOffsetMs: this.clockOffset } : {}),
      ...(this.notice ? { notice: this.notice } : {}),
    };
    if (this.serverDown) return { ...base, state: 'unavailable', ...(this.serverDown.since ? { unavailableSince: this.serverDown.since } : {}), reason: this.serverDown.reason };
    if (this.upstream?.state === 'unavailable') {
      const since = this.upstream.since ?? this.lastGood ?? this.stamp();
      return { ...base, state: 'unavailable', unavailableSince: since, reason: `The market data source is not answering${this.upstream.reason ? ` (${this.upstream.reason})` : ''}` };
    }
    if (this.connected) return { ...base, state: 'live' };
    return { ...base, state: this.started ? 'connecting' : 'idle' };
  }

  private noteServerTime(asOf: string): void {
    const server = Date.parse(asOf);
    if (!Number.isNaN(server)) this.clockOffset = server - this.now().getTime();
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
