/**
 * What quietly lowers returns: cash left uninvested (cash drag) and the fees paid over the
 * trailing 12 months, as a share of the portfolio's value and of its gain.
 */
import { abs, add, cmp, div, isZero, mul, sub, sum, ZERO, type Decimal } from '../../money/decimal';
import { addDays } from '../../time/days';
import type { Insight } from '../insight-types';
import type { InsightInput } from '../insight-input';
import { threshold } from '../insight-thresholds';
import { positive, tabLink, valuedTotal, type Rule } from './rule-support';

/**
 * Cash held (known balances above zero: a margin debit is not idle cash) and its share of the
 * valued total; null when nothing is valued. A balance whose exchange rate is missing is never
 * counted as 0: it is left out and its currency listed in `unvalued`, for the explanation.
 */
export function cashShare(input: InputLike): { cash: Decimal; weight: Decimal; unvalued: string[] } | null {
  const total = valuedTotal(input.holdings);
  if (!positive(total)) return null;
  const held = input.holdings.cash.filter((c) => cmp(c.amount, ZERO) > 0);
  const cash = sum(held.flatMap((c) => (c.amountBase !== null && positive(c.amountBase) ? [c.amountBase] : [])));
  const unvalued = [...new Set(held.filter((c) => c.amountBase === null).map((c) => c.currency))].sort();
  return { cash, weight: div(cash, total), unvalued };
}

type InputLike = Pick<InsightInput, 'holdings'>;

/** What the cash figures leave out: balances whose rate to the base currency is missing. */
function unvaluedNote(currencies: readonly string[], base: string): string {
  if (!currencies.length) return '';
  return ` Cash in ${currencies.join(', ')} is not counted: its exchange rate to ${base} is missing, so its value is unknown (refresh rates to include it).`;
}

export const cashDrag: Rule = (input) => {
  const f = input.format;
  const limit = threshold(input.thresholds, 'cashWeight');
  const share = cashShare(input);
  if (!share || cmp(share.weight, limit) <= 0) return [];
  const excess = sub(share.cash, mul(limit, valuedTotal(input.holdings)));
  return [
    {
      id: 'cash-drag:portfolio',
      rule: 'cash-drag',
      severity: 'warning',
      title: `Cash is ${f.percent(share.weight)} of the portfolio`,
      explanation:
        `You hold ${f.money(share.cash, input.baseCurrency)} in cash, ${f.percent(share.weight)} of the portfolio, above your limit of ${f.percent(limit)}. ` +
        'Cash left uninvested earns little, which holds back the return of the whole portfolio over time. If it is not set aside for a planned expense, consider investing it along your targets.' +
        unvaluedNote(share.unvalued, input.baseCurrency),
      figures: [
        { label: 'Cash', value: f.money(share.cash, input.baseCurrency) },
        { label: 'Weight', value: f.percent(share.weight) },
        { label: 'Limit', value: f.percent(limit) },
      ],
      actions: [`Invest about ${f.money(excess, input.baseCurrency)} to bring cash down to ${f.percent(limit)}`],
      link: tabLink(input.portfolioPath, 'holdings'),
      source: 'rules',
    },
  ];
};

/** Fees of the trailing 12 months: commissions and account fees; null when a needed rate is missing. */
export function fees12m(input: InsightInput): { commissions: Decimal; accountFees: Decimal; total: Decimal } | null {
  if (input.commissions12m === null) return null;
  const after = addDays(input.asOf, -365);
  const charged = input.incomeEvents.filter((e) => e.kind === 'fee' && e.date > after && e.date <= input.asOf);
  if (charged.some((e) => e.fxGap)) return null;
  const accountFees = abs(sum(charged.map((e) => e.amountBase)));
  return { commissions: input.commissions12m, accountFees, total: add(input.commissions12m, accountFees) };
}

/** Fees as shares of the valued total and of the trailing year's gain (null when there was no gain). */
export function feeShares(input: InsightInput): { fees: Decimal; ofValue: Decimal | null; ofGains: Decimal | null; gain: Decimal | null } | null {
  const fees = fees12m(input);
  if (!fees) return null;
  const total = valuedTotal(input.holdings);
  const gain = input.oneYear?.returns?.gain ?? null;
  return {
    fees: fees.total,
    ofValue: positive(total) ? div(fees.total, total) : null,
    ofGains: positive(gain) ? div(fees.total, gain) : null,
    gain,
  };
}

export const feeDrag: Rule = (input) => {
  const f = input.format;
  const base = input.baseCurrency;
  const fees = fees12m(input);
  const shares = feeShares(input);
  if (!fees || !shares || isZero(fees.total)) return [];
  const limitValue = threshold(input.thresholds, 'feeDragOfValue');
  const limitGains = threshold(input.thresholds, 'feeDragOfGains');
  const overValue = shares.ofValue !== null && cmp(shares.ofValue, limitValue) > 0;
  const overGains = shares.ofGains !== null && cmp(shares.ofGains, limitGains) > 0;
  if (!overValue && !overGains) return [];
  const parts = [
    ...(shares.ofValue !== null ? [`${f.percent(shares.ofValue)} of the portfolio's value (limit ${f.percent(limitValue)})`] : []),
    ...(shares.ofGains !== null && shares.gain !== null ? [`${f.percent(shares.ofGains)} of its ${f.money(shares.gain, base)} gain over the year (limit ${f.percent(limitGains)})`] : []),
  ];
  const insight: Insight = {
    id: 'fee-drag:trailing-12m',
    rule: 'fee-drag',
    severity: overValue && overGains ? 'critical' : 'warning',
    // Titles may be sent to a model: a share, never the amount.
    title: overValue && shares.ofValue !== null ? `Fees took ${f.percent(shares.ofValue)} of the portfolio in 12 months` : `Fees took ${f.percent(shares.ofGains!)} of the year's gain`,
    explanation:
      `Over the last 12 months you paid ${f.money(fees.total, base)} in fees: ${f.money(fees.commissions, base)} in trading commissions and ${f.money(fees.accountFees, base)} in account fees. ` +
      `That is ${f.list(parts)}. Funds' own fees (MER) are taken inside the funds and are not included.`,
    figures: [
      { label: 'Fees, 12 months', value: f.money(fees.total, base) },
      { label: 'Commissions', value: f.money(fees.commissions, base) },
      { label: 'Account fees', value: f.money(fees.accountFees, base) },
      ...(shares.ofValue !== null ? [{ label: 'Of value', value: f.percent(shares.ofValue) }] : []),
      ...(shares.ofGains !== null ? [{ label: 'Of gains', value: f.percent(shares.ofGains) }] : []),
    ],
    actions: ['Trade less often or in larger amounts, or move to a lower-cost broker or account'],
    link: tabLink(input.portfolioPath, 'transactions'),
    source: 'rules',
  };
  return [insight];
};
