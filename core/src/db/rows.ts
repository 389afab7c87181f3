/**
 * Rows of the local database. Synced tables have client-generated string ids, ISO dates and
 * decimal strings; local-only tables (market data caches) start with `_`.
 */
import type { CostBasisMethod } from '../engine/types';
import type { InsightThresholds } from '../insights/insight-types';
export type { TransactionRow, TransactionKind } from '../model/transaction';

export interface SettingsRow {
  id: 'user';
  baseCurrency: string;
  /** The cost-basis method new portfolios start with. */
  defaultCostBasisMethod: CostBasisMethod;
  locale?: string;
  /** The user's overrides of the insight rules' thresholds (the rest keep their defaults). */
  insightThresholds?: Partial<InsightThresholds>;
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

/**
 * What a live quote carries besides its value (see core/src/market/market-protocol.ts). Kept
 * on the cached row so every screen can show a price's age, and label demo data, offline too.
 */
export interface QuoteFields {
  /** Where it came from (yahoo, fixture, manual) and when it was fetched. */
  source?: string;
  fetchedAt?: string;
  /** ISO timestamp of the price at the source (the row's `date` is its day). */
  time?: string;
  /** The server's cache entry was past its time-to-live when this was served. */
  stale?: boolean;
  /** Recorded fixture data, to be labelled as demo prices wherever shown. */
  demo?: boolean;
  /** ISO 4217, as the source reports it. */
  currency?: string;
  previousClose?: string;
  change?: string;
  /** Percent units (1.27 = +1.27 %): informational, never used in money maths. */
  changePercent?: number;
  marketState?: string;
}

/** A daily close (or last quote) of an instrument, in its trade currency. */
export interface PriceRow extends QuoteFields {
  symbol: string;
  date: string;
  price: string;
}

/** A daily FX rate: `pair` USDCAD on `date` is the CAD value of 1 USD. */
export interface FxRateRow extends QuoteFields {
  pair: string;
  date: string;
  rate: string;
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

/**
 * An imported activity the mapping could not turn into a transaction (an unknown type, an
 * unpaired FX leg, securities moved in from an unknown place): kept, never dropped, until
 * the user resolves it (enters the transaction) or dismisses it. Synced, so every device
 * shows the same list.
 */
export interface ImportReviewRow {
  id: string;
  accountId: string;
  /** 'questrade' (API) or 'questrade-csv'. */
  source: string;
  /** The activity's composite key, as on the transactions the same import makes. */
  externalId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Why it needs review, in words the user can act on. */
  reason: string;
  /** The source activity as JSON text. */
  raw: string;
  /** Absent = open. */
  status?: 'resolved' | 'dismissed';
  resolvedAt?: string;
  createdAt: string;
  updatedAt?: string;
}
