/**
 * Small pieces every rule uses: links to the Portfolio screen's tabs, the valued total the
 * weights are shares of, and the severity of a weight against its limit.
 */
import { add, cmp, dec, mul, sum, ZERO, type Decimal } from '../../money/decimal';
import type { HoldingsSummary } from '../../engine/holdings-summary';
import type { Insight, InsightSeverity } from '../insight-types';
import type { InsightInput } from '../insight-input';

const TWO = dec('2');

export type Rule = (input: InsightInput) => Insight[];

export type PortfolioTab = 'holdings' | 'transactions' | 'performance' | 'income' | 'allocation' | 'rebalancing' | 'realized';

const TAB_LABELS: Record<PortfolioTab, string> = {
  holdings: 'Holdings',
  transactions: 'Transactions',
  performance: 'Performance',
  income: 'Income',
  allocation: 'Allocation',
  rebalancing: 'Rebalancing',
  realized: 'Realized gains',
};

/**
 * The Portfolio screen's tab, as the PWA routes it (`?tab=`; Holdings is the bare path). An
 * `anchor` lands on one part of the tab: 'classify' is the Allocation tab's editor of the
 * instruments' asset class, sector and country.
 */
export function tabLink(path: string, tab: PortfolioTab, anchor?: 'classify'): Insight['link'] {
  const href = tab === 'holdings' ? path : `${path}?tab=${tab}`;
  return anchor ? { label: 'Classify holdings', href: `${href}#${anchor}` } : { label: `Open ${TAB_LABELS[tab]}`, href };
}

/**
 * Holdings and cash that could be valued: what holding weights are shares of. Values that are
 * not known (a missing price or rate) are left out of the total, not counted as 0.
 */
export function valuedTotal(holdings: HoldingsSummary): Decimal {
  return add(sum(known(holdings.holdings.map((h) => h.marketValueBase))), sum(known(holdings.cash.map((c) => c.amountBase))));
}

function known(values: readonly (Decimal | null)[]): Decimal[] {
  return values.filter((v): v is Decimal => v !== null);
}

/** Warning above the limit; critical above twice it (when twice it is still a possible share). */
export function severityAbove(weight: Decimal, limit: Decimal): InsightSeverity {
  const double = mul(limit, TWO);
  return cmp(weight, double) > 0 ? 'critical' : 'warning';
}

export function isFund(assetClass: string | undefined): boolean {
  return assetClass !== undefined && /etf|fund|balanced/i.test(assetClass);
}

/** Positive and known: a denominator a share can be taken of. */
export function positive(value: Decimal | null | undefined): value is Decimal {
  return value !== null && value !== undefined && cmp(value, ZERO) > 0;
}

/** Buckets of an allocation without cash, re-weighted over what is invested (cash is judged by its own rule). */
export function investedBuckets(buckets: readonly { key: string; label: string; value: Decimal }[]): { buckets: { key: string; label: string; value: Decimal }[]; total: Decimal } {
  const invested = buckets.filter((b) => b.key !== 'cash');
  return { buckets: invested, total: sum(invested.map((b) => b.value)) };
}
