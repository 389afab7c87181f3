/**
 * What the popup shows, derived from the worker's results with the dashboard's own figure
 * helpers (no valuation happens here): the headline figures, the largest holdings and the
 * allocation. Kept small on purpose: it is also what the popup saves to paint instantly next time.
 */
import type { AllocationBucket } from '../../../core/src/engine/allocation';
import type { HoldingsSummary, HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { cmp, type Decimal } from '../../../core/src/money/decimal';
import { dayChange, openHoldings, staleQuotes, toPlot, totalValue, type DayChange } from '../../../pwa/src/ui/dashboard/dashboard-figures';

/** How many holdings the popup lists. */
export const TOP_COUNT = 5;

/** The fields of a holding the ticker strip reads: nothing else of it is kept. */
export type TickerHolding = Pick<HoldingSummary, 'symbol' | 'currency' | 'quantity' | 'price' | 'priceInfo' | 'marketValueBase'>;

export interface AllocationSlice {
  label: string;
  /** Share of the valued total, 0..1, for the chart only. */
  weight: number;
  value: Decimal;
}

export interface PopupView {
  baseCurrency: string;
  /** Holdings plus cash in the base currency; null while a price or rate is missing. */
  total: Decimal | null;
  dayChange: DayChange | null;
  /** Holdings still held, of which `top` are the largest. */
  openCount: number;
  top: TickerHolding[];
  /** Prices that may be out of date, and the oldest of their times (ISO or a date) when known. */
  stale: { count: number; oldest?: string };
  /** By asset class; null until the worker has answered. */
  allocation: AllocationSlice[] | null;
  /** Held symbols the allocation could not count (no price). */
  unallocated: string[];
}

/** The `count` largest open holdings by value in the base currency; unvalued ones last, by symbol. */
export function topHoldings(summary: HoldingsSummary, count = TOP_COUNT): TickerHolding[] {
  return openHoldings(summary)
    .slice()
    .sort((a, b) => {
      if (a.marketValueBase === null || b.marketValueBase === null) return a.marketValueBase === b.marketValueBase ? a.symbol.localeCompare(b.symbol) : a.marketValueBase === null ? 1 : -1;
      return cmp(b.marketValueBase, a.marketValueBase) || a.symbol.localeCompare(b.symbol);
    })
    .slice(0, count)
    .map(({ symbol, currency, quantity, price, priceInfo, marketValueBase }) => ({ symbol, currency, quantity, marketValueBase, ...(price ? { price } : {}), ...(priceInfo ? { priceInfo } : {}) }));
}

/** The popup's figures from the latest holdings summary and allocation buckets. */
export function buildPopupView(summary: HoldingsSummary, allocation: { buckets: AllocationBucket[]; missing: string[] } | null): PopupView {
  const open = openHoldings(summary);
  const stale = staleQuotes(open);
  const times = stale.flatMap((q) => (q.since ? [q.since] : [])).sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    baseCurrency: summary.baseCurrency,
    total: totalValue(summary),
    dayChange: dayChange(open),
    openCount: open.length,
    top: topHoldings(summary),
    stale: { count: stale.length, ...(times[0] ? { oldest: times[0] } : {}) },
    allocation: allocation ? allocation.buckets.map((b) => ({ label: b.label, weight: toPlot(b.weight), value: b.value })) : null,
    unallocated: allocation?.missing ?? [],
  };
}
