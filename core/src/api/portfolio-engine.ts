import { CoreError } from '../errors';
import type { FolioDb } from '../db/database';
import type { AccountRow, PortfolioRow, PriceRow, SettingsRow, TransactionRow } from '../db/rows';
import { DatedSeries } from '../fx/dated-series';
import { FxRates } from '../fx/fx-rates';
import type { LedgerSource } from '../engine/holdings-summary';
import { IncrementalLedger } from '../engine/incremental-ledger';
import { acquisitions } from '../engine/events';
import { indexAcquisitions, unitsHeldOverTime, type Acquisition } from '../engine/tax';
import { taxAcb, type TaxAcb, type TaxPool } from '../engine/tax-acb';
import type { Disposition } from '../engine/types';
import { isTaxable } from '../insights/rules/tax';
import type { LedgerOptions } from '../engine/ledger';
import { PriceBook } from '../engine/price-book';
import { cashTrackedAccounts, recordsCash } from '../engine/run-engine';
import type { ValuationContext } from '../engine/valuation';
import { dec } from '../money/decimal';
import type { Scope } from './core-api';

/**
 * Transactions one slice of checkpoint building applies before the worker takes requests
 * again (~20–40 ms on the benchmark's machine).
 */
const CHECKPOINT_SLICE = 20_000;

/** How old a close may be and still value a transfer in kind on a day (a long weekend). */
const MARKET_VALUE_MAX_AGE_DAYS = 4;

export const DEFAULT_SETTINGS: Omit<SettingsRow, 'updatedAt'> = { id: 'user', baseCurrency: 'CAD', defaultCostBasisMethod: 'average' };

/** The tax view of a scope: its pools each name the portfolio (one taxpayer's) they belong to. */
export interface TaxView extends TaxAcb {
  pools: (TaxPool & { portfolioId: string })[];
  /** Every purchase in every account of every portfolio (registered ones too): any of them makes a loss superficial. */
  acquisitions: Acquisition[];
}

/**
 * The worker's in-memory view of the database: one incremental ledger per portfolio, plus
 * prices and FX rates. Writes go through `change()` first, which refuses (and rolls back
 * the in-memory state) a change that would break the history, so nothing half-saved reaches
 * IndexedDB. Other contexts' writes arrive as a broadcast and trigger a reload.
 */
export class PortfolioEngine {
  settings: SettingsRow = { ...DEFAULT_SETTINGS, updatedAt: '' };
  readonly portfolios = new Map<string, PortfolioRow>();
  readonly accounts = new Map<string, AccountRow>();
  readonly transactions = new Map<string, TransactionRow>();
  private readonly ledgers = new Map<string, IncrementalLedger>();
  /**
   * Transactions left out of a portfolio's calculations because, as synced from other devices,
   * they do not fit its history (two devices each sold shares the other had not seen sold).
   * They stay stored; the user sees them and fixes or deletes them.
   */
  readonly conflicts = new Map<string, { transactionId: string; message: string }[]>();
  private marketPrices = new Map<string, DatedSeries>();
  /**
   * The newest cached price row of each symbol, with its quote metadata (source, time, stale,
   * demo): the UI shows it beside the price. Kept here, beside the values, never in the engine.
   */
  private readonly latestPriceRows = new Map<string, PriceRow>();
  private fx = new FxRates();
  private priceBook: PriceBook | null = null;
  private loading: Promise<void> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly channel: BroadcastChannel | null;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly db: FolioDb) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`folio-core:${db.name}`);
    if (this.channel) this.channel.onmessage = () => void this.reload().then(() => this.emit());
  }

  ready(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  /** Reads everything from IndexedDB and recomputes every portfolio in full. */
  async reload(): Promise<void> {
    const db = this.db;
    const [settings, portfolios, accounts, transactions, prices, fx] = await db.transaction('r', [db.settings, db.portfolios, db.accounts, db.transactions, db._prices, db._fx], () =>
      Promise.all([db.settings.get('user'), db.portfolios.toArray(), db.accounts.toArray(), db.transactions.toArray(), db._prices.toArray(), db._fx.toArray()]),
    );
    this.settings = settings ?? { ...DEFAULT_SETTINGS, updatedAt: '' };
    this.portfolios.clear();
    for (const p of portfolios) this.portfolios.set(p.id, p);
    this.accounts.clear();
    for (const a of accounts) this.accounts.set(a.id, a);
    this.transactions.clear();
    for (const t of transactions) this.transactions.set(t.id, t);
    this.marketPrices = new Map();
    this.latestPriceRows.clear();
    for (const p of prices) this.setMarketPrice(p.symbol, p.date, p.price, p);
    this.fx = new FxRates();
    for (const r of fx) this.fx.set(r.pair.slice(0, 3), r.pair.slice(3), r.date, dec(r.rate));
    this.ledgers.clear();
    for (const id of this.portfolios.keys()) this.rebuildPortfolio(id);
    this.priceBook = null;
  }

  private seriesFor(map: Map<string, DatedSeries>, key: string): DatedSeries {
    let series = map.get(key);
    if (!series) map.set(key, (series = new DatedSeries()));
    return series;
  }

  portfolioOf(accountId: string): string {
    const account = this.accounts.get(accountId);
    if (!account) throw new CoreError('not_found', `Account ${accountId} does not exist`, [{ field: 'accountId', message: 'Unknown account' }]);
    return account.portfolioId;
  }

  rowsOf(portfolioId: string): TransactionRow[] {
    return [...this.transactions.values()].filter((t) => this.accounts.get(t.accountId)?.portfolioId === portfolioId);
  }

  ledgerOptions(portfolioId: string, rows = this.rowsOf(portfolioId)): LedgerOptions {
    return {
      baseCurrency: this.settings.baseCurrency,
      method: this.portfolios.get(portfolioId)?.costBasisMethod ?? 'average',
      fx: this.fx,
      cashTrackedAccounts: cashTrackedAccounts(rows),
      // Market prices only: trade prices are derived from the ledgers being built.
      priceAt: (symbol, date) => this.marketPrices.get(symbol)?.at(date)?.value,
    };
  }

  /** Throws the ledger's refusal if these rows do not form a valid history (nothing changes). */
  checkHistory(method: PortfolioRow['costBasisMethod'], rows: TransactionRow[]): void {
    void new IncrementalLedger({ ...this.ledgerOptions('', rows), method }, rows);
  }

  /**
   * Full recompute of one portfolio (method, base currency or FX changed; data pulled). A
   * transaction the history refuses is left out and listed in `conflicts`, and the rest is
   * computed, so one conflicting edit from another device never blanks the whole portfolio.
   */
  rebuildPortfolio(portfolioId: string): void {
    let rows = this.rowsOf(portfolioId);
    const excluded: { transactionId: string; message: string }[] = [];
    for (;;) {
      try {
        this.ledgers.set(portfolioId, new IncrementalLedger(this.ledgerOptions(portfolioId, rows), rows));
        break;
      } catch (error) {
        if (!(error instanceof CoreError) || error.ref === undefined) throw error;
        excluded.push({ transactionId: error.ref, message: error.message });
        rows = rows.filter((r) => r.id !== error.ref);
      }
    }
    if (excluded.length) this.conflicts.set(portfolioId, excluded);
    else this.conflicts.delete(portfolioId);
    this.priceBook = null;
    this.buildCheckpointsLater();
  }

  /**
   * A full recompute answers without the checkpoints that make later edits incremental; they
   * are built here, a slice per task, between the worker's requests (an edit that comes first
   * replays in full once, taking them itself).
   */
  private buildCheckpointsLater(): void {
    if (this.checkpointTimer !== null) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      const pending = [...this.ledgers.values()].filter((ledger) => ledger.needsCheckpoints);
      if (pending.length === 0) return;
      const done = pending[0]!.buildCheckpoints(CHECKPOINT_SLICE);
      if (!done || pending.length > 1) this.buildCheckpointsLater();
    }, 0);
  }

  ledger(portfolioId: string): IncrementalLedger {
    let ledger = this.ledgers.get(portfolioId);
    if (!ledger) {
      this.rebuildPortfolio(portfolioId);
      ledger = this.ledgers.get(portfolioId)!;
    }
    return ledger;
  }

  /**
   * Checks a change to one portfolio's transactions against its history and applies it in
   * memory; throws CoreError (state unchanged) when refused. Call before writing IndexedDB.
   */
  change(portfolioId: string, upserts: TransactionRow[], deletedIds: string[] = []): void {
    const before = new Map([...upserts.map((r) => r.id), ...deletedIds].map((id) => [id, this.transactions.get(id)]));
    // The incremental ledger restores itself when it refuses; a full rebuild does not.
    let rebuilt = false;
    for (const id of deletedIds) this.transactions.delete(id);
    for (const row of upserts) this.transactions.set(row.id, row);
    try {
      if (this.conflicts.has(portfolioId)) {
        // With transactions left out, recompute in full: the edit may resolve a conflict.
        rebuilt = true;
        this.rebuildPortfolio(portfolioId);
        const refused = this.conflicts.get(portfolioId)?.find((c) => upserts.some((r) => r.id === c.transactionId));
        if (refused) throw new CoreError('invalid_input', refused.message, [{ field: 'transaction', message: refused.message }], refused.transactionId);
        this.priceBook = null;
        return;
      }
      const incremental = this.ledger(portfolioId);
      const options = incremental.current.options;
      // Only a deposit, withdrawal, conversion or cash transfer (added, edited or removed) can
      // change which accounts record cash; other edits need no scan of the whole history.
      const cashTouched = [...before.values(), ...upserts].some((row) => row !== undefined && recordsCash(row));
      const tracked = cashTouched ? cashTrackedAccounts(this.rowsOf(portfolioId)) : options.cashTrackedAccounts;
      if (tracked.size !== options.cashTrackedAccounts.size || [...tracked].some((a) => !options.cashTrackedAccounts.has(a))) {
        // Whether an account records cash changed: every implicit deposit may change.
        rebuilt = true;
        incremental.reset(this.rowsOf(portfolioId), { ...options, cashTrackedAccounts: tracked });
        this.buildCheckpointsLater();
      } else incremental.change(upserts, deletedIds);
    } catch (error) {
      for (const [id, row] of before) {
        if (row) this.transactions.set(id, row);
        else this.transactions.delete(id);
      }
      if (rebuilt || !(error instanceof CoreError)) this.rebuildPortfolio(portfolioId);
      throw error;
    }
    this.priceBook = null;
  }

  /** Prices: market closes, with the user's own trade prices on days without one. */
  prices(): PriceBook {
    if (!this.priceBook) {
      // The market series are shared, not copied: only the trade-price layer is rebuilt.
      const book = new PriceBook(this.marketPrices);
      for (const ledger of this.ledgers.values()) book.addTradePrices(ledger.transactions);
      this.priceBook = book;
    }
    return this.priceBook;
  }

  /** A market price; with its cached row, that row's metadata is remembered if it is the newest. */
  setMarketPrice(symbol: string, date: string, price: string, row?: PriceRow): void {
    this.seriesFor(this.marketPrices, symbol).set(date, dec(price));
    const latest = this.latestPriceRows.get(symbol);
    if (row && (!latest || latest.date <= date)) this.latestPriceRows.set(symbol, row);
    else if (!row && latest?.date === date) this.latestPriceRows.delete(symbol);
  }

  /** The newest cached price row of a symbol (see `latestPriceRows`). */
  latestPriceRow(symbol: string): PriceRow | undefined {
    return this.latestPriceRows.get(symbol);
  }

  /**
   * Portfolios with a transaction on or after `date`: the only ones whose trade-date costs a
   * new FX rate of that date can change (a rate counts from its date until the next one).
   */
  portfoliosTradingSince(date: string): string[] {
    const ids = new Set<string>();
    for (const t of this.transactions.values()) {
      if (t.date < date) continue;
      const portfolioId = this.accounts.get(t.accountId)?.portfolioId;
      if (portfolioId && this.portfolios.has(portfolioId)) ids.add(portfolioId);
    }
    return [...ids];
  }

  setFxRate(pair: string, date: string, rate: string): void {
    this.fx.set(pair.slice(0, 3), pair.slice(3), date, dec(rate));
  }

  context(): ValuationContext {
    return { baseCurrency: this.settings.baseCurrency, prices: this.prices(), fx: this.fx };
  }

  /** The portfolios a scope covers: an account's, the one named, or all. */
  portfolioIdsOf(scope: Scope = {}): string[] {
    if (scope.accountId) return [this.portfolioOf(scope.accountId)];
    return scope.portfolioId ? [scope.portfolioId] : [...this.portfolios.keys()];
  }

  /** Whether an account's gains are taxable (not a TFSA, RRSP…). */
  readonly taxable = (accountId: string): boolean => isTaxable(this.accounts.get(accountId));

  /**
   * The sales as the tax report counts them, by date: the taxable accounts' at the ACB pooled
   * over their portfolio's taxable accounts (see tax-acb.ts), whatever method the portfolio
   * shows; the registered accounts' as their ledger made them (listed, not taxable). With the
   * pools still open, for what selling now would realize.
   */
  taxView(scope: Scope = {}): TaxView {
    if (scope.portfolioId && !this.portfolios.has(scope.portfolioId)) throw new CoreError('not_found', `Portfolio ${scope.portfolioId} does not exist`);
    const inScope = (d: { accountId: string }) => !scope.accountId || d.accountId === scope.accountId;
    // A loss is superficial when the security is bought back in any account (a TFSA or RRSP too,
    // under any portfolio) and still held 30 days after.
    const everyPortfolio = [...this.portfolios.keys()].map((id) => this.ledger(id).transactions);
    const bought = everyPortfolio.flatMap((txs) => acquisitions(txs));
    const superficial = { acquisitions: indexAcquisitions(bought), heldAt: unitsHeldOverTime(everyPortfolio) };
    // A transfer in kind is valued at that day's close, or one of the few days before (a weekend,
    // a holiday); an older price is not that day's market value.
    const priceAt = (symbol: string, date: string) => {
      const point = this.marketPrices.get(symbol)?.at(date);
      return point && point.ageDays <= MARKET_VALUE_MAX_AGE_DAYS ? point.value : undefined;
    };
    const views = this.portfolioIdsOf(scope).map((id) => {
      const incremental = this.ledger(id);
      const { baseCurrency, fx } = incremental.current.options;
      const pooled = taxAcb(incremental.transactions, { baseCurrency, fx, taxable: this.taxable, priceAt, superficial });
      const registered = incremental.current.dispositions.filter((d) => !this.taxable(d.accountId));
      return {
        dispositions: [...pooled.dispositions, ...registered].filter(inScope),
        superficialLosses: pooled.superficialLosses.filter(inScope),
        pools: pooled.pools.map((pool) => ({ ...pool, portfolioId: id })),
      };
    });
    return {
      dispositions: views.flatMap((v) => v.dispositions).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      superficialLosses: views.flatMap((v) => v.superficialLosses),
      pools: views.flatMap((v) => v.pools),
      acquisitions: bought,
    };
  }

  /** The ledgers (and accounts in them) a scope covers. */
  sources(scope: Scope = {}): LedgerSource[] {
    if (scope.accountId) {
      const portfolioId = this.portfolioOf(scope.accountId);
      return [{ ledger: this.ledger(portfolioId).current, accounts: new Set([scope.accountId]) }];
    }
    if (scope.portfolioId) {
      if (!this.portfolios.has(scope.portfolioId)) throw new CoreError('not_found', `Portfolio ${scope.portfolioId} does not exist`);
      return [{ ledger: this.ledger(scope.portfolioId).current }];
    }
    return [...this.portfolios.keys()].map((id) => ({ ledger: this.ledger(id).current }));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells this context's watchers and other contexts (tabs, popup) that data changed. */
  emit(broadcast = false): void {
    for (const listener of this.listeners) listener();
    if (broadcast) this.channel?.postMessage({ changed: true });
  }
}
