/**
 * Portfolio allocation: groups valued holdings (and cash) by one dimension and gives each
 * bucket its value and weight. A holding whose price is missing is never counted as zero:
 * it is left out of every bucket and the total, and listed in `missing` for the UI to show.
 */
import { add, cmp, div, isZero, ONE, sub, sum, ZERO, type Decimal } from '../money/decimal';

/** One holding (per account) or cash balance, valued in base currency. */
export interface AllocationItem {
  /** Instrument symbol, or 'CASH:<CCY>' for a cash balance. */
  symbol: string;
  accountId: string;
  accountName?: string;
  currency: string;
  /** null when the price (or FX rate) is missing. */
  marketValueBase: Decimal | null;
  /** e.g. 'equity', 'fixed_income', 'cash'. */
  assetClass?: string;
  sector?: string;
  country?: string;
}

export type AllocationDimension = 'holding' | 'assetClass' | 'sector' | 'country' | 'currency' | 'account';

export interface AllocationBucket {
  key: string;
  label: string;
  value: Decimal;
  /** value / total of valued items, as a fraction. */
  weight: Decimal;
}

export interface Allocation {
  /** Sorted by value, largest first (ties by key). */
  buckets: AllocationBucket[];
  /** Sum of bucket values. */
  total: Decimal;
  /** Symbols (deduplicated, in input order) left out because their value is unknown. */
  missing: string[];
}

export const UNKNOWN_KEY = 'unknown';
export const UNKNOWN_LABEL = 'Unclassified';
const CASH_PREFIX = 'CASH:';

export function isCashSymbol(symbol: string): boolean {
  return symbol.startsWith(CASH_PREFIX);
}

/** How a holding is named to users: its symbol, or "Cash (EUR)" for cash (listed as `CASH:EUR`). */
export function holdingName(symbol: string): string {
  return isCashSymbol(symbol) ? `Cash (${symbol.slice(CASH_PREFIX.length)})` : symbol;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The bucket an item falls in. Cash without explicit metadata goes to a 'cash' bucket for
 * asset class, sector and country, so "Unclassified" only ever means metadata is missing.
 */
function keyAndLabel(item: AllocationItem, by: AllocationDimension): { key: string; label: string } {
  const cash = isCashSymbol(item.symbol);
  switch (by) {
    case 'holding':
      return { key: item.symbol, label: holdingName(item.symbol) };
    case 'currency':
      return { key: item.currency, label: item.currency };
    case 'account':
      return { key: item.accountId, label: present(item.accountName) ?? item.accountId };
    case 'assetClass':
    case 'sector':
    case 'country': {
      const value = present(item[by]) ?? (cash ? 'cash' : undefined);
      if (value === undefined) return { key: UNKNOWN_KEY, label: UNKNOWN_LABEL };
      return { key: value, label: value === 'cash' ? 'Cash' : value };
    }
  }
}

/**
 * Groups items by `by`. Weights are exact divisions (18 places); the few 1e-18 units of
 * rounding left over go to the largest bucket so that weights sum to exactly 1 whenever the
 * total is non-zero. With a zero total (nothing valued, or longs and shorts cancelling) every
 * weight is zero.
 */
export function allocate(items: readonly AllocationItem[], by: AllocationDimension): Allocation {
  const groups = new Map<string, { key: string; label: string; value: Decimal }>();
  const missing: string[] = [];
  for (const item of items) {
    if (item.marketValueBase === null) {
      if (!missing.includes(item.symbol)) missing.push(item.symbol);
      continue;
    }
    const { key, label } = keyAndLabel(item, by);
    const group = groups.get(key);
    if (group) group.value = add(group.value, item.marketValueBase);
    else groups.set(key, { key, label, value: item.marketValueBase });
  }
  const sorted = [...groups.values()].sort((a, b) => cmp(b.value, a.value) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = sum(sorted.map((g) => g.value));
  if (isZero(total)) return { buckets: sorted.map((g) => ({ ...g, weight: ZERO })), total, missing };
  const buckets = sorted.map((g) => ({ ...g, weight: div(g.value, total) }));
  const remainder = sub(ONE, sum(buckets.map((b) => b.weight)));
  const largest = buckets[0];
  if (largest) largest.weight = add(largest.weight, remainder);
  return { buckets, total, missing };
}
