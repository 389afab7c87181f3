import { CoreError } from '../errors';
import { dec, ZERO, type Decimal } from '../money/decimal';
import type { TransactionKind, TransactionRow } from '../model/transaction';
import { toEpochDay, type EpochDay } from '../time/days';

/** A transaction with its amounts parsed once into Decimals, ready for the engine. */
export interface EngineTx {
  id: string;
  accountId: string;
  kind: TransactionKind;
  date: string;
  day: EpochDay;
  currency: string;
  symbol?: string;
  quantity?: Decimal;
  price?: Decimal;
  amount?: Decimal;
  fee: Decimal;
  fxRate?: Decimal;
  ratio?: { new: Decimal; old: Decimal };
  toAccountId?: string;
  toCurrency?: string;
  toAmount?: Decimal;
  lotIds?: string[];
  /** Tie-break for transactions on the same day (document or insertion order). */
  order: number;
}

const opt = (value: string | undefined) => (value === undefined ? undefined : dec(value));

export function parseEngineTx(row: TransactionRow, order: number): EngineTx {
  try {
    const tx: EngineTx = {
      id: row.id,
      accountId: row.accountId,
      kind: row.kind,
      date: row.date,
      day: toEpochDay(row.date),
      currency: row.currency,
      fee: row.fee === undefined ? ZERO : dec(row.fee),
      order,
    };
    if (row.symbol !== undefined) tx.symbol = row.symbol;
    if (row.quantity !== undefined) tx.quantity = dec(row.quantity);
    if (row.price !== undefined) tx.price = dec(row.price);
    if (row.amount !== undefined) tx.amount = dec(row.amount);
    if (row.fxRate !== undefined) tx.fxRate = opt(row.fxRate)!;
    if (row.ratio !== undefined) {
      const [n, o] = row.ratio.split(':');
      tx.ratio = { new: dec(n ?? ''), old: dec(o ?? '') };
    }
    if (row.toAccountId !== undefined) tx.toAccountId = row.toAccountId;
    if (row.toCurrency !== undefined) tx.toCurrency = row.toCurrency;
    if (row.toAmount !== undefined) tx.toAmount = dec(row.toAmount);
    if (row.lotIds !== undefined) tx.lotIds = row.lotIds;
    return tx;
  } catch (error) {
    throw new CoreError('invalid_input', `Transaction ${row.id} (${row.kind} on ${row.date}) is malformed: ${(error as Error).message}`);
  }
}

/** Engine order: by date, then same-day order. */
export function compareEngineTx(a: EngineTx, b: EngineTx): number {
  return a.day - b.day || a.order - b.order;
}
