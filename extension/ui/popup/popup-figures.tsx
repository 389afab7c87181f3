import { formatMoney } from '../../../pwa/src/ui/format';
import { formatSignedMoney, formatSignedPercent, signClass } from '../../../pwa/src/ui/dashboard/dashboard-format';
import type { PopupView } from './popup-view';

/** Total value and today's change in the base currency: the dashboard's first two figures, compact. */
export function PopupFigures({ view, locale }: { view: PopupView; locale: string }) {
  const base = view.baseCurrency;
  const change = view.dayChange;
  return (
    <dl class="popup-figures" aria-label="Summary">
      <div class="popup-figure">
        <dt>Total value</dt>
        <dd data-field="total-value">{view.total === null ? '—' : formatMoney(view.total, base, locale)}</dd>
        <dd class="popup-sub">{view.total === null ? 'Some prices or exchange rates are missing' : `Holdings and cash, in ${base}`}</dd>
      </div>
      <div class="popup-figure">
        <dt>Day change</dt>
        <dd data-field="day-change" class={signClass(change?.amount)}>
          {change ? formatSignedMoney(change.amount, base, locale) : '—'}
        </dd>
        <dd class="popup-sub">{change ? `${formatSignedPercent(change.percent, locale)}${change.stale ? ' · some quotes may be out of date' : ''}` : 'Needs a current quote for every holding'}</dd>
      </div>
    </dl>
  );
}
