/**
 * Rows of the synced tables. Ids are client-generated strings, dates are ISO `YYYY-MM-DD`
 * strings, and every amount is a plain decimal string (see money/decimal.ts).
 */
export interface PortfolioRow {
  id: string;
  name: string;
  baseCurrency: string;
  createdAt: string;
}

export interface AccountRow {
  id: string;
  portfolioId: string;
  name: string;
  createdAt: string;
}

export type TransactionKind = 'buy';

export interface TransactionRow {
  id: string;
  accountId: string;
  kind: TransactionKind;
  date: string;
  symbol: string;
  currency: string;
  quantity: string;
  price: string;
  fee: string;
  note?: string;
  createdAt: string;
}
