import { CoreError } from '../../errors';
import { allocate, type AllocationDimension, type AllocationItem } from '../../engine/allocation';
import { dailySeries } from '../../engine/daily-series';
import { incomeEvents } from '../../engine/events';
import { dedupe, summarizeHoldings, type HoldingsSummary } from '../../engine/holdings-summary';
import { incomeByMonth, incomeByYear, trailingYield, yieldOnCost } from '../../engine/income';
import { resolvePeriod } from '../../engine/periods';
import { driftFromTargets, rebalanceBuyOnly, rebalanceFull } from '../../engine/rebalance';
import { returnsForPeriod } from '../../engine/returns';
import { runLedger } from '../../engine/run-engine';
import { realizedGainsByTaxYear } from '../../engine/tax';
import { currentAcb } from '../../engine/tax-acb';
import type { DataGap, Lot, ValuationPoint } from '../../engine/types';
import { add, dec, div, isZero, ZERO, type Decimal } from '../../money/decimal';
import type { CoreApi, PerformanceResult, Scope } from '../core-api';
import { benchmarkInBase, compareWithBenchmark } from '../../engine/benchmark';
import { DatedSeries } from '../../fx/dated-series';
import { todayOf, type HandlerDeps } from './deps';

type ReportHandlers = Pick<CoreApi, 'getHoldings' | 'getLots' | 'getPerformance' | 'getIncome' | 'getAllocation' | 'getRealizedGains' | 'getRebalance'>;

/** Adds series of several portfolios day by day (each starts at its first transaction). */
function mergeSeries(all: ValuationPoint[][]): ValuationPoint[] {
  const byDate = new Map<string, ValuationPoint>();
  for (const points of all) {
    for (const p of points) {
      const existing = byDate.get(p.date);
      byDate.set(p.date, existing ? { date: p.date, value: add(existing.value, p.value), flow: add(existing.flow, p.flow) } : { ...p });
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Queries over the engine's state: every figure comes from the same ledgers and prices. */
export function reportHandlers(deps: HandlerDeps): ReportHandlers {
  const { db, engine } = deps;

  /** Income events of the accounts in scope. */
  const incomeIn = (scope: Scope) =>
    engine.portfolioIdsOf(scope).flatMap((id) => {
      const incremental = engine.ledger(id);
      const { baseCurrency, fx } = incremental.current.options;
      return incomeEvents(incremental.transactions, baseCurrency, fx, scope.accountId ? new Set([scope.accountId]) : undefined);
    });

  /** Allocation buckets of a holdings summary: instruments with their metadata, cash as its own class. */
  const allocationOf = async (summary: HoldingsSummary, by: AllocationDimension) => {
    const instruments = new Map((await db.instruments.toArray()).map((i) => [i.id, i]));
    const items: AllocationItem[] = summary.holdings.flatMap((h) =>
      h.positions.map((p) => {
        const meta = instruments.get(h.symbol);
        return {
          symbol: h.symbol,
          accountId: p.accountId,
          accountName: engine.accounts.get(p.accountId)?.name ?? p.accountId,
          currency: h.currency,
          marketValueBase: p.marketValueBase,
          ...(meta?.assetClass ? { assetClass: meta.assetClass } : {}),
          ...(meta?.sector ? { sector: meta.sector } : {}),
          ...(meta?.country ? { country: meta.country } : {}),
        };
      }),
    );
    for (const cash of summary.cash) {
      items.push({ symbol: `CASH:${cash.currency}`, accountId: cash.accountId, accountName: engine.accounts.get(cash.accountId)?.name ?? cash.accountId, currency: cash.currency, marketValueBase: cash.amountBase, assetClass: 'cash' });
    }
    const { buckets, missing } = allocate(items, by);
    return { buckets, missing };
  };

  const handlers: ReportHandlers = {
    async getHoldings(scope = {}, asOf) {
      await engine.ready();
      return summarizeHoldings(engine.sources(scope), asOf ?? todayOf(deps), engine.context(), deps.describePrice);
    },

    async getLots(scope, symbol) {
      await engine.ready();
      return engine.portfolioIdsOf(scope).flatMap((id) => {
        const incremental = engine.ledger(id);
        const ledger = incremental.current;
        // Average cost pools units, so its lots are informational: replay the symbol FIFO to show them.
        const withLots =
          ledger.options.method === 'average'
            ? runLedger(incremental.transactions.filter((t) => t.symbol === symbol), { ...ledger.options, method: 'fifo' })
            : ledger;
        // The fields of a Lot only (the fold's lots carry its own bookkeeping too).
        return [...withLots.positions.values()]
          .filter((p) => p.symbol === symbol && (!scope.accountId || p.accountId === scope.accountId))
          .flatMap((p) => p.lots.map(({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap }): Lot => ({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap })));
      });
    },

    async getPerformance(scope, period, benchmark) {
      await engine.ready();
      const to = todayOf(deps);
      const portfolioIds = engine.portfolioIdsOf(scope);
      const gaps: DataGap[] = [];
      const series: ValuationPoint[][] = [];
      for (const id of portfolioIds) {
        const incremental = engine.ledger(id);
        if (!incremental.transactions.length) continue;
        const scoped = { id: 'scope', ...(scope.accountId ? { accounts: new Set([scope.accountId]) } : {}), ...(scope.symbol ? { symbol: scope.symbol } : {}) };
        const result = dailySeries(incremental.transactions, incremental.current.options, engine.context(), to, [scoped]).get('scope')!;
        series.push(result.points);
        gaps.push(...result.gaps);
      }
      const points = mergeSeries(series);
      const first = points.find((p) => p.value !== ZERO || p.flow !== ZERO)?.date ?? to;
      let range;
      try {
        range = resolvePeriod(period, to, first);
      } catch (error) {
        throw new CoreError('invalid_input', (error as Error).message, [{ field: 'period', message: (error as Error).message }]);
      }
      const inRange = points.filter((p) => p.date >= range.from && p.date <= range.to);
      const returns = points.length && !gaps.length ? returnsForPeriod(points, range.from, range.to) : null;
      const result: PerformanceResult = { scope, range, returns, series: inRange, gaps: dedupe(gaps) };
      if (benchmark) {
        const index = engine.prices().market(benchmark);
        // The index's currency: the user's instrument record, else what the market data said with its levels.
        const quoted = (await db._prices.where('symbol').equals(benchmark).last())?.currency;
        const currency = (await db.instruments.get(benchmark))?.currency ?? quoted ?? engine.settings.baseCurrency;
        const inBase = index ? benchmarkInBase(index, currency, engine.settings.baseCurrency, engine.context().fx) : new DatedSeries();
        result.benchmark = compareWithBenchmark(benchmark, points, inBase, range.from, range.to);
      }
      return result;
    },

    async getIncome(scope = {}) {
      await engine.ready();
      const today = todayOf(deps);
      const income = incomeIn(scope);
      const holdings = summarizeHoldings(engine.sources(scope), today, engine.context());
      const gaps = dedupe(income.flatMap((e) => (e.fxGap ? [e.fxGap] : [])));
      return {
        byMonth: incomeByMonth(income),
        byYear: incomeByYear(income),
        trailingYield: trailingYield(income, today, holdings.totals.marketValueBase ?? ZERO),
        yieldOnCost: yieldOnCost(income, today, holdings.totals.costBase ?? ZERO),
        gaps,
      };
    },

    async getAllocation(scope, by) {
      await engine.ready();
      return allocationOf(summarizeHoldings(engine.sources(scope), todayOf(deps), engine.context()), by);
    },

    async getRealizedGains(scope = {}) {
      await engine.ready();
      // Taxable sales at the ACB pooled over the portfolio's taxable accounts (the CRA's rule),
      // superficial losses denied and carried into the ACB of the units bought back.
      const { dispositions, superficialLosses, pools } = engine.taxView(scope);
      const { taxable } = engine;
      // What is held now at that ACB: per portfolio (each is one taxpayer's pools).
      const acbNow = engine.portfolioIdsOf(scope).flatMap((portfolioId) =>
        currentAcb(
          pools.filter((pool) => pool.portfolioId === portfolioId),
          scope.accountId,
        ).map((row) => ({ portfolioId, ...row })),
      );
      return {
        years: realizedGainsByTaxYear(dispositions, taxable),
        acbNow,
        registeredAccounts: [...new Set(dispositions.map((d) => d.accountId))].filter((id) => !taxable(id)),
        superficialLosses,
        gaps: dedupe(dispositions.flatMap((d): DataGap[] => [...(d.fxGap ? [d.fxGap] : []), ...(d.priceGap ? [d.priceGap] : [])])),
      };
    },

    async getRebalance(portfolioId, newCash) {
      await engine.ready();
      const targets = await db.targets.where('portfolioId').equals(portfolioId).toArray();
      if (!targets.length) throw new CoreError('invalid_input', 'This portfolio has no target weights yet', [{ field: 'targets', message: 'Set targets first' }]);
      const by = targets[0]!.by === 'assetClass' ? 'assetClass' : 'holding';
      // One valuation serves both the buckets and the unit prices.
      const summary = summarizeHoldings(engine.sources({ portfolioId }), todayOf(deps), engine.context());
      const { buckets, missing } = await allocationOf(summary, by);
      if (missing.length) return { missing, drift: [], buyOnly: null, full: null };
      // Unit prices in the base currency, so suggested trades come in whole units.
      const prices = new Map<string, Decimal>();
      for (const h of summary.holdings) if (h.marketValueBase !== null && !isZero(h.quantity)) prices.set(h.symbol, div(h.marketValueBase, h.quantity));
      const weights = targets.map((t) => ({ key: t.key, weight: dec(t.weight) }));
      return {
        missing: [],
        drift: driftFromTargets(buckets, weights),
        buyOnly: rebalanceBuyOnly(buckets, weights, dec(newCash), by === 'holding' ? prices : undefined),
        full: rebalanceFull(buckets, weights, by === 'holding' ? prices : undefined),
      };
    },
  };
  return handlers;
}
