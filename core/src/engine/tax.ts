/**
 * Canadian tax helpers over the ledger's dispositions: superficial-loss flags, realized gains
 * per tax year and tax-loss-harvesting candidates. Amounts are base currency (CAD for Canadian
 * users; nothing here depends on the currency). Informational only: the user's accountant and
 * the CRA rules decide, and losses in registered accounts (TFSA, RRSP) are never deductible, so
 * callers should pass taxable accounts' dispositions (at the pooled ACB of tax-acb.ts) and positions.
 */
import { add, cmp, div, isNegative, isZero, mul, mulDiv, neg, sub, sum, ZERO, type Decimal } from '../money/decimal';
import { DatedSeries } from '../fx/dated-series';
import { addDays } from '../time/days';
import type { EngineTx } from './parse';
import type { Disposition } from './types';

/** A purchase (buy, DRIP, transfer-in) of `symbol` by the taxpayer, in any account. */
export interface Acquisition {
  transactionId: string;
  accountId: string;
  date: string;
  symbol: string;
  quantity: Decimal;
}

export interface SuperficialLoss {
  transactionId: string;
  accountId: string;
  symbol: string;
  date: string;
  /** The loss on the sale, as a positive amount. */
  loss: Decimal;
  /** The part of `loss` denied (positive). The tax rule adds it to the ACB of the reacquired units; the ledger does not (a flag, for the user and their accountant to apply). */
  deniedLoss: Decimal;
  /** Units acquired from 30 days before to 30 days after the sale. */
  reacquiredQuantity: Decimal;
  /** The acquisitions that triggered the flag. */
  acquisitionIds: string[];
}

export interface TaxYearGains {
  year: number;
  /** The totals below are over the sales whose base-currency amounts are known; the others
   * (a missing exchange rate or price: `amountsKnown`) are left out, never counted as zero. */
  unknownSales: number;
  proceeds: Decimal;
  costBase: Decimal;
  /** proceeds − costBase (negative = net loss). */
  gain: Decimal;
  /** Losses denied in the year (positive): superficial ones, when flags were passed, and those
   * on transfers in kind to registered accounts (`Disposition.deniedLoss`). */
  deniedLoss: Decimal;
  /** gain + deniedLoss: the gain after adding back denied losses. */
  adjustedGain: Decimal;
  /** Sales in accounts that are not taxable (TFSA, RRSP…): listed, but kept out of every total
   * above; `registeredGain` is their gain (over those whose amounts are known). */
  registeredSales: number;
  registeredGain: Decimal;
  /** Oldest first: every sale of the year, taxable or not. */
  dispositions: Disposition[];
}

export interface HarvestPosition {
  symbol: string;
  accountId: string;
  quantity: Decimal;
  costBase: Decimal;
  marketValueBase: Decimal | null;
}

export type HarvestCandidate<P extends HarvestPosition = HarvestPosition> = P & {
  /** costBase − marketValueBase (positive). */
  unrealizedLoss: Decimal;
  /** True when the symbol was bought (in any account) in the 30 days up to `asOf`. */
  superficialRisk: boolean;
  /** The latest such buy. */
  recentBuyDate?: string;
};

const WINDOW_DAYS = 30;

/** Whether a disposition's base-currency amounts are known (no exchange rate or price was missing). */
export const amountsKnown = (d: Disposition): boolean => !d.fxGap && !d.priceGap;
const minOf = (a: Decimal, b: Decimal): Decimal => (cmp(a, b) <= 0 ? a : b);

/** Acquisitions by symbol, oldest first, for the 61-day windows of the superficial-loss test. */
export type AcquisitionIndex = ReadonlyMap<string, readonly Acquisition[]>;

export function indexAcquisitions(acquisitions: readonly Acquisition[]): AcquisitionIndex {
  const bySymbol = new Map<string, Acquisition[]>();
  for (const a of acquisitions) {
    const list = bySymbol.get(a.symbol);
    if (list) list.push(a);
    else bySymbol.set(a.symbol, [a]);
  }
  for (const list of bySymbol.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return bySymbol;
}

/** The acquisitions of `symbol` from 30 days before `date` to 30 days after, inclusive. */
export function acquiredAround(acquisitions: AcquisitionIndex, symbol: string, date: string): readonly Acquisition[] {
  const first = addDays(date, -WINDOW_DAYS);
  const last = addDays(date, WINDOW_DAYS);
  const list = acquisitions.get(symbol) ?? [];
  let from = 0;
  let to = list.length;
  while (from < to) {
    const mid = (from + to) >> 1;
    if (list[mid]!.date < first) from = mid + 1;
    else to = mid;
  }
  let end = from;
  while (end < list.length && list[end]!.date <= last) end += 1;
  return list.slice(from, end);
}

/** Units of a symbol the taxpayer holds, in every account, at the end of a day. */
export type UnitsHeldAt = (symbol: string, date: string) => Decimal;

/**
 * Whether a losing sale (gainBase < 0) is a superficial loss, and how much of it is denied: the
 * CRA's loss × min(S, P, B) / S, where S is the units sold, P the units of the same symbol
 * acquired in any account from 30 days before to 30 days after the sale inclusive, and B the
 * units held at the end of that 30th day. Without `heldAt`, B is assumed to be at least
 * min(S, P) (a false positive to review, never a miss). Units the sale itself took out of a
 * lot bought in the window (`Disposition.lots`, lot methods) are not counted in P.
 */
export function superficialLoss(d: Disposition, acquisitions: AcquisitionIndex, heldAt?: UnitsHeldAt): SuperficialLoss | undefined {
  // A sale whose gain is not known (a missing rate or price) has no loss to deny; a deemed sale
  // into a registered plan has its loss denied already.
  if (!amountsKnown(d) || d.reason !== 'sale' || !isNegative(d.gainBase) || isZero(d.quantity)) return undefined;
  const soldFromLot = new Map(d.lots.map((l) => [l.lotId, l.quantity]));
  let reacquired = ZERO;
  const ids: string[] = [];
  for (const a of acquiredAround(acquisitions, d.symbol, d.date)) {
    const remaining = sub(a.quantity, soldFromLot.get(a.transactionId) ?? ZERO);
    if (cmp(remaining, ZERO) <= 0) continue;
    reacquired = add(reacquired, remaining);
    ids.push(a.transactionId);
  }
  if (isZero(reacquired)) return undefined;
  let counted = minOf(d.quantity, reacquired);
  if (heldAt) counted = minOf(counted, heldAt(d.symbol, addDays(d.date, WINDOW_DAYS)));
  if (cmp(counted, ZERO) <= 0) return undefined;
  const loss = neg(d.gainBase);
  return {
    transactionId: d.transactionId,
    accountId: d.accountId,
    symbol: d.symbol,
    date: d.date,
    loss,
    deniedLoss: div(mul(loss, counted), d.quantity),
    reacquiredQuantity: reacquired,
    acquisitionIds: ids,
  };
}

/** `superficialLoss` of each disposition, for those that are. */
export function flagSuperficialLosses(dispositions: readonly Disposition[], acquisitions: readonly Acquisition[], heldAt?: UnitsHeldAt): SuperficialLoss[] {
  const index = indexAcquisitions(acquisitions);
  return dispositions.flatMap((d) => superficialLoss(d, index, heldAt) ?? []);
}

/**
 * What every given list of transactions (each one portfolio's, in engine order) holds of each
 * symbol at the end of any day, all accounts together: the B of the superficial-loss test.
 */
export function unitsHeldOverTime(txLists: readonly (readonly EngineTx[])[]): UnitsHeldAt {
  // Per symbol, one series of totals per list (a portfolio's transactions are ordered within it).
  const series = new Map<string, DatedSeries[]>();
  for (const txs of txLists) {
    const byAccount = new Map<string, Decimal>();
    const totals = new Map<string, { series: DatedSeries; total: Decimal }>();
    const move = (tx: EngineTx, accountId: string, to: (held: Decimal) => Decimal) => {
      const symbol = tx.symbol!;
      const k = `${accountId}\u0000${symbol}`;
      const before = byAccount.get(k) ?? ZERO;
      const after = to(before);
      byAccount.set(k, after);
      let line = totals.get(symbol);
      if (!line) {
        totals.set(symbol, (line = { series: new DatedSeries(), total: ZERO }));
        series.set(symbol, [...(series.get(symbol) ?? []), line.series]);
      }
      line.total = add(line.total, sub(after, before));
      line.series.set(tx.date, line.total);
    };
    for (const tx of txs) {
      if (tx.symbol === undefined || (tx.quantity === undefined && tx.kind !== 'split')) continue;
      if (tx.kind === 'buy' || tx.kind === 'drip' || tx.kind === 'opening_position') move(tx, tx.accountId, (q) => add(q, tx.quantity!));
      else if (tx.kind === 'sell') move(tx, tx.accountId, (q) => sub(q, tx.quantity!));
      else if (tx.kind === 'split') move(tx, tx.accountId, (q) => mulDiv(q, tx.ratio!.new, tx.ratio!.old));
      else if (tx.kind === 'transfer') {
        move(tx, tx.accountId, (q) => sub(q, tx.quantity!));
        move(tx, tx.toAccountId!, (q) => add(q, tx.quantity!));
      }
    }
  }
  return (symbol, date) => sum((series.get(symbol) ?? []).map((line) => line.at(date)?.value ?? ZERO));
}

/**
 * Realized proceeds, cost and gain per calendar (tax) year, oldest first; only years with
 * dispositions appear. A sale whose base-currency amounts are not known is listed but left out
 * of the totals, and counted in `unknownSales`. Denied losses (`Disposition.deniedLoss`, set by
 * tax-acb.ts) are added back; `taxable` keeps the sales of registered accounts (which have no
 * capital gains to report) out of the totals.
 */
export function realizedGainsByTaxYear(dispositions: readonly Disposition[], taxable: (accountId: string) => boolean = () => true): TaxYearGains[] {
  const years = new Map<number, Disposition[]>();
  const ordered = [...dispositions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const d of ordered) {
    const year = Number(d.date.slice(0, 4));
    const list = years.get(year);
    if (list) list.push(d);
    else years.set(year, [d]);
  }
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, list]) => {
      const registered = list.filter((d) => !taxable(d.accountId));
      const counted = list.filter((d) => taxable(d.accountId));
      const known = counted.filter(amountsKnown);
      const gain = sum(known.map((d) => d.gainBase));
      const deniedLoss = sum(known.map((d) => d.deniedLoss ?? ZERO));
      return {
        year,
        unknownSales: counted.length - known.length,
        proceeds: sum(known.map((d) => d.proceedsBase)),
        costBase: sum(known.map((d) => d.costBase)),
        gain,
        deniedLoss,
        adjustedGain: add(gain, deniedLoss),
        registeredSales: registered.length,
        registeredGain: sum(registered.filter(amountsKnown).map((d) => d.gainBase)),
        dispositions: list,
      };
    });
}

/**
 * Positions whose unrealized loss (cost − market value) is at least `minLoss` (and above zero),
 * largest loss first. Positions without a market value are skipped (the loss is unknown).
 * `superficialRisk` marks a buy of the same symbol in any account within the 30 days up to and
 * including `asOf`: selling now would likely be a superficial loss (as would buying back
 * within 30 days after the sale, which the user must avoid).
 */
export function taxLossHarvestingCandidates<P extends HarvestPosition>(
  positions: readonly P[],
  minLoss: Decimal,
  recentBuys: readonly { symbol: string; date: string }[],
  asOf: string,
): HarvestCandidate<P>[] {
  const since = addDays(asOf, -WINDOW_DAYS);
  const lastBuy = new Map<string, string>();
  for (const b of recentBuys) {
    if (b.date < since || b.date > asOf) continue;
    const prior = lastBuy.get(b.symbol);
    if (prior === undefined || b.date > prior) lastBuy.set(b.symbol, b.date);
  }
  const candidates: HarvestCandidate<P>[] = [];
  for (const p of positions) {
    if (p.marketValueBase === null) continue;
    const unrealizedLoss = sub(p.costBase, p.marketValueBase);
    if (cmp(unrealizedLoss, ZERO) <= 0 || cmp(unrealizedLoss, minLoss) < 0) continue;
    const recentBuyDate = lastBuy.get(p.symbol);
    candidates.push({ ...p, unrealizedLoss, superficialRisk: recentBuyDate !== undefined, ...(recentBuyDate ? { recentBuyDate } : {}) });
  }
  return candidates.sort(
    (a, b) => cmp(b.unrealizedLoss, a.unrealizedLoss) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
}
