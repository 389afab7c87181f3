import { FxRates } from '../fx/fx-rates';
import { add, round, sum, toDecimalString, toFixed, type Decimal } from '../money/decimal';
import { addDays } from '../time/days';
import { dailySeries } from '../engine/daily-series';
import { PriceBook } from '../engine/price-book';
import { moneyWeightedReturn, returnsForPeriod } from '../engine/returns';
import { ledgerOptions, runLedger, toEngineOrder } from '../engine/run-engine';
import type { DataGap } from '../engine/types';
import { benchmarkInBase, compareWithBenchmark } from '../engine/benchmark';
import { incomeEvents } from '../engine/events';
import { DatedSeries } from '../fx/dated-series';
import { dedupe, summarizeHoldings } from '../engine/holdings-summary';
import { parseAnalysisInput } from './analysis-input';

/** Money in the output: a decimal string with two places (rounded half to even), or null when unknown. */
type Money = string | null;

export interface PortfolioAnalysis {
  baseCurrency: string;
  asOf: string;
  costBasisMethod: string;
  holdings: {
    symbol: string;
    currency: string;
    accounts: string[];
    quantity: string;
    costBasis: Money;
    averageCost: string | null;
    price: string | null;
    priceDate: string | null;
    marketValue: Money;
    unrealizedGain: Money;
    priceGain: Money;
    currencyGain: Money;
    realizedGain: Money;
    dividends: Money;
    withholdingTax: Money;
    fees: Money;
  }[];
  sales: { date: string; symbol: string; account: string; quantity: string; proceeds: Money; costBasis: Money; gain: Money; priceGain: Money; currencyGain: Money; reason: string }[];
  cash: { account: string; currency: string; amount: string; amountBase: Money }[];
  totals: {
    marketValue: Money;
    costBasis: Money;
    cash: Money;
    realizedGain: Money;
    unrealizedGain: Money;
    dividends: Money;
    interest: Money;
    withholdingTax: Money;
    fees: Money;
    /** Time-weighted return since the first transaction (not annualized). */
    twr: number | null;
    /** Money-weighted return: the annual XIRR since the first transaction. */
    xirr: number | null;
    simpleReturn: number | null;
  };
  /** Present when the input names a benchmark: the index's return over the same period, and
   * what the same cash flows invested in it would be worth at asOf (null when levels are missing). */
  benchmark?: { symbol: string; twr: number | null; sameCashFlowsValue: Money; portfolioValue: Money; missing: string[] };
  /** Prices or FX rates that were missing: figures they affect are null, never guessed. */
  gaps: DataGap[];
}

const money = (value: Decimal | null): Money => (value === null ? null : toFixed(value, 2));
const num = (value: number | null) => (value === null ? null : Math.round(value * 1e10) / 1e10);

/**
 * The whole analysis from plain data: holdings with cost basis and gains, every sale, cash,
 * income and fee totals, and returns since inception — all in the base currency. Pure and
 * deterministic: the same document always gives the same result. See the README for both formats.
 */
export function analyzePortfolio(input: unknown): PortfolioAnalysis {
  const doc = parseAnalysisInput(input);
  const rows = doc.transactions.filter((t) => t.date <= doc.asOf);
  const txs = toEngineOrder(rows);
  const fx = FxRates.fromRecord(doc.fx);
  const prices = PriceBook.fromRecord(doc.prices);
  prices.addTradePrices(txs);
  const context = { baseCurrency: doc.baseCurrency, prices, fx };
  const options = ledgerOptions(
    {
      baseCurrency: doc.baseCurrency,
      method: doc.costBasisMethod,
      fx,
      ...(doc.cashTrackedAccounts ? { cashTrackedAccounts: new Set(doc.cashTrackedAccounts) } : {}),
      priceAt: (symbol, date) => prices.at(symbol, date)?.value,
    },
    rows,
  );
  const ledger = runLedger(txs, options, doc.asOf);
  const summary = summarizeHoldings(ledger, doc.asOf, context);
  const income = incomeEvents(txs.filter((t) => t.date <= doc.asOf), doc.baseCurrency, fx);
  const gaps: DataGap[] = [...summary.gaps];
  const noteGaps = (more: DataGap[]) => {
    for (const gap of dedupe(more)) if (!gaps.some((g) => JSON.stringify(g) === JSON.stringify(gap))) gaps.push(gap);
  };

  const holdings = summary.holdings.map((h) => ({
    symbol: h.symbol,
    currency: h.currency,
    accounts: h.accountIds,
    quantity: toDecimalString(h.quantity),
    costBasis: money(h.costBase),
    averageCost: h.averageCostBase === null ? null : toDecimalString(round(h.averageCostBase, 6)),
    price: h.price ? toDecimalString(h.price.value) : null,
    priceDate: h.price ? h.price.date : null,
    marketValue: money(h.marketValueBase),
    unrealizedGain: money(h.unrealizedBase),
    priceGain: money(h.priceGainBase),
    currencyGain: money(h.currencyGainBase),
    realizedGain: money(h.realizedBase),
    dividends: money(h.dividendsBase),
    withholdingTax: money(h.withholdingBase),
    fees: money(h.commissionsBase),
  }));

  const sales = ledger.dispositions.map((d) => {
    if (d.fxGap) noteGaps([d.fxGap]);
    const known = (v: Decimal) => (d.fxGap ? null : money(v));
    return {
      date: d.date,
      symbol: d.symbol,
      account: d.accountId,
      quantity: toDecimalString(d.quantity),
      proceeds: known(d.proceedsBase),
      costBasis: known(d.costBase),
      gain: known(d.gainBase),
      priceGain: known(d.priceGainBase),
      currencyGain: known(d.currencyGainBase),
      reason: d.reason,
    };
  });

  const cash = summary.cash.map((c) => ({ account: c.accountId, currency: c.currency, amount: toDecimalString(c.amount), amountBase: money(c.amountBase) }));

  const incomeOf = (kinds: string[]) => {
    const events = income.filter((e) => kinds.includes(e.kind));
    for (const e of events) if (e.fxGap) noteGaps([e.fxGap]);
    return events.some((e) => e.fxGap) ? null : sum(events.map((e) => e.amountBase));
  };
  const commissions = summary.holdings.some((h) => h.commissionsBase === null) ? null : sum(summary.holdings.map((h) => h.commissionsBase!));
  const accountFees = incomeOf(['fee']);

  let returns = { twr: null as number | null, xirr: null as number | null, simple: null as number | null };
  let benchmark: PortfolioAnalysis['benchmark'];
  if (txs.length) {
    const series = dailySeries(txs, options, context, doc.asOf, [{ id: 'all' }]).get('all')!;
    noteGaps(series.gaps);
    const from = addDays(txs[0]!.date, -1);
    const period = returnsForPeriod(series.points, from, doc.asOf);
    // Returns over an incomplete series would be wrong, so they are withheld and the gaps listed.
    if (!series.gaps.length) returns = { twr: period.twr, xirr: moneyWeightedReturn(series.points, from, doc.asOf), simple: period.simple };
    if (doc.benchmark) {
      const index = prices.market(doc.benchmark.symbol) ?? new DatedSeries();
      const inBase = benchmarkInBase(index, doc.benchmark.currency ?? doc.baseCurrency, doc.baseCurrency, fx);
      const comparison = compareWithBenchmark(doc.benchmark.symbol, series.points, inBase, from, doc.asOf);
      benchmark = {
        symbol: comparison.symbol,
        twr: num(comparison.twr),
        sameCashFlowsValue: money(comparison.sameCashFlowsValue),
        portfolioValue: money(series.gaps.length ? null : period.endValue),
        missing: comparison.missing,
      };
    }
  }

  return {
    baseCurrency: doc.baseCurrency,
    asOf: doc.asOf,
    costBasisMethod: doc.costBasisMethod,
    holdings,
    sales,
    cash,
    totals: {
      marketValue: money(summary.totals.marketValueBase),
      costBasis: money(summary.totals.costBase),
      cash: money(summary.totals.cashBase),
      realizedGain: money(summary.totals.realizedBase),
      unrealizedGain: money(summary.totals.unrealizedBase),
      dividends: money(incomeOf(['dividend', 'drip'])),
      interest: money(incomeOf(['interest'])),
      withholdingTax: money(incomeOf(['withholding_tax'])),
      fees: money(accountFees === null || commissions === null ? null : add(commissions, accountFees)),
      twr: num(returns.twr),
      xirr: num(returns.xirr),
      simpleReturn: num(returns.simple),
    },
    ...(benchmark ? { benchmark } : {}),
    gaps,
  };
}
