/**
 * The portfolio's time-weighted return over the last 12 months against a benchmark index's,
 * when the index's history is in the local price cache; when it is not, the insight says so.
 */
import { subtractMonths } from '../../engine/periods';
import type { Insight } from '../insight-types';
import { ratioOf } from '../insight-format';
import { threshold } from '../insight-thresholds';
import { tabLink, type Rule } from './rule-support';

export const benchmarkComparison: Rule = (input) => {
  const f = input.format;
  const symbol = input.benchmark;
  const year = input.oneYear;
  if (!symbol || !year || year.range.from === year.range.to) return [];
  const link = tabLink(input.portfolioPath, 'performance');
  const id = `benchmark:${symbol}`;
  const fullYear = year.range.from <= subtractMonths(input.asOf, 12);
  const period = fullYear ? 'over the last 12 months' : `since ${f.date(year.range.from)} (less than a year of history)`;
  const unavailable = (title: string, explanation: string): Insight[] => [{ id, rule: 'benchmark', severity: 'info', title, explanation, figures: [{ label: 'Benchmark', value: symbol }], link, source: 'rules' }];

  const twr = year.returns?.twr ?? null;
  // Nothing invested over the period (and nothing missing): there is nothing to compare.
  if (twr === null && !year.gaps.length) return [];
  if (twr === null) {
    return unavailable(
      `Return not available to compare with ${symbol}`,
      `The portfolio's return ${period} is withheld while ${year.gaps.length} price or exchange rate ${year.gaps.length === 1 ? 'is' : 'are'} missing; once they are in, it is compared with ${symbol}.`,
    );
  }
  const comparison = year.benchmark;
  if (!comparison || comparison.twr === null) {
    return unavailable(
      `No ${symbol} history to compare with`,
      `${symbol}'s daily closes ${period} are not in this device's price cache (${comparison?.missing.length ?? 0} days missing), so your ${f.percent(twr)} return cannot be compared with it yet. Open Performance with ${symbol} as the benchmark while online to load its history.`,
    );
  }
  const difference = twr - comparison.twr;
  const shortfall = ratioOf(threshold(input.thresholds, 'benchmarkShortfall'));
  const behind = difference < -shortfall;
  const figures = [
    { label: 'Your return (TWR)', value: f.percent(twr) },
    { label: `${symbol} return`, value: f.percent(comparison.twr) },
    { label: 'Difference', value: f.points(difference) },
    ...(comparison.sameCashFlowsValue !== null ? [{ label: `Same cash flows in ${symbol}`, value: f.money(comparison.sameCashFlowsValue, input.baseCurrency) }] : []),
    ...(year.returns ? [{ label: 'Your value', value: f.money(year.returns.endValue, input.baseCurrency) }] : []),
  ];
  const sameFlows =
    comparison.sameCashFlowsValue !== null && year.returns
      ? ` Had every deposit and withdrawal gone into ${symbol} instead, the portfolio would be worth ${f.money(comparison.sameCashFlowsValue, input.baseCurrency)} rather than ${f.money(year.returns.endValue, input.baseCurrency)}.`
      : '';
  return [
    {
      id,
      rule: 'benchmark',
      severity: behind ? 'warning' : 'info',
      title: behind
        ? `Behind ${symbol} by ${f.points(-difference).replace(/^[-+−]/, '')} over ${fullYear ? 'a year' : 'the period'}`
        : difference >= 0
          ? `Ahead of ${symbol} by ${f.points(difference).replace(/^[-+−]/, '')}`
          : `In line with ${symbol}`,
      explanation:
        `Your time-weighted return ${period} is ${f.percent(twr)}; ${symbol} returned ${f.percent(comparison.twr)} (in ${input.baseCurrency}), a difference of ${f.points(difference)}.` +
        (behind ? ` That trails it by more than your margin of ${f.points(shortfall).replace(/^[-+−]/, '')}: if the index is a fair yardstick for your mix, a low-cost fund tracking it may serve you better.` : '') +
        sameFlows,
      figures,
      link,
      source: 'rules',
    },
  ];
};
