import { add, div, isZero, sum, ZERO, type Decimal } from '../money/decimal';
import type { SeriesPoint } from '../fx/dated-series';
import type { PriceInfo } from '../market/price-info';
import type { Ledger, PositionStats } from './ledger';
import type { DataGap } from './types';
import { valueCash, valuePosition, type CashValue, type HoldingValue, type ValuationContext } from './valuation';

/** One instrument across the accounts in scope, valued in the base currency. */
export interface HoldingSummary {
  symbol: string;
  currency: string;
  accountIds: string[];
  quantity: Decimal;
  costLocal: Decimal;
  /** Null when a trade-date FX rate is missing. */
  costBase: Decimal | null;
  averageCostLocal: Decimal | null;
  averageCostBase: Decimal | null;
  price?: SeriesPoint;
  /** Where `price` came from (a live quote, with its time, staleness and demo flag), when the caller knows. */
  priceInfo?: PriceInfo;
  marketValueLocal: Decimal | null;
  marketValueBase: Decimal | null;
  unrealizedBase: Decimal | null;
  priceGainBase: Decimal | null;
  currencyGainBase: Decimal | null;
  /** Null when an FX rate needed for one of the amounts is missing (listed in `gaps`), as
   * for every figure here: a sum of only what could be converted would look complete. */
  realizedBase: Decimal | null;
  dividendsBase: Decimal | null;
  withholdingBase: Decimal | null;
  commissionsBase: Decimal | null;
  /** Share of the scope's valued holdings and cash; null when this holding has no value. */
  weight: Decimal | null;
  /** Per account, for drill-down and the overlay's "held in". */
  positions: HoldingValue[];
  gaps: DataGap[];
}

/** A ledger and, optionally, the accounts of it that are in scope. */
export interface LedgerSource {
  ledger: Ledger;
  accounts?: ReadonlySet<string>;
}

export interface HoldingsSummary {
  asOf: string;
  baseCurrency: string;
  holdings: HoldingSummary[];
  cash: CashValue[];
  totals: {
    marketValueBase: Decimal | null;
    costBase: Decimal | null;
    cashBase: Decimal | null;
    unrealizedBase: Decimal | null;
    realizedBase: Decimal | null;
  };
  gaps: DataGap[];
}

const allKnown = (values: (Decimal | null)[]): Decimal | null => (values.some((v) => v === null) ? null : sum(values as Decimal[]));

/** Describes the price a holding is valued at (its source and age); supplied by the worker, which holds the quote cache. */
export type DescribePrice = (symbol: string, price: SeriesPoint) => PriceInfo | undefined;

/**
 * Holdings of one or more ledgers on `asOf`, merged per instrument across the accounts in scope, with
 * closed holdings kept when they have realized gains or income. Figures that depend on a
 * missing price or rate are null, and the gap is listed. With `describePrice`, each priced
 * holding carries what is known about where its price came from.
 */
export function summarizeHoldings(sources: Ledger | readonly LedgerSource[], asOf: string, context: ValuationContext, describePrice?: DescribePrice): HoldingsSummary {
  const list: readonly LedgerSource[] = Array.isArray(sources) ? sources : [{ ledger: sources as Ledger }];
  const positions = list.flatMap(({ ledger, accounts }) => [...ledger.positions.values()].filter((p) => !accounts || accounts.has(p.accountId)));
  const allStats = list.flatMap(({ ledger, accounts }) => [...ledger.stats.values()].filter((s) => !accounts || accounts.has(s.accountId)));
  const cashEntries = list.flatMap(({ ledger, accounts }) => [...ledger.cash.entries()].filter(([k]) => !accounts || accounts.has(k.split('\u0000')[0]!)));
  const groups = new Map<string, { values: HoldingValue[]; stats: PositionStats[] }>();
  const group = (symbol: string, currency: string) => {
    const k = `${symbol}\u0000${currency}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { values: [], stats: [] }));
    return g;
  };
  for (const position of positions) group(position.symbol, position.currency).values.push(valuePosition(position, asOf, context));
  for (const stats of allStats) group(stats.symbol, stats.currency).stats.push(stats);

  const cash = cashEntries
    .filter(([, amount]) => !isZero(amount))
    .map(([k, amount]) => {
      const [accountId, currency] = k.split('\u0000') as [string, string];
      return valueCash(accountId, currency, amount, asOf, context);
    });

  const holdings: HoldingSummary[] = [...groups.entries()].map(([k, { values, stats }]) => {
    const [symbol, currency] = k.split('\u0000') as [string, string];
    const quantity = sum(values.map((v) => v.quantity));
    const costLocal = sum(values.map((v) => v.costLocal));
    const costBase = values.some((v) => v.fxGap) ? null : sum(values.map((v) => v.costBase));
    const price = values.find((v) => v.price)?.price;
    const priceInfo = price && describePrice?.(symbol, price);
    // The optional fields are added after the literal: spreading conditional objects into it
    // takes V8's slow object-building path (see valuePosition).
    const holding: HoldingSummary = {
      symbol,
      currency,
      accountIds: [...new Set([...values.map((v) => v.accountId), ...stats.map((s) => s.accountId)])].sort(),
      quantity,
      costLocal,
      costBase,
      averageCostLocal: isZero(quantity) ? null : div(costLocal, quantity),
      averageCostBase: costBase === null || isZero(quantity) ? null : div(costBase, quantity),
      marketValueLocal: allKnown(values.map((v) => v.marketValueLocal)),
      marketValueBase: allKnown(values.map((v) => v.marketValueBase)),
      unrealizedBase: allKnown(values.map((v) => v.unrealizedBase)),
      priceGainBase: allKnown(values.map((v) => v.priceGainBase)),
      currencyGainBase: allKnown(values.map((v) => v.currencyGainBase)),
      realizedBase: stats.some((s) => s.realizedGap) ? null : sum(stats.map((s) => s.realizedBase)),
      dividendsBase: stats.some((s) => s.incomeGap) ? null : sum(stats.map((s) => s.dividendsBase)),
      withholdingBase: stats.some((s) => s.incomeGap) ? null : sum(stats.map((s) => s.withholdingBase)),
      commissionsBase: stats.some((s) => s.commissionsGap) ? null : sum(stats.map((s) => s.commissionsBase)),
      weight: null,
      positions: values,
      gaps: dedupe([...values.flatMap((v) => v.gaps), ...stats.flatMap(statsGaps)]),
    };
    if (price) holding.price = price;
    if (priceInfo) holding.priceInfo = priceInfo;
    return holding;
  });

  // Weights over what could be valued (holdings and cash); unvalued items stay null.
  const valued = add(sum(holdings.map((h) => h.marketValueBase ?? ZERO)), sum(cash.map((c) => c.amountBase ?? ZERO)));
  for (const h of holdings) h.weight = h.marketValueBase === null || isZero(valued) ? null : div(h.marketValueBase, valued);
  holdings.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.currency < b.currency ? -1 : 1));

  const open = holdings.flatMap((h) => h.positions);
  return {
    asOf,
    baseCurrency: context.baseCurrency,
    holdings,
    cash,
    totals: {
      marketValueBase: allKnown(open.map((v) => v.marketValueBase)),
      costBase: open.some((v) => v.fxGap) ? null : sum(open.map((v) => v.costBase)),
      cashBase: allKnown(cash.map((c) => c.amountBase)),
      unrealizedBase: allKnown(open.map((v) => v.unrealizedBase)),
      realizedBase: allKnown(holdings.map((h) => h.realizedBase)),
    },
    gaps: dedupe([...holdings.flatMap((h) => h.gaps), ...cash.flatMap((c) => c.gaps)]),
  };
}

const statsGaps = (s: PositionStats): DataGap[] => [s.realizedGap, s.incomeGap, s.commissionsGap].filter((g): g is NonNullable<typeof g> => g !== undefined);

export function dedupe(gaps: DataGap[]): DataGap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const k = JSON.stringify(g);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
