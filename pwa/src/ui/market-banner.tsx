import type { HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { serverNow, type MarketStore } from '../state/market-store';
import { formatFullTimestamp, formatTimestamp } from './format';

/**
 * "Quotes unavailable since …" while the server or its market data source cannot be reached.
 * The live region is always in the page (a region added together with its text is often not
 * announced); only its content comes and goes.
 */
export function MarketBanner({ store, locale }: { store: MarketStore; locale?: string }) {
  const status = store.status.value;
  const since = status?.state === 'unavailable' ? status.unavailableSince : undefined;
  return (
    <div aria-live="polite" role="status" class="market-live-region">
      {status?.state === 'unavailable' && (
        <div class="banner banner-warning" data-market-state="unavailable">
          <p>
            {since ? (
              <>
                Quotes unavailable since{' '}
                <time dateTime={since} title={formatFullTimestamp(since, locale)}>
                  {formatTimestamp(since, new Date(serverNow(status, store.now.value)), locale)}
                </time>{' '}
                — showing last-known prices
              </>
            ) : (
              'Quotes unavailable — showing last-known prices'
            )}
          </p>
          {status.reason && <p class="muted">{status.reason}</p>}
        </div>
      )}
    </div>
  );
}

/**
 * Whether demo data is on screen: the server serves recorded fixtures, or a price shown is one.
 * Either way the label is shown (prices cached from a demo server stay demo data offline).
 */
export function showsDemoPrices(store: MarketStore, holdings: HoldingSummary[] | null | undefined): boolean {
  return store.status.value?.demo === true || (holdings ?? []).some((h) => h.priceInfo?.demo === true && h.quantity !== 0n);
}

export const DEMO_LABEL_ID = 'demo-prices-label';

export function DemoLabel() {
  return (
    <p class="demo-label" id={DEMO_LABEL_ID} data-demo-label>
      Demo prices (recorded data)
    </p>
  );
}
