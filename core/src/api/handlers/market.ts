import type { DescribePrice } from '../../engine/holdings-summary';
import { CoreError } from '../../errors';
import { heldInstruments, liveSymbols } from '../../market/held-instruments';
import { LiveQuotes } from '../../market/live-quotes';
import { MarketClient, MarketRequestError, NO_MARKET_SERVER_MESSAGE, type ResolveMarketEndpoint } from '../../market/market-client';
import { MarketLookup } from '../../market/market-lookup';
import { MarketStatusTracker, type MarketStatus } from '../../market/market-status';
import { priceInfoOf } from '../../market/price-info';
import type { CoreApi } from '../core-api';
import type { HandlerDeps } from './deps';
import { parseInput } from './parse-input';
import { z } from 'zod';
import { symbolField } from '../../model/transaction-schema';

const refreshOptions = z.strictObject({ alsoSymbols: z.array(symbolField).max(200, { message: 'At most 200 symbols besides the holdings' }).optional() }).optional();

type MarketHandlers = Pick<
  CoreApi,
  'refreshQuotes' | 'startLiveQuotes' | 'stopLiveQuotes' | 'getMarketStatus' | 'setNetworkOnline' | 'searchSymbols' | 'lookupInstrument' | 'getFxRate' | 'loadHistory'
>;

export interface MarketHandlerDeps extends HandlerDeps {
  fetch: typeof fetch;
  endpoint: ResolveMarketEndpoint;
  /** Opens live sockets; defaults to the runtime's WebSocket where there is one. */
  openSocket?: (url: string) => WebSocket;
  /** First reconnect delay of live quotes (ms); tests shorten it. */
  liveBackoffMs?: number;
  liveSilenceMs?: number;
}

/**
 * Market data: refresh over HTTP, live quotes over WebSocket, and the market status. Quotes
 * land in the local cache and the engine (market/quote-cache.ts) and every watcher is pushed
 * the recomputed results. Status changes go to market-status watchers only, except when they
 * change whether prices count as current: then holdings are pushed again, with their `stale`
 * flags (see `describePrice`).
 */
export function marketHandlers(deps: MarketHandlerDeps): MarketHandlers & {
  describePrice: DescribePrice;
  onStatusChange: (listener: () => void) => () => void;
  endpointChanged: () => void;
  live: () => LiveQuotes | null;
} {
  const { db, engine, now } = deps;
  // The resolver refuses with `invalid_input` when there is no server to ask (signed out, and
  // the app's origin is no Folio server: the extension). Say so once, in words that tell the
  // user what to do, and as a failure that live quotes do not retry.
  const endpoint: ResolveMarketEndpoint = async (options) => {
    try {
      return await deps.endpoint(options);
    } catch (error) {
      if (error instanceof CoreError && error.code === 'invalid_input') throw new MarketRequestError('no_server', NO_MARKET_SERVER_MESSAGE);
      throw error;
    }
  };
  const statusListeners = new Set<() => void>();
  let statusScheduled = false;
  let wasCurrent = false;
  // Coalesced: one push per burst of status changes (a tick updates several fields).
  const statusChanged = () => {
    if (statusScheduled) return;
    statusScheduled = true;
    queueMicrotask(() => {
      statusScheduled = false;
      for (const listener of statusListeners) listener();
      if (status.current !== wasCurrent) {
        wasCurrent = status.current;
        engine.emit();
      }
    });
  };
  const status = new MarketStatusTracker(now, statusChanged);
  // Ticks go to this context's watchers only: every tab runs its own live connection, so a
  // broadcast (a full reload in each other tab) per tick would only repeat work.
  const client = new MarketClient({ db, engine, fetch: deps.fetch, endpoint, status, onApplied: () => engine.emit() });
  const lookup = new MarketLookup({ db, engine, client, onApplied: () => engine.emit() });
  const openSocket = deps.openSocket ?? (typeof WebSocket === 'undefined' ? undefined : (url: string) => new WebSocket(url));
  let live: LiveQuotes | null = null;
  let stopFollowing: (() => void) | null = null;

  /** After a restart: the newest fetch time of the cached prices of what is held is when they were last known good. */
  let cacheRead: Promise<void> | null = null;
  const readCache = () =>
    (cacheRead ??= engine.ready().then(() => {
      for (const symbol of heldInstruments(engine).symbols.keys()) status.knownGoodAt(engine.latestPriceRow(symbol)?.fetchedAt);
    }));

  let resubscribeScheduled = false;
  const resubscribeSoon = () => {
    if (resubscribeScheduled) return;
    resubscribeScheduled = true;
    queueMicrotask(() => {
      resubscribeScheduled = false;
      live?.resubscribe();
    });
  };

  return {
    describePrice: (symbol, point) => priceInfoOf(engine.latestPriceRow(symbol), point, status.current),

    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },

    endpointChanged() {
      live?.restart();
    },

    live: () => live,

    async refreshQuotes(options) {
      const valid = parseInput(refreshOptions, options, 'Quote refresh');
      await readCache();
      return client.refresh(valid?.alsoSymbols);
    },

    async startLiveQuotes() {
      await readCache();
      if (!openSocket) throw new CoreError('internal', 'Live quotes need WebSocket, which this runtime does not have');
      live ??= new LiveQuotes({
        endpoint,
        openSocket,
        wanted: () => liveSymbols(heldInstruments(engine)),
        apply: (quotes, demo) => client.apply(quotes, demo),
        status,
        ...(deps.liveBackoffMs !== undefined ? { backoffMs: deps.liveBackoffMs } : {}),
        ...(deps.liveSilenceMs !== undefined ? { silenceTimeoutMs: deps.liveSilenceMs } : {}),
      });
      if (!live.isRunning) {
        live.start();
        // Holdings changed (a buy, a sale, a sync): follow the new set of symbols.
        stopFollowing = engine.onChange(resubscribeSoon);
      }
      return status.status;
    },

    async stopLiveQuotes() {
      live?.stop();
      stopFollowing?.();
      stopFollowing = null;
    },

    searchSymbols: (query) => lookup.searchSymbols(query),
    lookupInstrument: (symbol) => lookup.lookupInstrument(symbol),
    getFxRate: (from, to, date) => lookup.getFxRate(from, to, date),
    loadHistory: (symbol, from, to) => lookup.loadHistory(symbol, from, to),

    async getMarketStatus(): Promise<MarketStatus> {
      await readCache();
      return status.status;
    },

    async setNetworkOnline(online) {
      if (live?.isRunning) return live.networkChanged(online);
      if (!online) status.failed('This device is offline');
      // Without live quotes, a refresh shows whether the server answers again.
      else if (status.status.state === 'unavailable') await client.refresh().catch(() => undefined);
    },
  };
}
