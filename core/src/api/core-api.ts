import type { AccountRow, InstrumentRow, PortfolioRow, SettingsRow, TargetRow, TransactionRow } from '../db/rows';
import type { AllocationBucket, AllocationDimension } from '../engine/allocation';
import type { BenchmarkComparison } from '../engine/benchmark';
import type { HoldingsSummary } from '../engine/holdings-summary';
import type { MonthlyIncome, YearlyIncome, TrailingYield } from '../engine/income';
import type { PeriodKey, DateRange } from '../engine/periods';
import type { DriftRow, Trade } from '../engine/rebalance';
import type { PeriodReturns } from '../engine/returns';
import type { SuperficialLoss, TaxYearGains } from '../engine/tax';
import type { CurrentAcb } from '../engine/tax-acb';
import type { CostBasisMethod, DataGap, Lot, ValuationPoint } from '../engine/types';
import type { ColumnMapping } from '../io/csv-import';
import type { ImportPreview } from '../io/import-preview';
import type { Decimal } from '../money/decimal';
import type { TransactionInput } from '../model/transaction-schema';
import type { SyncStatus } from '../sync/sync-client';
import type { StorageMode } from '../db/storage-mode';
import type { QuoteRefreshResult } from '../market/market-client';
import type { MarketStatus } from '../market/market-status';
import type { FxRateLookup, HistoryLoad, InstrumentInfo, SymbolMatch } from '../market/market-lookup';
import type { AiConfig, AiInsightsEvent, AiPreferences, AiServerConfig } from './handlers/ai-insights';
import type { QuestradeConnection, QuestradeOverview } from './handlers/questrade';
import type { Reconciliation } from '../io/questrade/reconcile';
import type { ImportReviewRow } from '../db/rows';
import type { AiSummary } from '../insights/ai-summary';
import type { Insight, InsightThresholds } from '../insights/insight-types';

/** Which data a query covers: one account, one portfolio, or (neither) all portfolios. */
export interface Scope {
  portfolioId?: string;
  accountId?: string;
}

/** A scope narrowed, optionally, to one holding (for holding-level returns). */
export interface PerformanceScope extends Scope {
  symbol?: string;
}

export interface TransactionFilter extends Scope {
  symbol?: string;
  kind?: TransactionRow['kind'];
  from?: string;
  to?: string;
}

export interface PerformanceResult {
  scope: PerformanceScope;
  range: DateRange;
  returns: PeriodReturns | null;
  /** Present when a benchmark was asked for. */
  benchmark?: BenchmarkComparison;
  series: ValuationPoint[];
  /** Missing prices or rates: returns are withheld (null) while any applies. */
  gaps: DataGap[];
}

export interface IncomeResult {
  byMonth: MonthlyIncome[];
  byYear: YearlyIncome[];
  trailingYield: TrailingYield;
  yieldOnCost: TrailingYield;
  gaps: DataGap[];
}

export interface RealizedGainsResult {
  /** Per tax year over taxable accounts; sales in registered accounts are listed apart (see TaxYearGains). */
  years: TaxYearGains[];
  /** What the taxable accounts in scope hold now, at the ACB pooled as for the sales, per portfolio. */
  acbNow: (CurrentAcb & { portfolioId: string })[];
  /** The accounts whose sales are not taxable (TFSA, RRSP…: by the account's type, or its own setting). */
  registeredAccounts: string[];
  superficialLosses: SuperficialLoss[];
  gaps: DataGap[];
}

export interface RebalancePlan {
  /**
   * Holdings with no known value (no price or FX rate). Weights without them would be wrong (a
   * target on one of them would look unfilled), so while any is listed the plan is withheld:
   * `drift` is empty and both plans are null.
   */
  missing: string[];
  drift: DriftRow[];
  buyOnly: { trades: Trade[]; leftover: Decimal } | null;
  full: { trades: Trade[]; leftover: Decimal } | null;
}

export type CsvFormat = 'generic' | 'questrade';

export interface ImportRequest {
  text: string;
  format: CsvFormat;
  /** Generic CSV: where each field is; guessed from the headers when omitted. */
  mapping?: ColumnMapping;
  /** Generic CSV: the account every row goes to. Questrade: account numbers map to accounts by name. */
  accountId?: string;
}

export interface ImportPreviewResult extends ImportPreview {
  headers: string[];
  mapping?: ColumnMapping;
}

export interface SyncOverview {
  status: SyncStatus;
  /** The signed-in account, when there is one (never the tokens). */
  session?: { email: string; serverUrl: string; userId: string };
  /** Transactions left out of calculations because, merged from several devices, they conflict. */
  conflicts: { portfolioId: string; transactionId: string; message: string }[];
}

export interface InsightOptions {
  /** The index to compare returns with; by default the base currency's home index (^GSPTSE for CAD, SPY for USD); '' for none. */
  benchmark?: string;
}

export interface InsightsResult {
  asOf: string;
  /** Rule insights, most severe first. */
  insights: Insight[];
  /** The thresholds in force (the settings' overrides over the defaults). */
  thresholds: InsightThresholds;
  /** The benchmark compared with, if any. */
  benchmark: string | null;
  /** Missing prices or rates: figures that need them are left out (never counted as 0). */
  gaps: DataGap[];
}

/** A query the UI can watch; its result is pushed again after every change. */
export type WatchQuery =
  | { kind: 'holdings'; scope: Scope }
  | { kind: 'performance'; scope: PerformanceScope; period: PeriodKey | DateRange; benchmark?: string }
  | { kind: 'income'; scope: Scope }
  | { kind: 'allocation'; scope: Scope; by: AllocationDimension }
  | { kind: 'transactions'; filter: TransactionFilter }
  | { kind: 'portfolios' }
  | { kind: 'settings' }
  | { kind: 'sync' }
  | { kind: 'market' }
  | { kind: 'importReviews'; includeClosed?: boolean }
  | { kind: 'insights'; scope: Scope; benchmark?: string };

/**
 * The one typed contract between the UIs (PWA, extension popup and pages) and the core
 * worker. A renamed or retyped method breaks the build of every caller, not the user.
 * Errors thrown by any method arrive as `CoreError` with a stable `code` and, for input
 * problems, one issue per field.
 */
export interface CoreApi {
  getSettings(): Promise<SettingsRow>;
  /** `insightThresholds` replaces the stored overrides (each checked; `{}` restores the defaults). */
  updateSettings(patch: Partial<Pick<SettingsRow, 'baseCurrency' | 'defaultCostBasisMethod' | 'locale' | 'insightThresholds'>>): Promise<SettingsRow>;

  listPortfolios(): Promise<PortfolioRow[]>;
  createPortfolio(input: { name: string; costBasisMethod?: CostBasisMethod }): Promise<PortfolioRow>;
  updatePortfolio(id: string, patch: { name?: string; costBasisMethod?: CostBasisMethod }): Promise<PortfolioRow>;
  /** Deletes the portfolio with its accounts, transactions and targets, in one transaction. */
  deletePortfolio(id: string): Promise<void>;
  listAccounts(portfolioId?: string): Promise<AccountRow[]>;
  createAccount(input: { portfolioId: string; name: string; type?: string; taxable?: boolean }): Promise<AccountRow>;
  updateAccount(id: string, patch: { name?: string; type?: string; taxable?: boolean }): Promise<AccountRow>;
  deleteAccount(id: string): Promise<void>;
  /** The default portfolio and account, created on first use. */
  ensureDefaultAccount(): Promise<{ portfolio: PortfolioRow; account: AccountRow }>;

  /** Validates and stores a transaction; refuses it (storing nothing) if it breaks the history. */
  addTransaction(input: TransactionInput): Promise<TransactionRow>;
  /** Replaces a transaction (a stored row, edited, is accepted as it is). */
  updateTransaction(id: string, input: TransactionInput | TransactionRow): Promise<TransactionRow>;
  deleteTransaction(id: string): Promise<void>;
  listTransactions(filter?: TransactionFilter): Promise<TransactionRow[]>;

  listInstruments(): Promise<InstrumentRow[]>;
  upsertInstrument(input: Omit<InstrumentRow, 'updatedAt'>): Promise<InstrumentRow>;
  listTargets(portfolioId: string): Promise<TargetRow[]>;
  /** Replaces the portfolio's targets; weights must sum to 1. */
  setTargets(portfolioId: string, targets: { key: string; by: TargetRow['by']; weight: string }[]): Promise<TargetRow[]>;

  /** Market data into the local cache (from the sync server's proxy, or entered by hand). */
  putPrices(symbol: string, points: { date: string; price: string }[], source?: string): Promise<void>;
  putFxRates(pair: string, points: { date: string; rate: string }[], source?: string): Promise<void>;

  /**
   * Live market data from the sync server's proxy (the signed-in server, else this app's own
   * origin). Fetches quotes for everything held and the FX rates to value it in the base
   * currency, stores them in the local cache and recomputes. Refused answers, unreachable
   * servers and answers that break the protocol throw an error naming the problem, and store
   * nothing; symbols without a quote stay unpriced.
   */
  refreshQuotes(options?: { alsoSymbols?: string[] }): Promise<QuoteRefreshResult>;
  /** Follows held symbols and FX pairs over the live socket (reconnecting) until stopped; watch `market` for the status. */
  startLiveQuotes(): Promise<MarketStatus>;
  stopLiveQuotes(): Promise<void>;
  getMarketStatus(): Promise<MarketStatus>;
  /** The page saw the network go or come back: live quotes drop at once, or reconnect at once. */
  setNetworkOnline(online: boolean): Promise<void>;
  /** Instruments matching what the user typed (ticker or name), from the market data proxy's search. */
  searchSymbols(query: string): Promise<SymbolMatch[]>;
  /** The instrument's quote details, above all its trading currency; null when the source has no quote for it. */
  lookupInstrument(symbol: string): Promise<InstrumentInfo | null>;
  /**
   * The `to` value of one `from` on `date` (or the last trading day before it) from the pair's
   * daily history, also stored in the FX cache; `found: false` says why there is none (never 1).
   */
  getFxRate(from: string, to: string, date: string): Promise<FxRateLookup>;
  /** Daily closes of a symbol (e.g. a benchmark index) for [from, to) into the price cache; `bars: 0` when the source has none. */
  loadHistory(symbol: string, from: string, to: string): Promise<HistoryLoad>;

  /** Holdings valued today; each price carries its source and age (`priceInfo`) when it came from the market. */
  getHoldings(scope?: Scope, asOf?: string): Promise<HoldingsSummary>;
  getLots(scope: Scope, symbol: string): Promise<Lot[]>;
  /** Returns for a period at holding, account, portfolio or all-portfolios level; with a benchmark symbol, compared with it. */
  getPerformance(scope: PerformanceScope, period: PeriodKey | DateRange, benchmark?: string): Promise<PerformanceResult>;
  getIncome(scope?: Scope): Promise<IncomeResult>;
  getAllocation(scope: Scope, by: AllocationDimension): Promise<{ buckets: AllocationBucket[]; missing: string[] }>;
  getRealizedGains(scope?: Scope): Promise<RealizedGainsResult>;
  getRebalance(portfolioId: string, newCash: string): Promise<RebalancePlan>;

  previewImport(request: ImportRequest): Promise<ImportPreviewResult>;
  /** All-or-nothing: refuses the whole file if any row has an error; skips duplicates. */
  commitImport(request: ImportRequest): Promise<{ imported: number; duplicates: number }>;
  exportTransactionsCsv(scope?: Scope): Promise<string>;
  exportHoldingsCsv(scope?: Scope): Promise<string>;
  exportRealizedGainsCsv(scope?: Scope): Promise<string>;
  exportBackup(): Promise<string>;
  /** Replaces everything with the backup's contents, in one transaction. */
  restoreBackup(text: string): Promise<{ transactions: number }>;

  /** Signs in (or registers) to a sync server; this device's data is merged into the account's. */
  signIn(input: { serverUrl: string; email: string; password: string; register?: boolean }): Promise<SyncOverview>;
  /** Signs out; the data stays on this device. */
  signOut(): Promise<void>;
  syncNow(): Promise<SyncOverview>;
  getSyncOverview(): Promise<SyncOverview>;
  /** Deletes the local copy and downloads everything again (refused while changes are pending unless forced). */
  resetDevice(options?: { force?: boolean }): Promise<void>;

  /** Where the data lives: this device (optionally self-hosted sync) or the user's Dexie Cloud database. */
  getStorageMode(): Promise<StorageMode>;
  /** Copies all data into the chosen storage and records the choice; the app must then reload. */
  setStorageMode(mode: StorageMode): Promise<{ reload: true }>;

  /** Insights by rules over the scope's holdings, allocation, income, fees, targets, returns and tax (issue 9); offline. */
  getInsights(scope?: Scope, options?: InsightOptions): Promise<InsightsResult>;
  /** The anonymized summary of all portfolios exactly as it would be sent to a model (no names, notes, account numbers, exact dates; totals only if shared). */
  getAiSummary(options: { shareTotals: boolean; benchmark?: string }): Promise<AiSummary>;

  /** AI insights (issue 9): this device's choices and what the signed-in server offers (never a key). */
  getAiConfig(): Promise<AiConfig>;
  /** Turns AI insights on (recording consent; the UI shows the summary first) or off, and the totals opt-in. */
  setAiPreferences(patch: { enabled?: boolean; shareTotals?: boolean }): Promise<AiPreferences>;
  /** Saves the user's own model key on the server (sealed there); never kept on this device. */
  setAiKey(input: { apiKey: string; model?: string; baseUrl?: string }): Promise<AiServerConfig>;
  clearAiKey(): Promise<AiServerConfig>;
  /**
   * Sends the anonymized summary (what `getAiSummary` shows) to the server for an AI review and
   * calls `onEvent` with the streamed narrative, then the insights or an error. Refused, with
   * nothing sent, while AI insights are off.
   */
  requestAiInsights(options: { shareTotals: boolean }, onEvent: (event: AiInsightsEvent) => void | Promise<void>): Promise<void>;

  /**
   * Questrade (issue 8). The connection lives on the signed-in sync server, which imports into
   * the synced tables; these calls reach it with the session's token. Not signed in, the
   * overview says so (the other calls refuse with that message).
   */
  getQuestradeOverview(): Promise<QuestradeOverview>;
  listQuestradeConnections(): Promise<QuestradeConnection[]>;
  /** Connects with a personal-app refresh token from Questrade's API hub; imported accounts go into the portfolio. */
  connectQuestrade(input: { refreshToken: string; portfolioId: string }): Promise<QuestradeConnection>;
  /** The Questrade authorization page to navigate to (when the server offers OAuth). */
  startQuestradeOAuth(input: { portfolioId: string }): Promise<{ authorizeUrl: string }>;
  /** Finishes the authorization-code flow with the code and state Questrade sent back (only the user who started it can). */
  finishQuestradeOAuth(input: { code: string; state: string }): Promise<QuestradeConnection>;
  /** Syncs the connection now on the server, then pulls what it imported. */
  syncQuestrade(connectionId: string): Promise<QuestradeConnection>;
  /** Deletes the connection's tokens on the server; imported transactions stay. */
  disconnectQuestrade(connectionId: string): Promise<void>;
  /** The engine's quantities and cash per account against Questrade's last synced positions and balances. */
  reconcileQuestrade(connectionId: string): Promise<Reconciliation>;
  /** Imported activities that need the user's review (open ones unless `includeClosed`). */
  listImportReviews(filter?: { accountId?: string; includeClosed?: boolean }): Promise<ImportReviewRow[]>;
  /** Resolves, dismisses or reopens a review item (synced to every device). */
  setImportReviewStatus(id: string, status: 'resolved' | 'dismissed' | 'open'): Promise<ImportReviewRow>;

  /** Calls `onChange` now and after every change that may affect the result; returns an id for `unwatch`. */
  watch<Q extends WatchQuery>(query: Q, onChange: (result: unknown) => void): Promise<number>;
  unwatch(id: number): Promise<void>;
}
