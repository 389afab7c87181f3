import type { Holding } from '../../../core/src/portfolio/holdings';
import { formatMoney, formatQuantity } from './format';

export function HoldingsTable({ holdings, compact = false }: { holdings: Holding[] | null; compact?: boolean }) {
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
            {!compact && <td class="num" data-field="average-cost">{formatMoney(h.averageCost, h.currency)}</td>}
            <td class="num" data-field="cost">{formatMoney(h.cost, h.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
