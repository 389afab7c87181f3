/**
 * What the background does, over its core and alerts: a refresh (quotes from the signed-in
 * server, then the badge and the alerts), the badge kept current as data changes, and the
 * message handlers. Refreshes run one at a time; one asked for while another runs shares it.
 */
import type { CoreApi } from '../../core/src/api/core-api';
import type { HoldingsSummary } from '../../core/src/engine/holdings-summary';
import { CoreError } from '../../core/src/errors';
import { marketsOf, type Market } from '../../core/src/market/market-hours';
import { isZero } from '../../core/src/money/decimal';
import type { BackgroundStatus, BadgeState, RefreshOutcome } from '../messaging/message-map';
import type { AlertService } from './alerts/alert-service';
import { applyBadge, badgeFor } from './badge';

export interface BackgroundServiceDeps {
  core: Pick<CoreApi, 'refreshQuotes' | 'getHoldings' | 'getSettings'>;
  alerts: AlertService;
  /** Called before each refresh (the sync loop picks up a sign-in made in a page). */
  beforeRefresh?: () => Promise<void>;
  /** Sets the next scheduled refresh, following the hours of these markets, and returns when it is due (ms). */
  schedule: (markets: readonly Market[]) => Promise<number>;
  now?: () => Date;
}

const UNKNOWN: BadgeState = { text: '', tone: 'unknown', title: 'Folio: day change not known yet' };

export function createBackgroundService({ core, alerts, beforeRefresh, schedule, now = () => new Date() }: BackgroundServiceDeps) {
  let badge = UNKNOWN;
  let lastRefresh: RefreshOutcome | undefined;
  let nextRefreshAt: number | undefined;
  let running: Promise<RefreshOutcome> | null = null;
  /** Holdings in the last summary seen: their markets' hours (and holidays) pace the refreshes. */
  let held: { symbol: string; currency: string }[] = [];

  async function showBadge(summary?: HoldingsSummary): Promise<BadgeState> {
    const [holdings, settings] = await Promise.all([summary ?? core.getHoldings({}), core.getSettings()]);
    held = holdings.holdings.filter((h) => !isZero(h.quantity)).map(({ symbol, currency }) => ({ symbol, currency }));
    badge = badgeFor(holdings, settings.locale || undefined);
    await applyBadge(badge);
    return badge;
  }

  async function refreshOnce(): Promise<RefreshOutcome> {
    await beforeRefresh?.().catch(() => undefined);
    let quoteError: string | undefined;
    try {
      // Symbols with alerts are asked for too: an alert on a symbol not held still fires.
      await core.refreshQuotes({ alsoSymbols: await alerts.symbols() });
    } catch (error) {
      // No server or a failed request: the badge and alerts use the prices already cached.
      quoteError = CoreError.from(error).message;
    }
    const shown = await showBadge();
    const fired = await alerts.check();
    lastRefresh = { at: now().toISOString(), badge: shown, fired, ...(quoteError ? { quoteError } : {}) };
    return lastRefresh;
  }

  /** The markets whose hours matter: those of the holdings and of the symbols with alerts. */
  const markets = async () => marketsOf([...held, ...(await alerts.symbols().catch(() => []))]);

  return {
    showBadge,

    /**
     * Refreshes now, then sets the next alarm (also when the refresh failed). The alarm is also
     * set before starting: a service worker stopped mid-refresh still wakes for the next one.
     */
    refresh(): Promise<RefreshOutcome> {
      running ??= (async () => {
        try {
          nextRefreshAt = await schedule(await markets());
          return await refreshOnce();
        } finally {
          running = null;
          nextRefreshAt = await schedule(await markets());
        }
      })();
      return running;
    },

    status(): BackgroundStatus {
      return { badge, ...(nextRefreshAt ? { nextRefreshAt: new Date(nextRefreshAt).toISOString() } : {}), ...(lastRefresh ? { lastRefresh } : {}) };
    },

    /** The badge follows the data: called with each new holdings summary from the core's watch. */
    async onHoldings(result: unknown): Promise<void> {
      if (typeof result === 'object' && result !== null && 'holdings' in result) await showBadge(result as HoldingsSummary);
    },

    setScheduled(at: number) {
      nextRefreshAt = at;
    },
  };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;
