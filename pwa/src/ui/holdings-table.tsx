import type { HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { formatMoney, formatQuantity } from './format';

export function HoldingsTable({ holdings: all, compact = false }: { holdings: HoldingSummary[] | null; compact?: boolean }) {
  // Closed holdings (kept for their realized gains) are not shown in this table.
  const holdings = all && all.filter((h) => h.quantity !== 0n);
  if (holdings === null) return <p class="muted" role="status">Loading holdings…</p>;
  if (holdings.length === 0) return <p class="muted" role="status">No holdings yet. Add a buy to start.</p>;
  return (
    <table class="holdings" aria-label="Holdings">
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col" class="num">Quantity</th>
          {!compact && <th scope="col" class="num">Average cost</th>}
          <th scope="col" class="num">Cost</th>
        </tr>
      </thead>
      <tbody>
        {holdings.map((h) => (
          <tr key={`${h.symbol}-${h.currency}`} data-symbol={h.symbol}>
            <th scope="row">
              {h.symbol} <span class="muted">{h.currency}</span>
            </th>
            <td class="num" data-field="quantity">{formatQuantity(h.quantity)}</td>
            {!compact && <td class="num" data-field="average-cost">{h.averageCostLocal === null ? '—' : formatMoney(h.averageCostLocal, h.currency)}</td>}
            <td class="num" data-field="cost">{formatMoney(h.costLocal, h.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
