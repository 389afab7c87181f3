import type { FolioDb } from '../db/database';
import { CoreError } from '../errors';
import { SyncClient } from '../sync/sync-client';
import { switchStorageMode, type StorageMode } from '../db/storage-mode';
import type { CoreApi, SyncOverview, WatchQuery } from './core-api';
import type { HandlerDeps } from './handlers/deps';
import { ioHandlers } from './handlers/io';
import { marketHandlers } from './handlers/market';
import type { ResolveMarketEndpoint } from '../market/market-client';
import { recordHandlers } from './handlers/records';
import { reportHandlers } from './handlers/reports';
import { insightHandlers } from './handlers/insights';
import { aiInsightsHandlers } from './handlers/ai-insights';
import { questradeHandlers } from './handlers/questrade';
import { transactionHandlers } from './handlers/transactions';
import { PortfolioEngine } from './portfolio-engine';

export interface CoreDeps {
  db: FolioDb;
  /** The current time; injected so tests can pin "today". */
  now?: () => Date;
  /** How the worker reaches a sync server (tests inject faults here). */
  fetch?: typeof fetch;
  openSocket?: (url: string) => WebSocket;
  syncDebounceMs?: number;
  syncIntervalMs?: number;
  /** The storage this database was opened for (see db/storage-mode.ts). */
  storageMode?: StorageMode;
  /**
   * The server to ask for market data while not signed in to one: by default the worker's own
   * origin, the Folio server that serves this app (signed in, it is the session's server).
   */
  marketServerUrl?: string;
  /** First reconnect delay of live quotes (ms). */
  liveBackoffMs?: number;
  /** Silence after which a live connection counts as dead (ms; default three missed heartbeats). */
  liveSilenceMs?: number;
}

/** Builds the worker's API from one handler group per domain over one shared engine. */
export function createCoreApi({
  db,
  now = () => new Date(),
  fetch: fetchImpl,
  openSocket,
  syncDebounceMs,
  syncIntervalMs,
  storageMode = { mode: 'local' },
  marketServerUrl,
  liveBackoffMs,
  liveSilenceMs,
}: CoreDeps): CoreApi & { engine: PortfolioEngine; sync: SyncClient; market: ReturnType<typeof marketHandlers> } {
  const engine = new PortfolioEngine(db);
  const httpFetch: typeof fetch = fetchImpl ?? ((...args) => fetch(...args));
  const sync = new SyncClient({
    db,
    fetch: httpFetch,
    now: () => now().getTime(),
    onPulled: async () => {
      await engine.reload();
      engine.emit(true);
    },
    onStatus: () => engine.emit(),
    ...(openSocket ? { openSocket } : {}),
    ...(syncDebounceMs !== undefined ? { debounceMs: syncDebounceMs } : {}),
    ...(syncIntervalMs !== undefined ? { intervalMs: syncIntervalMs } : {}),
  });
  const overview = async (): Promise<SyncOverview> => {
    await engine.ready();
    const session = await sync.session();
    return {
      status: sync.current,
      ...(session ? { session: { email: session.email, serverUrl: session.serverUrl, userId: session.userId } } : {}),
      conflicts: [...engine.conflicts].flatMap(([portfolioId, list]) => list.map((c) => ({ portfolioId, ...c }))),
    };
  };
  const marketEndpoint: ResolveMarketEndpoint = async ({ forceRefresh = false } = {}) => {
    const session = await sync.freshSession({ force: forceRefresh });
    if (session) return { baseUrl: session.serverUrl, token: session.accessToken };
    const origin = marketServerUrl ?? (typeof location === 'undefined' ? undefined : location.origin);
    if (!origin || !/^https?:\/\//.test(origin)) throw new CoreError('invalid_input', 'No market data server: sign in to a Folio sync server to get quotes');
    return { baseUrl: origin.replace(/\/+$/, '') };
  };
  const deps: HandlerDeps = { db, engine, now };
  const market = marketHandlers({ ...deps, fetch: httpFetch, endpoint: marketEndpoint, ...(openSocket ? { openSocket } : {}), ...(liveBackoffMs !== undefined ? { liveBackoffMs } : {}), ...(liveSilenceMs !== undefined ? { liveSilenceMs } : {}) });
  deps.describePrice = market.describePrice;
  const records = recordHandlers(deps);
  const transactions = transactionHandlers(deps);
  const reports = reportHandlers(deps);
  const io = ioHandlers(deps);
  const insights = insightHandlers(deps, reports);
  const questrade = questradeHandlers({ db, engine, fetch: httpFetch, now, session: (options) => sync.freshSession(options), pull: () => sync.syncNow(), holdings: (scope) => reports.getHoldings(scope) });
  const aiInsights = aiInsightsHandlers({ db, fetch: httpFetch, now, session: (options) => sync.freshSession(options), summary: (options) => insights.getAiSummary(options) });

  const run = (query: WatchQuery): Promise<unknown> => {
    switch (query.kind) {
      case 'holdings':
        return reports.getHoldings(query.scope);
      case 'performance':
        return reports.getPerformance(query.scope, query.period, query.benchmark);
      case 'income':
        return reports.getIncome(query.scope);
      case 'allocation':
        return reports.getAllocation(query.scope, query.by);
      case 'transactions':
        return transactions.listTransactions(query.filter);
      case 'portfolios':
        return records.listPortfolios();
      case 'settings':
        return records.getSettings();
      case 'sync':
        return overview();
      case 'market':
        return market.getMarketStatus();
      case 'importReviews':
        return questrade.listImportReviews(query.includeClosed ? { includeClosed: true } : {});
      case 'insights':
        return insights.getInsights(query.scope, query.benchmark === undefined ? {} : { benchmark: query.benchmark });
    }
  };
  const watchers = new Map<number, () => void>();
  let nextWatchId = 1;

  return {
    engine,
    sync,
    market,
    ...records,
    ...transactions,
    ...reports,
    ...io,
    ...insights,
    ...aiInsights,
    ...questrade,
    refreshQuotes: market.refreshQuotes,
    startLiveQuotes: market.startLiveQuotes,
    stopLiveQuotes: market.stopLiveQuotes,
    getMarketStatus: market.getMarketStatus,
    setNetworkOnline: market.setNetworkOnline,
    searchSymbols: market.searchSymbols,
    lookupInstrument: market.lookupInstrument,
    getFxRate: market.getFxRate,
    loadHistory: market.loadHistory,

    async signIn(input) {
      await engine.ready();
      await sync.signIn(input).catch(async (error: unknown) => {
        // Signed in but the first sync failed: the session stands and the loop retries.
        if (!(await sync.session())) throw error;
      });
      market.endpointChanged();
      return overview();
    },

    async signOut() {
      await sync.signOut();
      market.endpointChanged();
    },

    async syncNow() {
      await sync.syncNow().catch(() => undefined);
      return overview();
    },

    getSyncOverview: overview,

    async getStorageMode() {
      return storageMode;
    },

    async setStorageMode(mode) {
      if (mode.mode === 'dexie-cloud' && (await sync.session())) {
        throw new CoreError('conflict', 'Sign out of the Folio sync server before switching to Dexie Cloud', [{ field: 'mode', message: 'Signed in to a sync server' }]);
      }
      await switchStorageMode(db, mode);
      return { reload: true };
    },

    async resetDevice(options) {
      await sync.resetDevice(options);
    },

    async watch(query, onChange) {
      const id = nextWatchId++;
      let running: Promise<void> = Promise.resolve();
      const push = () => {
        // Serialized, so results arrive in the order of the changes that caused them.
        running = running.then(() =>
          run(query).then(
            (result) => onChange(result),
            (error: unknown) => onChange({ error: CoreError.from(error).toData() }),
          ),
        );
      };
      // Market status changes reach market watchers only; data changes reach every other.
      watchers.set(id, query.kind === 'market' ? market.onStatusChange(push) : engine.onChange(push));
      push();
      await running;
      return id;
    },

    async unwatch(id) {
      watchers.get(id)?.();
      watchers.delete(id);
    },
  };
}
