/**
 * Canadian tax rules (base currency CAD): superficial losses already made, sales at a loss whose
 * 30-day window is still open, and tax-loss-harvesting candidates in taxable accounts. A buy of
 * the same security in ANY account (a TFSA or RRSP too) within 30 days before or after a sale
 * at a loss makes the loss superficial (denied). Informational: the CRA's rules decide.
 */
import type { AccountRow } from '../../db/rows';
import type { TaxPool } from '../../engine/tax-acb';
import { amountsKnown, taxLossHarvestingCandidates, type HarvestPosition } from '../../engine/tax';
import { cmp, div, isNegative, isZero, mulDiv, neg, sum, ZERO } from '../../money/decimal';
import { addDays } from '../../time/days';
import type { Insight } from '../insight-types';
import type { InsightInput } from '../insight-input';
import { threshold } from '../insight-thresholds';
import { tabLink, type Rule } from './rule-support';

const WINDOW_DAYS = 30;
const REGISTERED = /\b(tfsa|celi|rrsp|reer|rrif|ferr|fhsa|celiapp|resp|reee|rdsp|reei|lira|cri|lif|frv|prpp|rpac|dpsp|rpdb|spousal)\b/i;

/** Taxable unless marked otherwise, or named as a registered plan (TFSA, RRSP, RRIF, FHSA, RESP…). */
export function isTaxable(account: AccountRow | undefined): boolean {
  if (!account) return true;
  if (account.taxable !== undefined) return account.taxable;
  return !REGISTERED.test(account.type ?? '');
}

const canadian = (input: InsightInput) => input.baseCurrency === 'CAD';

export const superficialLosses: Rule = (input) => {
  if (!canadian(input)) return [];
  const f = input.format;
  // Flags of this tax year and the last: the ones still to be filed or just filed.
  const since = `${Number(input.asOf.slice(0, 4)) - 1}-01-01`;
  const found: Insight[] = input.superficialLosses
    .filter((s) => s.date >= since)
    .map((s) => ({
      id: `superficial-loss:${s.symbol}:${s.date}`,
      rule: 'superficial-loss' as const,
      severity: 'warning' as const,
      title: `A loss on ${s.symbol} is likely superficial`,
      explanation:
        `You sold ${s.symbol} at a loss of ${f.money(s.loss, input.baseCurrency)} on ${f.date(s.date)}, and ${f.quantity(s.reacquiredQuantity)} units were bought within 30 days before or after (in any of your accounts, registered ones included). ` +
        `The CRA denies ${f.money(s.deniedLoss, input.baseCurrency)} of that loss: it is added to the cost of the units bought back instead of being deductible now.`,
      figures: [
        { label: 'Loss', value: f.money(s.loss, input.baseCurrency) },
        { label: 'Denied', value: f.money(s.deniedLoss, input.baseCurrency) },
        { label: 'Units bought back', value: f.quantity(s.reacquiredQuantity) },
      ],
      link: tabLink(input.portfolioPath, 'realized'),
      source: 'rules' as const,
    }));

  // Sales at a loss whose window is still open and not (yet) superficial: say until when not to buy.
  const flagged = new Set(input.superficialLosses.map((s) => s.transactionId));
  const windowStart = addDays(input.asOf, -WINDOW_DAYS);
  for (const d of input.taxableDispositions) {
    // (A loss on a transfer into a registered plan is denied whatever is bought back.)
    if (!isNegative(d.gainBase) || !amountsKnown(d) || d.reason !== 'sale' || flagged.has(d.transactionId) || d.date < windowStart || d.date > input.asOf) continue;
    const last = addDays(d.date, WINDOW_DAYS);
    found.push({
      id: `superficial-loss:window:${d.symbol}:${d.date}`,
      rule: 'superficial-loss',
      severity: 'warning',
      title: `Do not buy ${d.symbol} back yet`,
      explanation:
        `You sold ${d.symbol} at a loss of ${f.money(neg(d.gainBase), input.baseCurrency)} on ${f.date(d.date)}. Buying it again up to ${f.date(last)}, in any account (a TFSA or RRSP included, or by your spouse), would make the loss superficial and deny it.`,
      figures: [
        { label: 'Loss', value: f.money(neg(d.gainBase), input.baseCurrency) },
        { label: 'Window ends', value: f.date(last) },
      ],
      actions: [`Wait until ${f.date(addDays(last, 1))} to buy ${d.symbol} again, in any account`],
      link: tabLink(input.portfolioPath, 'realized'),
      source: 'rules',
    });
  }
  return found;
};

type Position = HarvestPosition & { accountName: string };

export const taxLossHarvesting: Rule = (input) => {
  if (!canadian(input)) return [];
  const f = input.format;
  const base = input.baseCurrency;
  const minAmount = threshold(input.thresholds, 'taxLossMinAmount');
  const minPercent = threshold(input.thresholds, 'taxLossMinPercent');
  // A sale realizes the ACB pooled over the taxable accounts, whichever account sells: each
  // position's cost is its share of its pool (not what that account paid, nor its FIFO lots).
  const poolOf = new Map<string, TaxPool>();
  for (const pool of input.taxPools) for (const accountId of pool.units.keys()) poolOf.set(`${accountId}\u0000${pool.symbol}\u0000${pool.currency}`, pool);
  const positions: Position[] = input.holdings.holdings.flatMap((h) =>
    h.positions.flatMap((p) => {
      const pool = poolOf.get(`${p.accountId}\u0000${h.symbol}\u0000${h.currency}`);
      // An ACB that is not known (a missing rate or price behind it) has no loss to tell.
      if (!pool || pool.gap || isZero(p.quantity) || !isTaxable(input.accounts.get(p.accountId))) return [];
      const costBase = mulDiv(pool.acb, p.quantity, pool.quantity);
      return [{ symbol: h.symbol, accountId: p.accountId, accountName: input.accounts.get(p.accountId)?.name ?? 'an account', quantity: p.quantity, costBase, marketValueBase: p.marketValueBase }];
    }),
  );
  // Per position first (no minimum: the minimum applies to the symbol's total loss across taxable accounts).
  const candidates = taxLossHarvestingCandidates(positions, ZERO, input.acquisitionsAllAccounts, input.asOf);
  const bySymbol = new Map<string, typeof candidates>();
  for (const c of candidates) bySymbol.set(c.symbol, [...(bySymbol.get(c.symbol) ?? []), c]);
  const found: Insight[] = [];
  for (const [symbol, list] of bySymbol) {
    const loss = sum(list.map((c) => c.unrealizedLoss));
    const cost = sum(list.map((c) => c.costBase));
    const value = sum(list.map((c) => c.marketValueBase ?? ZERO));
    const share = div(loss, cost);
    if (cmp(loss, minAmount) < 0 || cmp(share, minPercent) < 0) continue;
    const recent = list.map((c) => c.recentBuyDate).filter((d): d is string => d !== undefined).sort().at(-1);
    const accounts = [...new Set(list.map((c) => c.accountName))];
    // Selling today: the window then runs 30 days after today, and 30 days after the last recent buy if later.
    const rebuyAfter = addDays(input.asOf, WINDOW_DAYS + 1);
    found.push({
      id: `tax-loss-harvesting:${symbol}`,
      rule: 'tax-loss-harvesting',
      severity: recent ? 'warning' : 'info',
      title: `${symbol}: a ${f.percent(share)} unrealized loss you could harvest`,
      explanation:
        `${symbol} in your taxable ${accounts.length === 1 ? 'account' : 'accounts'} (${f.list(accounts)}) is worth ${f.money(value, base)}, ${f.money(loss, base)} (${f.percent(share)}) below its cost of ${f.money(cost, base)}. ` +
        'Selling would realize a capital loss that offsets capital gains of this year, the three years before, or any later year. ' +
        `To keep the loss deductible, do not buy ${symbol} in any account (a TFSA or RRSP included) within 30 days before or after the sale.` +
        (recent ? ` You bought ${symbol} on ${f.date(recent)}: selling before ${f.date(addDays(recent, WINDOW_DAYS + 1))} would make the loss superficial.` : ''),
      figures: [
        { label: 'Unrealized loss', value: f.money(loss, base) },
        { label: 'Share of cost', value: f.percent(share) },
        { label: 'Value', value: f.money(value, base) },
        { label: 'Cost', value: f.money(cost, base) },
      ],
      actions: [
        recent
          ? `Wait until ${f.date(addDays(recent, WINDOW_DAYS + 1))} before selling ${symbol} for the loss`
          : `Sell ${symbol} to realize the loss; to stay invested, buy a similar but not identical fund, and not ${symbol} before ${f.date(rebuyAfter)}`,
      ],
      link: tabLink(input.portfolioPath, 'holdings'),
      source: 'rules',
    });
  }
  return found;
};
