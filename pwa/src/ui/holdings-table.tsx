import type { HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { formatMoney, formatQuantity } from './format';
import { PriceNotes } from './price-notes';

/** The price a holding is valued at, with what a person needs to trust it (see price-notes.tsx). */
function PriceCell({ holding: h, now, locale }: { holding: HoldingSummary; now: number; locale?: string | undefined }) {
  if (!h.price) return <td class="num" data-field="price">—</td>;
  const info = h.priceInfo;
  return (
    <td class="num" data-field="price" data-stale={info?.stale ? 'true' : undefined} data-demo={info?.demo ? 'true' : undefined}>
      <span data-field="price-value">{formatMoney(h.price.value, h.currency, locale)}</span>
      <PriceNotes holding={h} now={now} locale={locale} />
    </td>
  );
}

export function HoldingsTable({ holdings: all, compact = false, now = Date.now(), describedBy, locale }: { holdings: HoldingSummary[] | null; compact?: boolean; now?: number; describedBy?: string; locale?: string }) {
  // Closed holdings (kept for their realized gains) are not shown in this table.
  const holdings = all && all.filter((h) => h.quantity !== 0n);
  if (holdings === null) return <p class="muted" role="status">Loading holdings…</p>;
  if (holdings.length === 0) return <p class="muted" role="status">No holdings yet. Add a buy to start.</p>;
  return (
    <table class="holdings" aria-label="Holdings" aria-describedby={describedBy}>
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col" class="num">Quantity</th>
          {!compact && <th scope="col" class="num">Average cost</th>}
          <th scope="col" class="num">Cost</th>
          <th scope="col" class="num">Price</th>
          {!compact && <th scope="col" class="num">Market value</th>}
        </tr>
      </thead>
      <tbody>
        {holdings.map((h) => (
          <tr key={`${h.symbol}-${h.currency}`} data-symbol={h.symbol} data-holding>
            <th scope="row">
              {h.symbol} <span class="muted">{h.currency}</span>
            </th>
            <td class="num" data-field="quantity">{formatQuantity(h.quantity, locale)}</td>
            {!compact && <td class="num" data-field="average-cost">{h.averageCostLocal === null ? '—' : formatMoney(h.averageCostLocal, h.currency, locale)}</td>}
            <td class="num" data-field="cost">{formatMoney(h.costLocal, h.currency, locale)}</td>
            <PriceCell holding={h} now={now} locale={locale} />
            {!compact && <td class="num" data-field="market-value">{h.marketValueLocal === null ? '—' : formatMoney(h.marketValueLocal, h.currency, locale)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
