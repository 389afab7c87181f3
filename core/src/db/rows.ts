/**
 * Rows of the local database. Synced tables have client-generated string ids, ISO dates and
 * decimal strings; local-only tables (market data caches) start with `_`.
 */
import type { CostBasisMethod } from '../engine/types';
export type { TransactionRow, TransactionKind } from '../model/transaction';

export interface SettingsRow {
  id: 'user';
  baseCurrency: string;
  /** The cost-basis method new portfolios start with. */
  defaultCostBasisMethod: CostBasisMethod;
  locale?: string;
  updatedAt: string;
}

export interface PortfolioRow {
  id: string;
  name: string;
  costBasisMethod: CostBasisMethod;
  createdAt: string;
  updatedAt?: string;
}

export interface AccountRow {
  id: string;
  portfolioId: string;
  name: string;
  /** TFSA, RRSP, non-registered, margin…: informational, and taxable accounts get tax reports. */
  type?: string;
  taxable?: boolean;
  createdAt: string;
  updatedAt?: string;
}

export interface InstrumentRow {
  /** The symbol, as the market data source spells it (XEQT.TO, HISU-U.TO, AAPL). */
  id: string;
  name?: string;
  exchange?: string;
  /** From market data (the quote's currency), not guessed from the suffix. */
  currency?: string;
  assetClass?: string;
  sector?: string;
  country?: string;
  updatedAt: string;
}

export interface TargetRow {
  id: string;
  portfolioId: string;
  /** A symbol, or an asset class when `by` is assetClass. */
  key: string;
  by: 'holding' | 'assetClass';
  /** A fraction, as a decimal string ("0.25"). */
  weight: string;
  updatedAt: string;
}

/** A daily close (or last quote) of an instrument, in its trade currency. */
export interface PriceRow {
  symbol: string;
  date: string;
  price: string;
  /** Where it came from (yahoo, fixture, manual) and when it was fetched. */
  source?: string;
  fetchedAt?: string;
}

/** A daily FX rate: `pair` USDCAD on `date` is the CAD value of 1 USD. */
export interface FxRateRow {
  pair: string;
  date: string;
  rate: string;
  source?: string;
  fetchedAt?: string;
}

/** The sign-in to a sync server (local-only; tokens never leave this device except to that server). */
export interface AuthRow {
  id: 'session';
  serverUrl: string;
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since epoch). */
  accessExpiresAt: number;
}
