import type { HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import { dec } from '../../../../core/src/money/decimal';
import { formatAge, formatFullTimestamp, formatMoney } from '../format';
import { formatSignedMoney, formatSignedPercent, signClass } from './dashboard-format';

/**
 * The price of every held symbol with its change since the previous close; a demo tag on
 * recorded data and the age of a price that may be out of date. Not a live region: prices
 * change often, and announcing each would drown everything else.
 */
export function TickerStrip({ holdings, now, locale }: { holdings: HoldingSummary[]; now: number; locale: string }) {
  const open = holdings.filter((h) => h.quantity !== 0n);
  if (!open.length) return null;
  return (
    <ul class="tickers" aria-label="Prices of your holdings">
      {open.map((h) => {
        const info = h.priceInfo;
        const change = info?.change !== undefined ? dec(info.change) : null;
        const percent = info?.changePercent !== undefined ? info.changePercent / 100 : null;
        return (
          <li class="ticker" key={`${h.symbol}-${h.currency}`} data-ticker={h.symbol} data-stale={info?.stale ? 'true' : undefined}>
            <span class="ticker-symbol">
              {h.symbol}
              {info?.demo && (
                <span class="tag" title="Recorded demo data, not a live price">
                  demo
                </span>
              )}
            </span>
            <span data-field="price">{h.price ? formatMoney(h.price.value, h.currency, locale) : 'No price'}</span>
            <span class={`ticker-change ${signClass(change)}`} data-field="change">
              {change === null ? (h.price && !info ? `Trade price of ${h.price.date}` : '—') : `${formatSignedMoney(change, h.currency, locale)} (${formatSignedPercent(percent, locale)})`}
            </span>
            {info?.stale && info.time && (
              <span class="price-age" data-field="price-age">
                <time dateTime={info.time} title={`Price of ${formatFullTimestamp(info.time, locale)}`}>
                  {formatAge(Math.max(0, now - Date.parse(info.time)))}
                </time>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
