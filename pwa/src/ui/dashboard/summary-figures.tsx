import type { HoldingsSummary } from '../../../../core/src/engine/holdings-summary';
import type { Decimal } from '../../../../core/src/money/decimal';
import { formatMoney } from '../format';
import { dayChange, gainSplit, openHoldings, totalValue } from './dashboard-figures';
import { formatSignedMoney, formatSignedPercent, signClass } from './dashboard-format';

/** Total value, today's change and the total gain with where it came from, in the base currency. */
export function SummaryFigures({ summary, locale, describedBy }: { summary: HoldingsSummary; locale: string; describedBy?: string }) {
  const base = summary.baseCurrency;
  const total = totalValue(summary);
  const change = dayChange(openHoldings(summary));
  const split = gainSplit(summary);
  const signed = (v: Decimal | null) => (v === null ? '—' : formatSignedMoney(v, base, locale));
  return (
    <dl class="dash-figures" aria-label="Summary" aria-describedby={describedBy}>
      <div class="dash-figure">
        <dt>Total value</dt>
        <dd data-field="total-value">
          {total === null ? '—' : formatMoney(total, base, locale)}
          <span class="dash-sub">{total === null ? 'Some prices or exchange rates are missing' : `Holdings and cash, in ${base}`}</span>
        </dd>
      </div>
      <div class="dash-figure">
        <dt>Day change</dt>
        <dd data-field="day-change" class={signClass(change?.amount)}>
          {change ? formatSignedMoney(change.amount, base, locale) : '—'}
          <span class="dash-sub">
            {change ? `${formatSignedPercent(change.percent, locale)}${change.stale ? ' · from quotes that may be out of date' : ''}` : 'Needs a current quote for every holding'}
          </span>
        </dd>
      </div>
      <div class="dash-figure">
        <dt>Total gain</dt>
        <dd data-field="total-gain" class={signClass(split.total)}>
          {signed(split.total)}
          <ul class="dash-split" aria-label="Total gain by source">
            <li data-field="price-gain">
              <span>Price</span> <span class={signClass(split.price)}>{signed(split.price)}</span>
            </li>
            <li data-field="currency-gain">
              <span>Currency</span> <span class={signClass(split.currency)}>{signed(split.currency)}</span>
            </li>
            <li data-field="realized-gain">
              <span>Realized</span> <span class={signClass(split.realized)}>{signed(split.realized)}</span>
            </li>
            <li data-field="income">
              <span>Income</span> <span class={signClass(split.income)}>{signed(split.income)}</span>
            </li>
          </ul>
        </dd>
      </div>
    </dl>
  );
}
