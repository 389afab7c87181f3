import { add, div, isZero, ZERO, dec, mul, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../db/rows';

/** What is held of one instrument, in the currency it was bought in. */
export interface Holding {
  symbol: string;
  currency: string;
  quantity: Decimal;
  /** Total cost including commissions. */
  cost: Decimal;
  /** cost / quantity; zero when nothing is held. */
  averageCost: Decimal;
}

/**
 * Folds transactions into holdings. Pure: same rows in, same holdings out, whatever order
 * they were inserted in (rows are applied by date, then by id).
 */
export function computeHoldings(rows: readonly TransactionRow[]): Holding[] {
  const ordered = [...rows].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
  const positions = new Map<string, { symbol: string; currency: string; quantity: Decimal; cost: Decimal }>();
  for (const row of ordered) {
    const key = `${row.symbol}\u0000${row.currency}`;
    const position = positions.get(key) ?? { symbol: row.symbol, currency: row.currency, quantity: ZERO, cost: ZERO };
    const quantity = dec(row.quantity);
    position.quantity = add(position.quantity, quantity);
    position.cost = add(position.cost, add(mul(quantity, dec(row.price)), dec(row.fee)));
    positions.set(key, position);
  }
  return [...positions.values()]
    .map((p) => ({ ...p, averageCost: isZero(p.quantity) ? ZERO : div(p.cost, p.quantity) }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.currency < b.currency ? -1 : 1));
}
