import type { SeriesPoint } from '../fx/dated-series';
import type { PriceRow } from '../db/rows';
import { cmp, dec } from '../money/decimal';

/**
 * Where the price a holding is valued at came from, shown beside it: a live quote (with its
 * time, age and demo flag) or a price entered by hand. A holding valued at the user's own trade
 * price (no market price on or after that day) has none.
 */
export interface PriceInfo {
  /** yahoo, fixture (demo data), manual… */
  source: string;
  /** ISO timestamp of the price at the source, for a quote. */
  time?: string;
  /** When it was fetched from upstream (ISO). */
  fetchedAt?: string;
  /** Recorded demo data: the UI labels it as such. */
  demo: boolean;
  /**
   * True when the price may be out of date: the server served it past its time-to-live, or
   * quotes are not arriving now (server or upstream unavailable, live quotes not connected).
   * The UI then shows the price's age.
   */
  stale: boolean;
  marketState?: string;
  /** ISO 4217 currency of the quote. */
  currency?: string;
  previousClose?: string;
  change?: string;
  changePercent?: number;
}

/**
 * The info of the price a holding shows, when that price is this cached row (same day, same
 * value: on the day of a quote, the market price wins over a trade price, see engine/price-book.ts).
 */
export function priceInfoOf(row: PriceRow | undefined, point: SeriesPoint, quotesCurrent: boolean): PriceInfo | undefined {
  if (!row || row.date !== point.date || cmp(dec(row.price), point.value) !== 0) return undefined;
  const fromMarket = row.time !== undefined;
  return {
    source: row.source ?? 'manual',
    ...(row.time ? { time: row.time } : {}),
    ...(row.fetchedAt ? { fetchedAt: row.fetchedAt } : {}),
    demo: row.demo === true,
    stale: fromMarket && (row.stale === true || !quotesCurrent),
    ...(row.marketState ? { marketState: row.marketState } : {}),
    ...(row.currency ? { currency: row.currency } : {}),
    ...(row.previousClose ? { previousClose: row.previousClose } : {}),
    ...(row.change ? { change: row.change } : {}),
    ...(row.changePercent !== undefined ? { changePercent: row.changePercent } : {}),
  };
}
