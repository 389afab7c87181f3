import type { HoldingsSummary, HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import { add, cmp, dec, div, isZero, mul, sub, sum, type Decimal } from '../../../../core/src/money/decimal';

/**
 * One open holding as the grid shows it: the engine's summary plus the few figures derived
 * from it for display (unrealized gain in the holding's own currency, the day's change).
 * Null means "not known" (a missing price, rate or quote), never zero.
 */
export interface HoldingRow {
  holding: HoldingSummary;
  /** The instrument's name, when market data has given one. */
  name: string | undefined;
  /** Market value minus cost, in the holding's currency (no FX involved). */
  unrealizedLocal: Decimal | null;
  /** Unrealized gain as a fraction of cost, in the holding's currency. */
  unrealizedFraction: Decimal | null;
  /** Today's price change times quantity, in the holding's currency; only from a market quote. */
  dayChangeLocal: Decimal | null;
  /** Today's change in percent (as the quote gives it). */
  dayChangePercent: number | null;
}

export type HoldingSortKey =
  | 'symbol'
  | 'quantity'
  | 'price'
  | 'value'
  | 'weight'
  | 'dayChange'
  | 'averageCost'
  | 'unrealized'
  | 'currency';

export type SortDirection = 'ascending' | 'descending';

export interface HoldingSort {
  key: HoldingSortKey;
  direction: SortDirection;
}

function parseOptional(value: string | undefined): Decimal | null {
  if (value === undefined) return null;
  try {
    return dec(value);
  } catch {
    return null;
  }
}

/** The open holdings (closed ones are kept by the engine for realized gains) as grid rows. */
export function toHoldingRows(holdings: readonly HoldingSummary[], names: ReadonlyMap<string, string> = new Map()): HoldingRow[] {
  return holdings
    .filter((h) => !isZero(h.quantity))
    .map((h) => {
      const unrealizedLocal = h.marketValueLocal === null ? null : sub(h.marketValueLocal, h.costLocal);
      const change = parseOptional(h.priceInfo?.change);
      return {
        holding: h,
        name: names.get(h.symbol),
        unrealizedLocal,
        unrealizedFraction: unrealizedLocal === null || isZero(h.costLocal) ? null : div(unrealizedLocal, h.costLocal),
        dayChangeLocal: change === null ? null : mul(change, h.quantity),
        dayChangePercent: h.priceInfo?.changePercent ?? null,
      };
    });
}

/** Rows whose symbol or name contains the query (case-insensitive); an empty query keeps all. */
export function filterHoldingRows(rows: readonly HoldingRow[], query: string): HoldingRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...rows];
  return rows.filter((r) => r.holding.symbol.toLowerCase().includes(q) || (r.name ?? '').toLowerCase().includes(q));
}

type SortValue = Decimal | string | null;

/**
 * What a column sorts by. Market value and unrealized gain sort by their base-currency
 * figure, the only one comparable across currencies; weight is base-currency too.
 */
function sortValue(row: HoldingRow, key: HoldingSortKey): SortValue {
  const h = row.holding;
  switch (key) {
    case 'symbol':
      return h.symbol;
    case 'currency':
      return h.currency;
    case 'quantity':
      return h.quantity;
    case 'price':
      return h.price?.value ?? null;
    case 'value':
      return h.marketValueBase;
    case 'weight':
      return h.weight;
    case 'dayChange':
      return row.dayChangeLocal;
    case 'averageCost':
      return h.averageCostLocal;
    case 'unrealized':
      return h.unrealizedBase;
  }
}

function compareValues(a: Exclude<SortValue, null>, b: Exclude<SortValue, null>): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  return cmp(a as Decimal, b as Decimal);
}

/**
 * Sorted rows. Unknown figures (null) always go last, whichever the direction: a holding
 * without a price is not "the smallest". Ties keep symbol order, so the result is stable.
 */
export function sortHoldingRows(rows: readonly HoldingRow[], sort: HoldingSort): HoldingRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = sortValue(x, sort.key);
    const b = sortValue(y, sort.key);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const c = compareValues(a, b);
      if (c !== 0) return sign * c;
    }
    return x.holding.symbol.localeCompare(y.holding.symbol) || x.holding.currency.localeCompare(y.holding.currency);
  });
}

/** The sort after a click on a column: the same column flips direction; a new one starts descending for figures. */
export function nextSort(current: HoldingSort, key: HoldingSortKey): HoldingSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'symbol' || key === 'currency' ? 'ascending' : 'descending' };
}

/** Cash of one currency across the accounts in scope, with its share like a holding's. */
export interface CashRow {
  currency: string;
  amount: Decimal;
  amountBase: Decimal | null;
  weight: Decimal | null;
}

/**
 * Cash per currency, weighted over the same total the engine weighs holdings against
 * (everything that could be valued in the base currency, holdings and cash), so the
 * weights shown add up to 100 %.
 */
export function toCashRows(summary: Pick<HoldingsSummary, 'holdings' | 'cash'>): CashRow[] {
  const known = (values: (Decimal | null)[]) => sum(values.filter((v): v is Decimal => v !== null));
  const valued = add(known(summary.holdings.map((h) => h.marketValueBase)), known(summary.cash.map((c) => c.amountBase)));
  const byCurrency = new Map<string, { amount: Decimal; amountBase: Decimal | null }>();
  for (const c of summary.cash) {
    const seen = byCurrency.get(c.currency);
    byCurrency.set(c.currency, {
      amount: seen ? add(seen.amount, c.amount) : c.amount,
      amountBase: seen ? (seen.amountBase === null || c.amountBase === null ? null : add(seen.amountBase, c.amountBase)) : c.amountBase,
    });
  }
  return [...byCurrency]
    .filter(([, c]) => !isZero(c.amount))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, c]) => ({ currency, ...c, weight: c.amountBase === null || isZero(valued) ? null : div(c.amountBase, valued) }));
}
