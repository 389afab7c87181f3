import type { DataGap } from '../../../../core/src/engine/types';
import type { MarketStatus } from '../../../../core/src/market/market-status';
import type { SyncOverview } from '../../../../core/src/api/core-api';
import { describeStatus } from '../../state/sync-store';
import { formatAge, formatTimestamp } from '../format';
import type { StaleQuote } from './dashboard-figures';

function describeMarket(status: MarketStatus | null, now: number, locale: string): string {
  if (!status) return 'Checking quotes…';
  switch (status.state) {
    case 'live':
      return status.lastUpdate ? `Quotes live, last update ${formatTimestamp(status.lastUpdate, new Date(now), locale)}` : 'Quotes live';
    case 'connecting':
      return 'Connecting to quotes…';
    case 'idle':
      return 'Quotes not started';
    case 'unavailable':
      return 'Quotes unavailable: showing last-known prices';
  }
}

/** Sync and quote state in one line: where the data stands before reading any number. */
export function StatusLine({ sync, market, now, locale }: { sync: SyncOverview | null; market: MarketStatus | null; now: number; locale: string }) {
  return (
    <p class="dash-status" data-status-line>
      <span data-field="sync-status">
        <strong>Sync:</strong> {describeStatus(sync, (iso) => formatTimestamp(iso, new Date(now), locale))}
      </span>
      <span data-field="market-status">
        <strong>Market:</strong> {describeMarket(market, now, locale)}
      </span>
    </p>
  );
}

const describeGap = (gap: DataGap) => (gap.kind === 'missing_price' ? `no price for ${gap.symbol} on ${gap.date}` : `no ${gap.from}/${gap.to} rate on ${gap.date}`);

/** Which prices may be out of date or are missing, and which figures that leaves unknown. */
export function StaleNotice({ stale, gaps, now }: { stale: StaleQuote[]; gaps: DataGap[]; now: number }) {
  if (!stale.length && !gaps.length) return null;
  const describe = (q: StaleQuote) =>
    q.reason === 'no-price' ? `${q.symbol} (no price)` : q.reason === 'no-quote' ? `${q.symbol} (trade price of ${q.since})` : `${q.symbol}${q.since ? ` (${formatAge(Math.max(0, now - Date.parse(q.since)))})` : ''}`;
  return (
    <div class="dash-stale" data-stale-notice>
      {stale.length > 0 && (
        <p>
          {stale.length === 1 ? '1 price may be out of date' : `${stale.length} prices may be out of date`}: {stale.map(describe).join(', ')}
        </p>
      )}
      {gaps.length > 0 && <p>Missing data, so some figures are unknown: {gaps.slice(0, 5).map(describeGap).join('; ')}{gaps.length > 5 ? `; and ${gaps.length - 5} more` : ''}</p>}
    </div>
  );
}
