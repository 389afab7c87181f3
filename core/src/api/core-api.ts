import type { AccountRow, PortfolioRow, TransactionRow } from '../db/rows';
import type { Holding } from '../portfolio/holdings';
import type { BuyInput } from './transaction-input';

/**
 * The one typed contract between the UIs (PWA, extension popup and pages) and the core
 * worker. A renamed or retyped method breaks the build of every caller, not the user.
 * Errors thrown by any method arrive as `CoreError` with a stable `code`.
 */
export interface CoreApi {
  /** The default portfolio and account, created on first use. */
  ensureDefaultAccount(): Promise<{ portfolio: PortfolioRow; account: AccountRow }>;
  /** Validates and stores a buy; refuses bad input with `invalid_input` and stores nothing. */
  addBuy(input: BuyInput): Promise<TransactionRow>;
  listTransactions(): Promise<TransactionRow[]>;
  getHoldings(): Promise<Holding[]>;
  /** Calls `onChange` now and after every change to the data; returns an id for `unwatch`. */
  watchHoldings(onChange: (holdings: Holding[]) => void): Promise<number>;
  unwatch(id: number): Promise<void>;
}
