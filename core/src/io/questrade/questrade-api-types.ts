/**
 * Questrade REST API JSON shapes, as documented and as seen in the recorded bodies in
 * shared/fixtures/questrade (questrade-ts_*). Only the fields Folio reads are required; the
 * docs samples are not trusted for types (their positions sample has `totalCost: false`).
 * Amounts are JSON numbers (floats): the mapping turns them into exact decimal strings via
 * `String(n)` and never does float arithmetic on them.
 */

/** GET /v1/accounts/{id}/activities → `{ activities: QuestradeActivity[] }`. Activities have no id. */
export interface QuestradeActivity {
  /** ISO date-time with offset ("2019-10-04T00:00:00.000000-04:00"). */
  tradeDate: string;
  transactionDate: string;
  settlementDate: string;
  /** Buy, Sell, FXT, FCH, EXP, DIV, CON, JNL, BRW, TFI, CIL, "" (Interest)… */
  action: string;
  /** "" for cash rows; option symbols like "BAC18Oct19C29.00". */
  symbol: string;
  /** 0 for cash rows. */
  symbolId: number;
  description: string;
  currency: string;
  /** Signed: negative when units leave the account (sells, expiries of long options, journals out). */
  quantity: number;
  price: number;
  grossAmount: number;
  /** Negative when charged. */
  commission: number;
  /** Signed cash effect on the account. */
  netAmount: number;
  /** Trades, Dividends, Interest, Deposits, Withdrawals, Transfers, FX conversion, Fees and rebates, Other, Corporate actions… */
  type: string;
}

/** GET /v1/accounts → `{ accounts: QuestradeAccount[], userId }`. */
export interface QuestradeAccount {
  /** TFSA, RRSP, Margin, Cash… */
  type: string;
  number: string;
  status: string;
  isPrimary?: boolean;
  isBilling?: boolean;
  clientAccountType?: string;
}

/** GET /v1/accounts/{id}/positions → `{ positions: QuestradePosition[] }`. Options are counted in contracts. */
export interface QuestradePosition {
  symbol: string;
  symbolId: number;
  openQuantity: number;
  closedQuantity?: number;
  currentMarketValue?: number | null;
  currentPrice?: number | null;
  averageEntryPrice?: number | null;
  totalCost?: number | null;
  dayPnl?: number | null;
  openPnl?: number | null;
  closedPnl?: number | null;
  isRealTime?: boolean;
  isUnderReorg?: boolean;
}

export interface QuestradeBalance {
  currency: string;
  cash: number;
  marketValue: number;
  totalEquity: number;
  buyingPower?: number;
  maintenanceExcess?: number;
  isRealTime?: boolean;
}

/** GET /v1/accounts/{id}/balances. */
export interface QuestradeBalances {
  perCurrencyBalances: QuestradeBalance[];
  combinedBalances?: QuestradeBalance[];
  sodPerCurrencyBalances?: QuestradeBalance[];
  sodCombinedBalances?: QuestradeBalance[];
}
