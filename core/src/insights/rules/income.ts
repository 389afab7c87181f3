/**
 * Income: how much of the trailing year's dividends came from one payer, the portfolio's
 * trailing yield, and holdings whose yield is high enough to question.
 */
import { incomeBySymbol, type SymbolIncome } from '../../engine/income';
import { cmp, div, sum, ZERO, type Decimal } from '../../money/decimal';
import { addDays } from '../../time/days';
import type { Insight } from '../insight-types';
import type { InsightInput } from '../insight-input';
import { threshold } from '../insight-thresholds';
import { positive, tabLink, type Rule } from './rule-support';

/** Dividends (gross, DRIP included) per paying symbol over the trailing 12 months, largest first. */
export function dividendPayers(input: InsightInput): (SymbolIncome & { symbol: string })[] {
  return incomeBySymbol(input.incomeEvents, addDays(input.asOf, -364), input.asOf)
    .filter((r): r is SymbolIncome & { symbol: string } => r.symbol !== null && cmp(r.dividends, ZERO) > 0)
    .sort((a, b) => cmp(b.dividends, a.dividends) || (a.symbol < b.symbol ? -1 : 1));
}

/** The largest payer's share of the trailing year's dividends; null without dividends. */
export function topPayerShare(input: InsightInput): { symbol: string; amount: Decimal; total: Decimal; share: Decimal; payers: number } | null {
  const payers = dividendPayers(input);
  const total = sum(payers.map((p) => p.dividends));
  const top = payers[0];
  if (!top || !positive(total)) return null;
  return { symbol: top.symbol, amount: top.dividends, total, share: div(top.dividends, total), payers: payers.length };
}

/** A holding's trailing-12-month dividends over its market value today. */
export function holdingYields(input: InsightInput): Map<string, { dividends: Decimal; value: Decimal; yield: Decimal }> {
  const bySymbol = new Map(dividendPayers(input).map((p) => [p.symbol, p.dividends]));
  const yields = new Map<string, { dividends: Decimal; value: Decimal; yield: Decimal }>();
  for (const h of input.holdings.holdings) {
    const dividends = bySymbol.get(h.symbol);
    if (dividends === undefined || !positive(h.marketValueBase)) continue;
    yields.set(h.symbol, { dividends, value: h.marketValueBase, yield: div(dividends, h.marketValueBase) });
  }
  return yields;
}

export const dividendConcentration: Rule = (input) => {
  const f = input.format;
  const limit = threshold(input.thresholds, 'dividendConcentration');
  const top = topPayerShare(input);
  if (!top || cmp(top.share, limit) <= 0) return [];
  return [
    {
      id: `dividend-concentration:${top.symbol}`,
      rule: 'dividend-concentration',
      severity: 'warning',
      title: `${top.symbol} paid ${f.percent(top.share)} of your dividends`,
      explanation:
        `Over the last 12 months ${top.symbol} paid ${f.money(top.amount, input.baseCurrency)} of your ${f.money(top.total, input.baseCurrency)} in dividends (${f.percent(top.share)}; limit ${f.percent(limit)}` +
        `${top.payers === 1 ? '; it is your only dividend payer' : `; ${top.payers} holdings paid dividends`}). If it cut its dividend, your income would fall by as much.`,
      figures: [
        { label: 'Share of dividends', value: f.percent(top.share) },
        { label: `${top.symbol} dividends`, value: f.money(top.amount, input.baseCurrency) },
        { label: 'All dividends, 12 months', value: f.money(top.total, input.baseCurrency) },
        { label: 'Limit', value: f.percent(limit) },
      ],
      link: tabLink(input.portfolioPath, 'income'),
      source: 'rules',
    },
  ];
};

export const dividendYield: Rule = (input) => {
  const f = input.format;
  const base = input.baseCurrency;
  const high = threshold(input.thresholds, 'dividendYieldHigh');
  const found: Insight[] = [];
  const { income, yield: portfolioYield } = input.trailingYield;
  if (portfolioYield !== null && positive(income)) {
    found.push({
      id: 'dividend-yield:portfolio',
      rule: 'dividend-yield',
      severity: cmp(portfolioYield, high) > 0 ? 'warning' : 'info',
      title: `Trailing 12-month yield: ${f.percent(portfolioYield)}`,
      explanation:
        `Your holdings paid ${f.money(income, base)} in dividends and interest over the last 12 months (before withholding tax), ${f.percent(portfolioYield)} of their value today.` +
        (cmp(portfolioYield, high) > 0 ? ` That is above ${f.percent(high)}: yields that high are often not sustained, so check the payers' payout ratios.` : ''),
      figures: [
        { label: 'Income, 12 months', value: f.money(income, base) },
        { label: 'Yield', value: f.percent(portfolioYield) },
      ],
      link: tabLink(input.portfolioPath, 'income'),
      source: 'rules',
    });
  }
  for (const [symbol, y] of holdingYields(input)) {
    if (cmp(y.yield, high) <= 0) continue;
    found.push({
      id: `dividend-yield:${symbol}`,
      rule: 'dividend-yield',
      severity: 'warning',
      title: `${symbol} yields ${f.percent(y.yield)}`,
      explanation:
        `${symbol} paid ${f.money(y.dividends, base)} in dividends over the last 12 months, ${f.percent(y.yield)} of its value today (${f.money(y.value, base)}), above ${f.percent(high)}. ` +
        'A yield that high often means the market expects a cut, or the price has fallen: check that earnings cover the payout before counting on it.',
      figures: [
        { label: 'Yield', value: f.percent(y.yield) },
        { label: 'Dividends, 12 months', value: f.money(y.dividends, base) },
        { label: 'Limit', value: f.percent(high) },
      ],
      link: tabLink(input.portfolioPath, 'income'),
      source: 'rules',
    });
  }
  return found;
};
