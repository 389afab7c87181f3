/**
 * Canadian tax helpers over the ledger's dispositions: superficial-loss flags, realized gains
 * per tax year and tax-loss-harvesting candidates. Amounts are base currency (CAD for Canadian
 * users; nothing here depends on the currency). Informational only: the user's accountant and
 * the CRA rules decide, and losses in registered accounts (TFSA, RRSP) are never deductible, so
 * callers should pass taxable accounts' dispositions (at the pooled ACB of tax-acb.ts) and positions.
 */
import { add, cmp, div, isNegative, isZero, mul, neg, sub, sum, ZERO, type Decimal } from '../money/decimal';
import { addDays } from '../time/days';
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

/**
 * Flags each losing disposition (gainBase < 0) where the same symbol was acquired, in any
 * account, from 30 days before to 30 days after the sale inclusive.
 *
 * Approximations, documented because the CRA test also needs the holding 30 days after the
 * sale, which these inputs do not give:
 * - "still held at day 30" is taken as "acquired in the window > 0" (so a buy shortly before a
 *   sale of the whole position is still flagged: a false positive to review, never a miss);
 * - the denied part is loss × min(sold, acquired in window) / sold, i.e. CRA's
 *   loss × min(S, P, B) / S with B (held at day 30) assumed ≥ min(S, P);
 * - units the disposition itself sold out of a lot (known for lot-based methods through
 *   `Disposition.lots`) are not counted as reacquired.
 */
export function flagSuperficialLosses(dispositions: readonly Disposition[], acquisitions: readonly Acquisition[]): SuperficialLoss[] {
  const flags: SuperficialLoss[] = [];
  for (const d of dispositions) {
    // A sale whose gain is not known (a missing exchange rate) has no loss to deny; a deemed
    // sale into a registered plan has its loss denied already.
    if (!amountsKnown(d) || d.reason !== 'sale' || !isNegative(d.gainBase) || isZero(d.quantity)) continue;
    const first = addDays(d.date, -WINDOW_DAYS);
    const last = addDays(d.date, WINDOW_DAYS);
    const soldFromLot = new Map(d.lots.map((l) => [l.lotId, l.quantity]));
    let reacquired = ZERO;
    const ids: string[] = [];
    for (const a of acquisitions) {
      if (a.symbol !== d.symbol || a.date < first || a.date > last) continue;
      const remaining = sub(a.quantity, soldFromLot.get(a.transactionId) ?? ZERO);
      if (cmp(remaining, ZERO) <= 0) continue;
      reacquired = add(reacquired, remaining);
      ids.push(a.transactionId);
    }
    if (isZero(reacquired)) continue;
    const loss = neg(d.gainBase);
    const deniedLoss = div(mul(loss, minOf(d.quantity, reacquired)), d.quantity);
    flags.push({
      transactionId: d.transactionId,
      accountId: d.accountId,
      symbol: d.symbol,
      date: d.date,
      loss,
      deniedLoss,
      reacquiredQuantity: reacquired,
      acquisitionIds: ids,
    });
  }
  return flags;
}

/**
 * Realized proceeds, cost and gain per calendar (tax) year, oldest first; only years with
 * dispositions appear. A sale whose base-currency amounts are not known is listed but left out
 * of the totals, and counted in `unknownSales`. Pass the flags from `flagSuperficialLosses` to
 * also get the denied losses added back, and `taxable` to keep the sales of registered accounts
 * (which have no capital gains to report) out of the totals.
 */
export function realizedGainsByTaxYear(
  dispositions: readonly Disposition[],
  superficialLosses: readonly SuperficialLoss[] = [],
  taxable: (accountId: string) => boolean = () => true,
): TaxYearGains[] {
  const denied = new Map(superficialLosses.map((f) => [f.transactionId, f.deniedLoss]));
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
      const deniedLoss = sum(known.map((d) => add(denied.get(d.transactionId) ?? ZERO, d.deniedLoss ?? ZERO)));
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
