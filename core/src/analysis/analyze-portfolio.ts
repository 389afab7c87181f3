import { FxRates } from '../fx/fx-rates';
import { add, div, isZero, round, sum, toDecimalString, toFixed, type Decimal } from '../money/decimal';
import { addDays } from '../time/days';
import { dailySeries } from '../engine/daily-series';
import { PriceBook } from '../engine/price-book';
import { moneyWeightedReturn, returnsForPeriod } from '../engine/returns';
import { ledgerOptions, runLedger, toEngineOrder } from '../engine/run-engine';
import type { DataGap } from '../engine/types';
import { valueCash, valuePosition, type HoldingValue } from '../engine/valuation';
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
  /** Prices or FX rates that were missing: figures they affect are null, never guessed. */
  gaps: DataGap[];
}

const money = (value: Decimal | null): Money => (value === null ? null : toFixed(value, 2));
const total = (values: (Decimal | null)[]): Decimal | null => (values.some((v) => v === null) ? null : sum(values as Decimal[]));
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
  const gaps: DataGap[] = [];
  const noteGaps = (more: DataGap[]) => {
    for (const gap of more) if (!gaps.some((g) => JSON.stringify(g) === JSON.stringify(gap))) gaps.push(gap);
  };

  // Holdings: open positions valued at asOf, merged across accounts, plus closed ones with history.
  const bySymbol = new Map<string, { values: HoldingValue[]; accounts: Set<string>; currency: string }>();
  for (const position of ledger.positions.values()) {
    const value = valuePosition(position, doc.asOf, context);
    noteGaps(value.gaps);
    const k = `${position.symbol}\u0000${position.currency}`;
    const entry = bySymbol.get(k) ?? { values: [], accounts: new Set<string>(), currency: position.currency };
    entry.values.push(value);
    entry.accounts.add(position.accountId);
    bySymbol.set(k, entry);
  }
  for (const stats of ledger.stats.values()) {
    const k = `${stats.symbol}\u0000${stats.currency}`;
    if (!bySymbol.has(k)) bySymbol.set(k, { values: [], accounts: new Set([stats.accountId]), currency: stats.currency });
    else bySymbol.get(k)!.accounts.add(stats.accountId);
  }
  const holdings = [...bySymbol.entries()]
    .map(([k, entry]) => {
      const symbol = k.split('\u0000')[0]!;
      const stats = [...ledger.stats.values()].filter((s) => s.symbol === symbol && s.currency === entry.currency);
      const quantity = sum(entry.values.map((v) => v.quantity));
      const costKnown = entry.values.every((v) => !v.fxGap);
      const costBasis = costKnown ? sum(entry.values.map((v) => v.costBase)) : null;
      const price = entry.values[0]?.price;
      return {
        symbol,
        currency: entry.currency,
        accounts: [...entry.accounts].sort(),
        quantity: toDecimalString(quantity),
        costBasis: money(costBasis),
        averageCost: costBasis === null || isZero(quantity) ? null : toDecimalString(round(div(costBasis, quantity), 6)),
        price: price ? toDecimalString(price.value) : null,
        priceDate: price ? price.date : null,
        marketValue: money(total(entry.values.map((v) => v.marketValueBase))),
        unrealizedGain: money(total(entry.values.map((v) => v.unrealizedBase))),
        priceGain: money(total(entry.values.map((v) => v.priceGainBase))),
        currencyGain: money(total(entry.values.map((v) => v.currencyGainBase))),
        realizedGain: money(sum(stats.map((s) => s.realizedBase))),
        dividends: money(sum(stats.map((s) => s.dividendsBase))),
        withholdingTax: money(sum(stats.map((s) => s.withholdingBase))),
        fees: money(sum(stats.map((s) => s.commissionsBase))),
      };
    })
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.currency < b.currency ? -1 : 1));

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

  const cashValues = [...ledger.cash.entries()]
    .filter(([, amount]) => !isZero(amount))
    .map(([k, amount]) => {
      const [account, currency] = k.split('\u0000') as [string, string];
      const value = valueCash(account, currency, amount, doc.asOf, context);
      noteGaps(value.gaps);
      return value;
    });
  const cash = cashValues.map((c) => ({ account: c.accountId, currency: c.currency, amount: toDecimalString(c.amount), amountBase: money(c.amountBase) }));

  const incomeOf = (kinds: string[]) => {
    const events = ledger.income.filter((e) => kinds.includes(e.kind));
    for (const e of events) if (e.fxGap) noteGaps([e.fxGap]);
    return events.some((e) => e.fxGap) ? null : sum(events.map((e) => e.amountBase));
  };
  const commissions = sum([...ledger.stats.values()].map((s) => s.commissionsBase));
  const accountFees = incomeOf(['fee']);

  let returns = { twr: null as number | null, xirr: null as number | null, simple: null as number | null };
  if (txs.length) {
    const series = dailySeries(txs, options, context, doc.asOf, [{ id: 'all' }]).get('all')!;
    noteGaps(series.gaps);
    const from = addDays(txs[0]!.date, -1);
    const period = returnsForPeriod(series.points, from, doc.asOf);
    // Returns over an incomplete series would be wrong, so they are withheld and the gaps listed.
    if (!series.gaps.length) returns = { twr: period.twr, xirr: moneyWeightedReturn(series.points, from, doc.asOf), simple: period.simple };
  }

  const positionValues = [...bySymbol.values()].flatMap((e) => e.values);
  return {
    baseCurrency: doc.baseCurrency,
    asOf: doc.asOf,
    costBasisMethod: doc.costBasisMethod,
    holdings,
    sales,
    cash,
    totals: {
      marketValue: money(total(positionValues.map((v) => v.marketValueBase))),
      costBasis: money(positionValues.some((v) => v.fxGap) ? null : sum(positionValues.map((v) => v.costBase))),
      cash: money(total(cashValues.map((c) => c.amountBase))),
      realizedGain: money(ledger.dispositions.some((d) => d.fxGap) ? null : sum(ledger.dispositions.map((d) => d.gainBase))),
      unrealizedGain: money(total(positionValues.map((v) => v.unrealizedBase))),
      dividends: money(incomeOf(['dividend', 'drip'])),
      interest: money(incomeOf(['interest'])),
      withholdingTax: money(incomeOf(['withholding_tax'])),
      fees: money(accountFees === null ? null : add(commissions, accountFees)),
      twr: num(returns.twr),
      xirr: num(returns.xirr),
      simpleReturn: num(returns.simple),
    },
    gaps,
  };
}

