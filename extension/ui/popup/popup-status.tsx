import type { SyncOverview } from '../../../core/src/api/core-api';
import type { MarketStatus } from '../../../core/src/market/market-status';
import { describeStatus } from '../../../pwa/src/state/sync-store';
import { formatTimestamp } from '../../../pwa/src/ui/format';

/**
 * Quotes as they stand. The popup has no server at its own origin: live prices come only through
 * the signed-in sync server, so without one it says how to get them instead of reporting a failure.
 */
export function describeMarket(sync: SyncOverview | null, market: MarketStatus | null): string {
  if (!sync) return 'Checking quotes…';
  if (!sync.session) return 'Sign in (Settings) for live prices';
  if (!market) return 'Checking quotes…';
  const demo = market.demo ? ' (recorded demo data)' : '';
  switch (market.state) {
    case 'live':
      return `Quotes live${demo}`;
    case 'connecting':
      return 'Connecting to quotes…';
    case 'idle':
      return 'Quotes not started';
    case 'unavailable':
      return `Quotes unavailable: showing last-known prices${demo}`;
  }
}

/** Sync and quote state: where the numbers stand. */
export function PopupStatus({ sync, market, now, locale }: { sync: SyncOverview | null; market: MarketStatus | null; now: number; locale: string }) {
  return (
    <ul class="popup-status" aria-label="Status">
      <li data-field="sync-status">
        <strong>Sync:</strong> {describeStatus(sync, (iso) => formatTimestamp(iso, new Date(now), locale))}
      </li>
      <li data-field="market-status">
        <strong>Prices:</strong> {describeMarket(sync, market)}
      </li>
    </ul>
  );
}
