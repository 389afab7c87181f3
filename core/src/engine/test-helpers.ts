import { DatedSeries } from '../fx/dated-series';
import { FxRates } from '../fx/fx-rates';
import { dec, round, toDecimalString, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { Ledger, type LedgerOptions } from './ledger';
import type { Position } from './types';
import { compareEngineTx, parseEngineTx, type EngineTx } from './parse';

/** Test shorthand: a transaction row with defaults (account "a", CAD). */
export function tx(partial: Partial<TransactionRow> & Pick<TransactionRow, 'kind' | 'date'>, index = 0): TransactionRow {
  return { id: `t${index}`, accountId: 'a', currency: 'CAD', createdAt: '2020-01-01T00:00:00Z', ...partial };
}

/** Runs rows (in the given order as same-day order) through a fresh ledger. */
export function runLedger(rows: TransactionRow[], options: Partial<LedgerOptions> = {}): Ledger {
  const ledger = new Ledger({
    baseCurrency: 'CAD',
    method: 'average',
    fx: new FxRates(),
    cashTrackedAccounts: new Set(['a', 'b']),
    ...options,
  });
  for (const t of engineTxs(rows)) ledger.apply(t);
  return ledger;
}

/** Rows (in the given order as same-day order) parsed and in engine order; a `t0` id becomes `t<index>`. */
export function engineTxs(rows: TransactionRow[]): EngineTx[] {
  return rows.map((row, i) => parseEngineTx({ ...row, id: row.id === 't0' ? `t${i}` : row.id }, i)).sort(compareEngineTx);
}

export function fxFrom(record: Record<string, Record<string, string>>): FxRates {
  const rates = new FxRates();
  for (const [pair, points] of Object.entries(record)) {
    rates.setSeries(pair.slice(0, 3), pair.slice(3), new DatedSeries(Object.entries(points).map(([d, v]) => [d, dec(v)] as const)));
  }
  return rates;
}

/** A Decimal rounded to cents, as a string ("4362.48"). */
export const cents = (value: Decimal) => toDecimalString(round(value, 2));
export const str = toDecimalString;

/** A position as readers see it: its fields and open lots as plain data (not the fold's own bookkeeping). */
function positionView(p: Position): Position {
  const { accountId, symbol, currency, quantity, costLocal, costBase, fxGap } = p;
  return { accountId, symbol, currency, quantity, costLocal, costBase, fxGap, lots: p.lots.map(({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap }) => ({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap })) };
}

/** Everything a ledger decided, as plain data to compare. */
export function ledgerState(ledger: Ledger) {
  return {
    positions: [...ledger.positions].map(([k, p]) => [k, positionView(p)] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
    cash: [...ledger.cash].sort(([a], [b]) => (a < b ? -1 : 1)),
    stats: [...ledger.stats].sort(([a], [b]) => (a < b ? -1 : 1)),
    // Copies: the ledger's own lists change in place (a test may keep this state to compare later).
    flows: [...ledger.flows],
    dispositions: [...ledger.dispositions],
  };
}
