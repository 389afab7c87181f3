/** The latest market quote of a symbol in the local price cache, as alerts check it. */
import type { FolioDb } from '../../core/src/db/database';
import type { AlertQuote } from './alerts/alert-model';

/**
 * The newest cached market quote (a row with a quote time: prices entered by hand or taken from
 * trades never fire an alert), or undefined when the symbol has none yet.
 */
export async function latestQuote(db: FolioDb, symbol: string): Promise<AlertQuote | undefined> {
  const rows = await db._prices.where('symbol').equals(symbol).toArray();
  const quotes = rows.filter((r) => r.time !== undefined).sort((a, b) => (a.date === b.date ? Date.parse(a.time!) - Date.parse(b.time!) : a.date < b.date ? -1 : 1));
  const row = quotes.at(-1);
  if (!row) return undefined;
  return {
    price: row.price,
    day: row.date,
    ...(row.currency ? { currency: row.currency } : {}),
    ...(row.changePercent !== undefined ? { changePercent: row.changePercent } : {}),
    ...(row.previousClose ? { previousClose: row.previousClose } : {}),
    ...(row.time ? { time: row.time } : {}),
  };
}
