import type { HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { AllocationChart } from '../../../pwa/src/ui/charts/allocation-chart';
import { TickerStrip } from '../../../pwa/src/ui/dashboard/ticker-strip';
import { formatAge, formatMoney } from '../../../pwa/src/ui/format';
import { PopupFigures } from './popup-figures';
import type { PopupView } from './popup-view';

/**
 * Everything the popup shows of the portfolio: the headline figures, the largest holdings with
 * their prices, the allocation mini-chart and which prices may be out of date. This markup is
 * what the popup saves and paints first on its next open.
 */
export function PopupData({ view, allocationError, now, locale }: { view: PopupView; allocationError: string | null; now: number; locale: string }) {
  const { stale } = view;
  return (
    <>
      <PopupFigures view={view} locale={locale} />
      <section aria-labelledby="popup-top" class="popup-section">
        <h2 id="popup-top">Top holdings</h2>
        {view.top.length ? (
          // The strip reads only the fields a TickerHolding keeps.
          <TickerStrip holdings={view.top as HoldingSummary[]} now={now} locale={locale} />
        ) : (
          <p class="muted">Nothing held now.</p>
        )}
        {view.openCount > view.top.length && (
          <p class="popup-sub">
            The {view.top.length} largest of {view.openCount} holdings.
          </p>
        )}
        {stale.count > 0 && (
          <p data-field="stale-prices" class="popup-warning">
            {stale.count === 1 ? '1 price may be out of date' : `${stale.count} prices may be out of date`}
            {stale.oldest ? ` (oldest ${formatAge(Math.max(0, now - Date.parse(stale.oldest)))})` : ''}
          </p>
        )}
      </section>
      <section aria-labelledby="popup-allocation" class="popup-section popup-allocation">
        <h2 id="popup-allocation">Allocation</h2>
        {view.allocation === null ? (
          <p class="muted">{allocationError ?? 'Calculating…'}</p>
        ) : (
          <AllocationChart title="By asset class" buckets={view.allocation.map((b) => ({ label: b.label, weight: b.weight, value: formatMoney(b.value, view.baseCurrency, locale) }))} />
        )}
        {view.unallocated.length > 0 && <p class="popup-sub">Not counted (no price): {view.unallocated.join(', ')}</p>}
      </section>
    </>
  );
}
