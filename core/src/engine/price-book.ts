import { DatedSeries, type SeriesPoint } from '../fx/dated-series';
import { dec, type Decimal } from '../money/decimal';
import type { EngineTx } from './parse';

/**
 * Prices per instrument (in its trade currency). Trade prices from the user's own buys, sells
 * and DRIPs count as observations on days without a market close — a real price paid, not a
 * guess — so a holding bought today is valued before the first quote arrives.
 */
export class PriceBook {
  private readonly series = new Map<string, DatedSeries>();
  private readonly market = new Set<string>();

  static fromRecord(record: Record<string, Record<string, string | Decimal>>): PriceBook {
    const book = new PriceBook();
    for (const [symbol, points] of Object.entries(record)) {
      for (const [date, price] of Object.entries(points)) book.set(symbol, date, typeof price === 'string' ? dec(price) : price);
    }
    return book;
  }

  /** A market price (close or last quote). */
  set(symbol: string, date: string, price: Decimal): void {
    this.seriesFor(symbol).set(date, price);
    this.market.add(`${symbol}\u0000${date}`);
  }

  /** Adds trade prices where no market price exists for that symbol and day. */
  addTradePrices(txs: Iterable<EngineTx>): void {
    for (const tx of txs) {
      if ((tx.kind === 'buy' || tx.kind === 'sell' || tx.kind === 'drip') && tx.symbol && tx.price !== undefined) {
        if (!this.market.has(`${tx.symbol}\u0000${tx.date}`)) this.seriesFor(tx.symbol).set(tx.date, tx.price);
      }
    }
  }

  private seriesFor(symbol: string): DatedSeries {
    let series = this.series.get(symbol);
    if (!series) this.series.set(symbol, (series = new DatedSeries()));
    return series;
  }

  get(symbol: string): DatedSeries | undefined {
    return this.series.get(symbol);
  }

  at(symbol: string, date: string): SeriesPoint | undefined {
    return this.series.get(symbol)?.at(date);
  }
}
