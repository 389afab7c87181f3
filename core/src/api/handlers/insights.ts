import { parseInput } from './parse-input';
import { z } from 'zod';
import { CoreError } from '../../errors';
import { isCashSymbol } from '../../engine/allocation';
import { convert, incomeEvents } from '../../engine/events';
import type { IncomeEvent } from '../../engine/types';
import { buildAiSummary, checkAiSummary } from '../../insights/ai-summary';
import { findInsights } from '../../insights/find-insights';
import { homeCountryOf } from '../../insights/home-country';
import { insightFormat } from '../../insights/insight-format';
import type { InsightInput, TargetsView } from '../../insights/insight-input';
import { resolveThresholds } from '../../insights/insight-thresholds';
import { factsOf } from '../../insights/portfolio-facts';
import { add, isZero, ZERO, type Decimal } from '../../money/decimal';
import { fieldIssues, symbolField } from '../../model/transaction-schema';
import { addDays } from '../../time/days';
import type { CoreApi, InsightOptions, Scope } from '../core-api';
import { todayOf, type HandlerDeps } from './deps';

type InsightHandlers = Pick<CoreApi, 'getInsights' | 'getAiSummary'>;
type Reports = Pick<CoreApi, 'getHoldings' | 'getAllocation' | 'getIncome' | 'getPerformance' | 'getRebalance'>;

/**
 * The index insights compare with when the caller names none: the home market's broad index
 * for the base currency (the PWA passes the benchmark the user chose on the dashboard).
 */
export function defaultBenchmark(baseCurrency: string): string | null {
  return baseCurrency === 'CAD' ? '^GSPTSE' : baseCurrency === 'USD' ? 'SPY' : null;
}

const optionsSchema = z.strictObject({ benchmark: z.union([z.literal(''), symbolField]).optional() });
const summaryOptionsSchema = z.strictObject({
  shareTotals: z.boolean({ error: 'shareTotals must be true or false' }),
  benchmark: z.union([z.literal(''), symbolField]).optional(),
});

const parse = parseInput;

/**
 * Portfolio insights by rules (core/src/insights), over the report handlers' own outputs so
 * every number matches the screen an insight links to; and the anonymized summary that the
 * AI route may send to a model.
 */
export function insightHandlers(deps: HandlerDeps, reports: Reports): InsightHandlers {
  const { db, engine } = deps;

  async function gather(scope: Scope, options: InsightOptions): Promise<InsightInput> {
    await engine.ready();
    const asOf = todayOf(deps);
    const settings = engine.settings;
    const baseCurrency = settings.baseCurrency;
    const fx = engine.context().fx;
    const benchmark = options.benchmark === undefined ? defaultBenchmark(baseCurrency) : options.benchmark || null;
    const portfolioIds = engine.portfolioIdsOf(scope);
    const accountsInScope = scope.accountId ? new Set([scope.accountId]) : undefined;

    const [holdings, sector, country, currency, income, oneYear, sinceStart, instruments] = await Promise.all([
      reports.getHoldings(scope),
      reports.getAllocation(scope, 'sector'),
      reports.getAllocation(scope, 'country'),
      reports.getAllocation(scope, 'currency'),
      reports.getIncome(scope),
      reports.getPerformance(scope, '1Y', benchmark ?? undefined),
      reports.getPerformance(scope, 'ALL'),
      db.instruments.toArray(),
    ]);

    // Income events and trailing-year commissions of the accounts in scope.
    const events: IncomeEvent[] = [];
    const yearStart = addDays(asOf, -365);
    let commissions: Decimal | null = ZERO;
    // At the ACB pooled over each portfolio's taxable accounts, as the tax report counts them.
    const tax = engine.taxView(scope);
    const taxableDispositions = tax.dispositions.filter((d) => engine.taxable(d.accountId));
    for (const id of portfolioIds) {
      const incremental = engine.ledger(id);
      events.push(...incomeEvents(incremental.transactions, baseCurrency, fx, accountsInScope));
      for (const tx of incremental.transactions) {
        if ((accountsInScope && !accountsInScope.has(tx.accountId)) || isZero(tx.fee) || tx.date <= yearStart || tx.date > asOf) continue;
        const fee = convert(tx, tx.fee, baseCurrency, fx);
        commissions = commissions === null || typeof fee !== 'bigint' ? null : add(commissions, fee);
      }
    }
    // A buy in any account of the user (registered ones included) makes a loss superficial.
    const acquisitionsAllAccounts = tax.acquisitions;

    const targets: TargetsView[] = [];
    if (!scope.accountId) {
      for (const id of portfolioIds) {
        const rows = await db.targets.where('portfolioId').equals(id).toArray();
        if (!rows.length) continue;
        try {
          const plan = await reports.getRebalance(id, '0');
          // A plan withheld for a missing price has no drift to tell (the missing price is an insight of its own).
          if (plan.full) targets.push({ portfolioId: id, portfolioName: engine.portfolios.get(id)?.name ?? 'this portfolio', by: rows[0]!.by, drift: plan.drift, trades: plan.full.trades });
        } catch (error) {
          // Targets that no longer validate are the Rebalancing tab's to report; drift is skipped.
          if (!(error instanceof CoreError)) throw error;
        }
      }
    }

    const foreign = new Set([
      ...holdings.holdings.filter((h) => !isZero(h.quantity)).map((h) => h.currency),
      ...holdings.cash.map((c) => c.currency),
    ]);
    foreign.delete(baseCurrency);
    const portfolioPath = scope.portfolioId || scope.accountId ? `/portfolio/${encodeURIComponent(portfolioIds[0]!)}` : '/portfolio';

    return {
      asOf,
      baseCurrency,
      home: homeCountryOf(baseCurrency),
      format: insightFormat(settings.locale),
      thresholds: resolveThresholds(settings.insightThresholds),
      portfolioPath,
      holdings,
      instruments: new Map(instruments.map((i) => [i.id, i])),
      accounts: engine.accounts,
      allocation: { sector, country, currency },
      incomeEvents: events,
      trailingYield: income.trailingYield,
      commissions12m: commissions,
      oneYear,
      sinceStart,
      benchmark,
      targets,
      taxableDispositions,
      taxPools: tax.pools,
      superficialLosses: tax.superficialLosses,
      acquisitionsAllAccounts,
      fxToday: [...foreign].sort().map((c) => ({ currency: c, quote: fx.quote(c, baseCurrency, asOf) })),
    };
  }

  /**
   * Every symbol the summary could mention (held, sold, bought, targeted, described) that is not
   * market-listed. Listed means market data knows it: the instrument has an exchange, or a price
   * of it came from a market source (not typed in by hand, which stores no source or "manual").
   */
  async function unlistedSymbols(input: InsightInput): Promise<Set<string>> {
    const symbols = new Set<string>([
      ...input.holdings.holdings.map((h) => h.symbol),
      ...input.taxableDispositions.map((d) => d.symbol),
      ...input.acquisitionsAllAccounts.map((a) => a.symbol),
      ...input.instruments.keys(),
      ...input.targets.filter((t) => t.by === 'holding').flatMap((t) => t.drift.map((r) => r.key)),
    ]);
    const unlisted = new Set<string>();
    for (const symbol of symbols) {
      if (isCashSymbol(symbol) || input.instruments.get(symbol)?.exchange?.trim()) continue;
      const quoted = await db._prices
        .where('symbol')
        .equals(symbol)
        .filter((row) => row.source !== undefined && row.source !== 'manual')
        .first();
      if (!quoted) unlisted.add(symbol);
    }
    return unlisted;
  }

  return {
    async getInsights(scope = {}, options = {}) {
      const valid = parse(optionsSchema, options, 'Insight options');
      const input = await gather(scope, valid);
      return { asOf: input.asOf, insights: findInsights(input), thresholds: input.thresholds, benchmark: input.benchmark, gaps: input.holdings.gaps };
    },

    async getAiSummary(options) {
      const valid = parse(summaryOptionsSchema, options, 'AI summary options');
      const input = await gather({}, valid.benchmark === undefined ? {} : { benchmark: valid.benchmark });
      const unlisted = await unlistedSymbols(input);
      const summary = buildAiSummary(factsOf(input), findInsights(input), { shareTotals: valid.shareTotals, unlisted });
      // Exactly what the server accepts; a refusal is a CoreError naming the field.
      return checkAiSummary(summary);
    },
  };
}
