import { DatedSeries, type SeriesPoint } from '../fx/dated-series';
import { dec, type Decimal } from '../money/decimal';
import type { EpochDay } from '../time/days';
import { toEpochDay } from '../time/days';
import type { EngineTx } from './parse';

/** The newer of two points; on the same day the market price wins over a trade price. */
function newer(market: SeriesPoint | undefined, trade: SeriesPoint | undefined): SeriesPoint | undefined {
  if (!market) return trade;
  if (!trade) return market;
  return market.date >= trade.date ? market : trade;
}

/**
 * Prices per instrument (in its trade currency), in two layers: market closes, and the user's
 * own trade prices (buys, sells, DRIPs) — a real price paid, not a guess — which count on days
 * without a market close, so a holding bought today is valued before the first quote arrives.
 * The market layer can be shared by reference (`new PriceBook(series)`), so a new trade layer
 * costs only the transactions, never a copy of years of closes.
 */
export class PriceBook {
  private readonly trades = new Map<string, DatedSeries>();

  constructor(private readonly marketSeries: Map<string, DatedSeries> = new Map()) {}

  static fromRecord(record: Record<string, Record<string, string | Decimal>>): PriceBook {
    const book = new PriceBook();
    for (const [symbol, points] of Object.entries(record)) {
      for (const [date, price] of Object.entries(points)) book.set(symbol, date, typeof price === 'string' ? dec(price) : price);
    }
    return book;
  }

  /** A market price (close or last quote). */
  set(symbol: string, date: string, price: Decimal): void {
    seriesFor(this.marketSeries, symbol).set(date, price);
  }

  addTradePrices(txs: Iterable<EngineTx>): void {
    for (const tx of txs) {
      if ((tx.kind === 'buy' || tx.kind === 'sell' || tx.kind === 'drip') && tx.symbol && tx.price !== undefined) seriesFor(this.trades, tx.symbol).set(tx.date, tx.price);
    }
  }

  /** Market closes only (an index used as a benchmark, say). */
  market(symbol: string): DatedSeries | undefined {
    return this.marketSeries.get(symbol);
  }

  at(symbol: string, date: string): SeriesPoint | undefined {
    const day = toEpochDay(date);
    return newer(this.marketSeries.get(symbol)?.atDay(day), this.trades.get(symbol)?.atDay(day));
  }

  /** A forward-only reader over both layers, for sweeping days in order. */
  cursor(symbol: string): (day: EpochDay) => SeriesPoint | undefined {
    const market = this.marketSeries.get(symbol)?.cursor();
    const trade = this.trades.get(symbol)?.cursor();
    return (day) => newer(market?.(day), trade?.(day));
  }
}

function seriesFor(map: Map<string, DatedSeries>, symbol: string): DatedSeries {
  let series = map.get(symbol);
  if (!series) map.set(symbol, (series = new DatedSeries()));
  return series;
}
