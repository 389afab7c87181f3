/**
 * Target-allocation helpers: drift from targets, buy-only rebalancing with new cash
 * ("water-filling") and a full buy-and-sell rebalance. Keys are whatever `allocate` grouped by
 * (symbols or asset classes); amounts are base currency. A bucket with no target has target 0.
 * Targets are validated (sum 1 ± 0.0001) and then normalised to sum to exactly 1.
 */
import { abs, add, cmp, dec, div, isNegative, isZero, mul, neg, ONE, sub, sum, toDecimalString, ZERO, type Decimal } from '../money/decimal';
import type { AllocationBucket } from './allocation';

export interface TargetWeight {
  key: string;
  /** Fraction of the portfolio, e.g. 0.6. */
  weight: Decimal;
}

export type BucketValue = Pick<AllocationBucket, 'key' | 'value'> & { label?: string };
/** Base-currency price per unit, for keys that are symbols. */
export type PriceMap = ReadonlyMap<string, Decimal> | Readonly<Record<string, Decimal>>;

export interface DriftRow {
  key: string;
  label: string;
  currentValue: Decimal;
  currentWeight: Decimal;
  targetValue: Decimal;
  targetWeight: Decimal;
  /** currentWeight − targetWeight (positive = overweight). */
  drift: Decimal;
}

export interface Trade {
  key: string;
  label: string;
  /** Base currency; positive buys, negative sells. */
  amount: Decimal;
  /** Units traded (signed like amount), when a price was given. */
  units?: Decimal;
  price?: Decimal;
}

export interface RebalanceResult {
  /** Non-zero trades, in target order then other buckets. */
  trades: Trade[];
  /** Cash not used (whole-unit rounding, or nothing left to buy). */
  leftover: Decimal;
}

const TOLERANCE = dec('0.0001');

/** Spreads `total` over `weights` (which sum to 1) so the parts sum to exactly `total`;
 * the 1e-18-unit rounding remainder goes to the largest part. */
function spread(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  const parts = weights.map((w) => mul(w, total));
  let largest = 0;
  parts.forEach((p, i) => {
    if (cmp(abs(p), abs(parts[largest] ?? ZERO)) > 0) largest = i;
  });
  if (parts.length > 0) parts[largest] = add(parts[largest] ?? ZERO, sub(total, sum(parts)));
  return parts;
}

/** Checks targets (unique keys, no negative weight, sum 1 within 0.0001) and returns them
 * normalised to sum to exactly 1. Throws an Error naming the sum otherwise. */
export function validateTargets(targets: readonly TargetWeight[]): TargetWeight[] {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.key)) throw new Error(`Target "${t.key}" appears more than once`);
    if (isNegative(t.weight)) throw new Error(`Target "${t.key}" has a negative weight ${toDecimalString(t.weight)}`);
    seen.add(t.key);
  }
  const total = sum(targets.map((t) => t.weight));
  if (cmp(abs(sub(total, ONE)), TOLERANCE) > 0) {
    throw new Error(`Target weights sum to ${toDecimalString(total)}, not 1 (tolerance 0.0001)`);
  }
  const weights = spread(ONE, targets.map((t) => div(t.weight, total)));
  return targets.map((t, i) => ({ key: t.key, weight: weights[i] ?? ZERO }));
}

interface Row { key: string; label: string; value: Decimal; weight: Decimal }

/** Targets first (in their order), then buckets without a target (weight 0). */
function joinRows(buckets: readonly BucketValue[], targets: readonly TargetWeight[]): Row[] {
  const values = new Map<string, BucketValue>();
  for (const b of buckets) {
    const prior = values.get(b.key);
    values.set(b.key, prior ? { ...prior, value: add(prior.value, b.value) } : b);
  }
  const rows: Row[] = validateTargets(targets).map((t) => {
    const b = values.get(t.key);
    return { key: t.key, label: b?.label ?? t.key, value: b?.value ?? ZERO, weight: t.weight };
  });
  const targeted = new Set(rows.map((r) => r.key));
  for (const b of values.values()) if (!targeted.has(b.key)) rows.push({ key: b.key, label: b.label ?? b.key, value: b.value, weight: ZERO });
  return rows;
}

function priceOf(prices: PriceMap | undefined, key: string): Decimal | undefined {
  if (!prices) return undefined;
  const price = prices instanceof Map ? prices.get(key) : Object.hasOwn(prices, key) ? (prices as Record<string, Decimal>)[key] : undefined;
  if (price !== undefined && cmp(price, ZERO) <= 0) throw new RangeError(`Price for "${key}" must be positive, got ${toDecimalString(price)}`);
  return price;
}

/** Whole units in `amount` at `price`, rounded toward zero (`up`: away from zero). */
function wholeUnits(amount: Decimal, price: Decimal, up = false): Decimal {
  const n = (amount as bigint) / (price as bigint);
  const exact = n * (price as bigint) === (amount as bigint);
  return dec(up && !exact ? n + (isNegative(amount) ? -1n : 1n) : n);
}

/** Per key: current and target value and weight, and drift. Weights are 0 when the total is 0. */
export function driftFromTargets(buckets: readonly BucketValue[], targets: readonly TargetWeight[]): DriftRow[] {
  const rows = joinRows(buckets, targets);
  const total = sum(rows.map((r) => r.value));
  const targetValues = spread(total, rows.map((r) => r.weight));
  return rows.map((r, i) => {
    const currentWeight = isZero(total) ? ZERO : div(r.value, total);
    return {
      key: r.key,
      label: r.label,
      currentValue: r.value,
      currentWeight,
      targetValue: targetValues[i] ?? ZERO,
      targetWeight: r.weight,
      drift: sub(currentWeight, r.weight),
    };
  });
}

/** Orders rows by value / weight (weights positive), exactly, by cross-multiplication. */
function byLevel(a: Pick<Row, 'value' | 'weight'>, b: Pick<Row, 'value' | 'weight'>): number {
  const lhs = (a.value as bigint) * (b.weight as bigint);
  const rhs = (b.value as bigint) * (a.weight as bigint);
  return lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
}

/**
 * Invests `newCash` without selling. Water-filling: buckets are ranked by value / target weight
 * (lowest = most underweight); a common level L is raised so that each bought bucket ends at
 * L × its weight, filling the most underweight first until the cash runs out. With enough cash
 * every bucket lands exactly on target. With a price and no `fractional`, buys are floored to
 * whole units; then the leftover is spent, most underweight bucket first, on extra units while
 * each one lowers the squared distance from target (idle cash counting as off-target).
 * Sum of buys ≤ newCash.
 */
export function rebalanceBuyOnly(
  buckets: readonly BucketValue[],
  targets: readonly TargetWeight[],
  newCash: Decimal,
  prices?: PriceMap,
  options: { fractional?: boolean } = {},
): RebalanceResult {
  if (isNegative(newCash)) throw new RangeError(`New cash must not be negative, got ${toDecimalString(newCash)}`);
  const rows = joinRows(buckets, targets);
  const finals = spread(add(sum(rows.map((r) => r.value)), newCash), rows.map((r) => r.weight));
  const slots = rows.map((row, i) => ({ row, final: finals[i] ?? ZERO, buy: ZERO, price: priceOf(prices, row.key), units: undefined as Decimal | undefined }));
  // Stable sort: ties keep target order.
  const ranked = slots.filter((s) => !isZero(s.row.weight)).sort((a, b) => byLevel(a.row, b.row));
  if (!isZero(newCash) && ranked.length > 0) {
    let filled = { value: newCash, weight: ZERO };
    let k = 0;
    for (; k < ranked.length; k += 1) {
      const r = ranked[k]!.row;
      filled = { value: add(filled.value, r.value), weight: add(filled.weight, r.weight) };
      const next = ranked[k + 1];
      // Stop once the level (cash + filled value) / filled weight reaches the next bucket's own level.
      if (!next || byLevel(filled, next.row) <= 0) break;
    }
    const level = div(filled.value, filled.weight);
    const bought = ranked.slice(0, k + 1);
    for (const s of bought) {
      const buy = sub(mul(level, s.row.weight), s.row.value);
      s.buy = isNegative(buy) ? ZERO : buy;
    }
    const largest = bought.reduce((a, b) => (cmp(b.buy, a.buy) > 0 ? b : a));
    largest.buy = add(largest.buy, sub(newCash, sum(slots.map((s) => s.buy))));
  }
  for (const s of slots) {
    if (!s.price) continue;
    s.units = options.fractional ? div(s.buy, s.price) : wholeUnits(s.buy, s.price);
    if (!options.fractional) s.buy = mul(s.units, s.price);
  }
  let leftover = sub(newCash, sum(slots.map((s) => s.buy)));
  if (!options.fractional) {
    const excess = (s: (typeof slots)[number]) => sub(add(s.row.value, s.buy), s.final);
    for (const s of [...ranked].sort((a, b) => cmp(excess(a), excess(b)))) {
      if (!s.price || s.units === undefined) continue;
      // The k-th extra unit lowers Σ(value − target)² (idle cash's target being 0) iff
      // excess + (2k − 1)·price < leftover; take as many such units as the leftover affords.
      const room = add(sub(leftover, excess(s)), s.price) as bigint;
      const improving = room > 0n ? (room - 1n) / (2n * (s.price as bigint)) : 0n;
      const affordable = (leftover as bigint) / (s.price as bigint);
      const extra = dec(improving < affordable ? improving : affordable);
      if (isZero(extra)) continue;
      s.buy = add(s.buy, mul(extra, s.price));
      s.units = add(s.units, extra);
      leftover = sub(leftover, mul(extra, s.price));
    }
  }
  const trades = slots
    .filter((s) => !isZero(s.buy))
    .map((s): Trade => ({ key: s.row.key, label: s.row.label, amount: s.buy, ...(s.price ? { units: s.units, price: s.price } : {}) }));
  return { trades, leftover };
}

/**
 * Buys and sells that bring every bucket to exactly target × current total (buckets without a
 * target are sold off). Without prices (or with `fractional`) trades sum to exactly 0. With whole
 * units, buys are floored and sells rounded up (never past the whole holding), so the trades
 * never need more cash than they raise; what remains is `leftover`.
 */
export function rebalanceFull(
  buckets: readonly BucketValue[],
  targets: readonly TargetWeight[],
  prices?: PriceMap,
  options: { fractional?: boolean } = {},
): RebalanceResult {
  const trades: Trade[] = [];
  for (const row of driftFromTargets(buckets, targets)) {
    const amount = sub(row.targetValue, row.currentValue);
    if (isZero(amount)) continue;
    const price = priceOf(prices, row.key);
    const base = { key: row.key, label: row.label };
    if (!price) trades.push({ ...base, amount });
    else if (options.fractional) trades.push({ ...base, amount, units: div(amount, price), price });
    else {
      let units = wholeUnits(amount, price, isNegative(amount));
      const held = div(row.currentValue, price);
      if (isNegative(amount) && cmp(neg(units), held) > 0) units = neg(held);
      const traded = cmp(neg(units), held) === 0 ? neg(row.currentValue) : mul(units, price);
      if (!isZero(units)) trades.push({ ...base, amount: traded, units, price });
    }
  }
  return { trades, leftover: neg(sum(trades.map((t) => t.amount))) };
}
