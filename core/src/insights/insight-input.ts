/**
 * What the rules read: the engine's own outputs for one scope (the same figures the linked
 * screens show), gathered by the `getInsights` handler. The rules are pure functions of this.
 */
import type { AccountRow, InstrumentRow } from '../db/rows';
import type { Allocation } from '../engine/allocation';
import type { HoldingsSummary } from '../engine/holdings-summary';
import type { TrailingYield } from '../engine/income';
import type { DriftRow, Trade } from '../engine/rebalance';
import type { Acquisition, SuperficialLoss } from '../engine/tax';
import type { TaxPool } from '../engine/tax-acb';
import type { BenchmarkComparison } from '../engine/benchmark';
import type { DateRange } from '../engine/periods';
import type { PeriodReturns } from '../engine/returns';
import type { DataGap, Disposition, IncomeEvent } from '../engine/types';
import type { FxQuote, MissingFx } from '../fx/fx-rates';
import type { Decimal } from '../money/decimal';
import type { HomeCountry } from './home-country';
import type { InsightFormat } from './insight-format';
import type { InsightThresholds } from './insight-types';

export type AllocationView = Pick<Allocation, 'buckets' | 'missing'>;

export interface PerformanceView {
  range: DateRange;
  /** Null while a price or rate the series needs is missing (see `gaps`). */
  returns: PeriodReturns | null;
  benchmark?: BenchmarkComparison;
  gaps: DataGap[];
}

export interface TargetsView {
  portfolioId: string;
  /** Shown in explanations only (never in titles, which may be sent to a model). */
  portfolioName: string;
  by: 'holding' | 'assetClass';
  drift: DriftRow[];
  /** A full rebalance (buys and sells) to exactly the targets. */
  trades: Trade[];
}

export interface InsightInput {
  asOf: string;
  baseCurrency: string;
  home: HomeCountry | null;
  format: InsightFormat;
  thresholds: InsightThresholds;
  /** The Portfolio screen of the scope: "/portfolio/<id>", or "/portfolio" for all portfolios. */
  portfolioPath: string;
  holdings: HoldingsSummary;
  instruments: ReadonlyMap<string, InstrumentRow>;
  accounts: ReadonlyMap<string, AccountRow>;
  allocation: { sector: AllocationView; country: AllocationView; currency: AllocationView };
  /** Income and charges of the accounts in scope, every date. */
  incomeEvents: IncomeEvent[];
  trailingYield: TrailingYield;
  /** Commissions on trades in the trailing 12 months (base currency); null when a rate is missing. */
  commissions12m: Decimal | null;
  /** The trailing year's returns, with the benchmark compared when one was asked for. */
  oneYear: PerformanceView | null;
  sinceStart: PerformanceView | null;
  /** The symbol compared with, when there is one. */
  benchmark: string | null;
  targets: TargetsView[];
  /** Sales in taxable accounts in scope (dispositions), with the flags computed on them. */
  taxableDispositions: Disposition[];
  /** What the taxable accounts hold of each security, at the ACB pooled over them (tax-acb.ts). */
  taxPools: TaxPool[];
  superficialLosses: SuperficialLoss[];
  /** Purchases in EVERY account (registered ones too): they make a loss superficial. */
  acquisitionsAllAccounts: Acquisition[];
  /** The rate each held foreign currency is valued at today (its date and age), or what is missing. */
  fxToday: { currency: string; quote: FxQuote | MissingFx }[];
}
