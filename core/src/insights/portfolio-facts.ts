/**
 * The facts the insight rules and the AI summary read, gathered once from the engine's own
 * outputs (holdings, allocation, income, returns, targets, tax) so that every rule sees the
 * same numbers as the screens it links to. Money stays exact (`Decimal`); weights that are
 * only shown are kept as `Decimal` too so thresholds compare exactly, and as numbers where
 * only a ratio for display is needed.
 */
import { subtractMonths } from '../engine/periods';
import { add, div, isZero, sum, type Decimal } from '../money/decimal';
import { ratioOf } from './insight-format';
import type { AllocationView, InsightInput } from './insight-input';
import { cashShare, feeShares } from './rules/cash-and-fees';
import { holdingYields, topPayerShare } from './rules/income';
import { positive } from './rules/rule-support';

/** One instrument in scope, valued in the base currency (see `HoldingSummary`). */
export interface HoldingFact {
  symbol: string;
  currency: string;
  assetClass?: string;
  sector?: string;
  country?: string;
  quantity: Decimal;
  marketValueBase: Decimal | null;
  costBase: Decimal | null;
  unrealizedBase: Decimal | null;
  /** Share of valued holdings and cash; null when the holding has no value. */
  weightExact: Decimal | null;
  weight: number | null;
  unrealizedPercent: number | null;
  /** Trailing-12-month dividends of this holding / its market value. */
  dividendYield: number | null;
}

export interface BucketFact {
  key: string;
  label: string;
  value: Decimal;
  weightExact: Decimal;
  weight: number;
}

export interface PortfolioFacts {
  asOf: string;
  baseCurrency: string;
  /** ISO country the user invests from (from the base currency: CAD → CA), null when unknown. */
  homeCountry: string | null;
  holdings: HoldingFact[];
  sectors: BucketFact[];
  countries: BucketFact[];
  currencies: BucketFact[];
  cashWeight: number | null;
  returns: { twr1y: number | null; twrSinceStart: number | null; xirr: number | null; benchmark: { symbol: string; twr1y: number | null } | null };
  income: { trailingYield: number | null; topPayerShare: number | null };
  fees: { ofValue: number | null; ofGains: number | null };
  targets: { key: string; target: number; current: number | null }[];
  totals: { marketValue: Decimal | null; costBasis: Decimal | null; income12m: Decimal | null };
}

/** The facts of one scope's engine outputs (the same figures the rules judge). */
export function factsOf(input: InsightInput): PortfolioFacts {
  const yields = holdingYields(input);
  const held = input.holdings.holdings.filter((h) => !isZero(h.quantity));
  const holdings: HoldingFact[] = held.map((h) => {
    const meta = input.instruments.get(h.symbol);
    return {
      symbol: h.symbol,
      currency: h.currency,
      ...(meta?.assetClass ? { assetClass: meta.assetClass } : {}),
      ...(meta?.sector ? { sector: meta.sector } : {}),
      ...(meta?.country ? { country: meta.country } : {}),
      quantity: h.quantity,
      marketValueBase: h.marketValueBase,
      costBase: h.costBase,
      unrealizedBase: h.unrealizedBase,
      weightExact: h.weight,
      weight: h.weight === null ? null : ratioOf(h.weight),
      unrealizedPercent: h.unrealizedBase !== null && positive(h.costBase) ? ratioOf(div(h.unrealizedBase, h.costBase)) : null,
      dividendYield: (() => {
        const y = yields.get(h.symbol);
        return y ? ratioOf(y.yield) : positive(h.marketValueBase) ? 0 : null;
      })(),
    };
  });
  const buckets = (view: AllocationView, dropCash: boolean): BucketFact[] => {
    const list = dropCash ? view.buckets.filter((b) => b.key !== 'cash') : view.buckets;
    const total = sum(list.map((b) => b.value));
    if (!positive(total)) return [];
    return list.map((b) => {
      const weightExact = div(b.value, total);
      return { key: b.key, label: b.label, value: b.value, weightExact, weight: ratioOf(weightExact) };
    });
  };
  const cash = cashShare(input);
  const fees = feeShares(input);
  const top = topPayerShare(input);
  const year = input.oneYear;
  const fullYear = year !== null && year.range.from <= subtractMonths(input.asOf, 12);
  const all = input.sinceStart?.returns ?? null;
  const marketValue = input.holdings.totals.marketValueBase;
  const cashBase = input.holdings.totals.cashBase;
  return {
    asOf: input.asOf,
    baseCurrency: input.baseCurrency,
    homeCountry: input.home?.code ?? null,
    holdings,
    sectors: buckets(input.allocation.sector, true),
    countries: buckets(input.allocation.country, true),
    currencies: buckets(input.allocation.currency, false),
    cashWeight: cash ? ratioOf(cash.weight) : null,
    returns: {
      twr1y: fullYear ? (year.returns?.twr ?? null) : null,
      twrSinceStart: all?.twr ?? null,
      xirr: all ? (all.mwrAnnualized ?? all.mwr) : null,
      benchmark: input.benchmark ? { symbol: input.benchmark, twr1y: fullYear ? (year.benchmark?.twr ?? null) : null } : null,
    },
    income: { trailingYield: input.trailingYield.yield === null ? null : ratioOf(input.trailingYield.yield), topPayerShare: top ? ratioOf(top.share) : null },
    fees: { ofValue: fees?.ofValue != null ? ratioOf(fees.ofValue) : null, ofGains: fees?.ofGains != null ? ratioOf(fees.ofGains) : null },
    targets: input.targets.flatMap((t) => t.drift.map((r) => ({ key: r.key, target: ratioOf(r.targetWeight), current: ratioOf(r.currentWeight) }))),
    totals: {
      marketValue: marketValue !== null && cashBase !== null ? add(marketValue, cashBase) : null,
      costBasis: input.holdings.totals.costBase,
      income12m: input.trailingYield.income,
    },
  };
}
