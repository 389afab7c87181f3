import type { FxRates } from '../fx/fx-rates';
import type { TransactionRow } from '../model/transaction';
import { Ledger, type LedgerOptions } from './ledger';
import { compareEngineTx, parseEngineTx, type EngineTx } from './parse';
import type { CostBasisMethod } from './types';

/**
 * Accounts that record their cash: any deposit, withdrawal, cash transfer (either side) or
 * currency conversion shows the user tracks the account's cash.
 */
export function cashTrackedAccounts(rows: Iterable<CashRow>): Set<string> {
  const tracked = new Set<string>();
  for (const row of rows) {
    if (!recordsCash(row)) continue;
    tracked.add(row.accountId);
    if (row.toAccountId) tracked.add(row.toAccountId);
  }
  return tracked;
}

type CashRow = Pick<TransactionRow, 'kind' | 'accountId' | 'toAccountId' | 'symbol'>;

/** Whether a transaction shows its account(s) record cash (see cashTrackedAccounts). */
export function recordsCash(row: CashRow): boolean {
  return row.kind === 'deposit' || row.kind === 'withdrawal' || row.kind === 'fx_conversion' || (row.kind === 'transfer' && row.symbol === undefined);
}

/** Parses rows once into engine order (date, then the order given). */
export function toEngineOrder(rows: readonly TransactionRow[]): EngineTx[] {
  return rows.map((row, index) => parseEngineTx(row, index)).sort(compareEngineTx);
}

export interface EngineSettings {
  baseCurrency: string;
  method: CostBasisMethod;
  fx: FxRates;
  cashTrackedAccounts?: ReadonlySet<string>;
  priceAt?: LedgerOptions['priceAt'];
}

export function ledgerOptions(settings: EngineSettings, rows: readonly TransactionRow[]): LedgerOptions {
  return {
    baseCurrency: settings.baseCurrency,
    method: settings.method,
    fx: settings.fx,
    cashTrackedAccounts: settings.cashTrackedAccounts ?? cashTrackedAccounts(rows),
    ...(settings.priceAt ? { priceAt: settings.priceAt } : {}),
  };
}

/** Applies engine-ordered transactions up to and including `asOf` to a new ledger. */
export function runLedger(txs: readonly EngineTx[], options: LedgerOptions, asOf?: string): Ledger {
  const ledger = new Ledger(options);
  for (const tx of txs) {
    if (asOf !== undefined && tx.date > asOf) break;
    ledger.apply(tx);
  }
  return ledger;
}
