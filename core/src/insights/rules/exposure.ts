/**
 * Exposure beyond single positions: money held in currencies other than the base currency,
 * and home bias (the home country's share of what is invested).
 */
import { cmp, div, mul, sum, dec, type Decimal } from '../../money/decimal';
import type { Insight } from '../insight-types';
import { threshold } from '../insight-thresholds';
import { homeShare } from './concentration';
import { positive, tabLink, type Rule } from './rule-support';

const TEN_PERCENT = dec('0.1');

export const currencyExposure: Rule = (input) => {
  const f = input.format;
  const base = input.baseCurrency;
  const limit = threshold(input.thresholds, 'foreignCurrencyWeight');
  const { buckets } = input.allocation.currency;
  const total = sum(buckets.map((b) => b.value));
  if (!positive(total)) return [];
  const foreign = buckets.filter((b) => b.key !== base && cmp(b.value, 0n as Decimal) > 0);
  const value = sum(foreign.map((b) => b.value));
  const weight = div(value, total);
  if (!foreign.length || cmp(weight, limit) <= 0) return [];
  const parts = foreign.map((b) => `${b.key} ${f.percent(div(b.value, total))}`);
  const swing = mul(value, TEN_PERCENT);
  const insight: Insight = {
    id: 'currency-exposure:foreign',
    rule: 'currency-exposure',
    severity: 'warning',
    title: `${f.percent(weight)} of the portfolio is in currencies other than ${base}`,
    explanation:
      `${f.money(value, base)} of your holdings and cash (${f.percent(weight)}) is in other currencies than ${base}: ${f.list(parts)}. That is above your limit of ${f.percent(limit)}. ` +
      `If those currencies fell 10 % against ${base}, the portfolio would lose about ${f.money(swing, base)} (${f.percent(mul(weight, TEN_PERCENT))}) in ${base} before any change in prices, and gain as much if they rose.`,
    figures: [
      { label: `Not in ${base}`, value: f.percent(weight) },
      ...foreign.map((b) => ({ label: b.key, value: f.percent(div(b.value, total)) })),
      { label: 'Limit', value: f.percent(limit) },
    ],
    actions: [`Hold more in ${base}, or prefer ${base}-hedged versions of foreign funds, if the currency risk is not wanted`],
    link: tabLink(input.portfolioPath, 'allocation'),
    source: 'rules',
  };
  return [insight];
};

export const homeBias: Rule = (input) => {
  const f = input.format;
  const share = homeShare(input);
  const limit = threshold(input.thresholds, 'homeBiasWeight');
  if (!share || !input.home || cmp(share.weight, limit) <= 0) return [];
  const unclassified = share.unclassified;
  return [
    {
      id: `home-bias:${input.home.code}`,
      rule: 'home-bias',
      severity: 'warning',
      title: `${f.percent(share.weight)} of holdings are in your home country`,
      explanation:
        `Holdings from ${input.home.name} are worth ${f.money(share.value, input.baseCurrency)}, ${f.percent(share.weight)} of what is invested (cash aside), above your limit of ${f.percent(limit)}. ` +
        `${input.home.name === 'Canada' ? 'Canada is' : 'Your home market is'} a small part of the world's stock markets, and your job and home already depend on its economy: more abroad spreads that risk.` +
        (unclassified ? ` ${f.percent(unclassified)} of your holdings have no country set and are not counted in any country.` : ''),
      figures: [
        { label: 'Home country', value: input.home.code },
        { label: 'Weight', value: f.percent(share.weight) },
        { label: 'Limit', value: f.percent(limit) },
        ...(unclassified ? [{ label: 'Unclassified', value: f.percent(unclassified) }] : []),
      ],
      link: tabLink(input.portfolioPath, 'allocation'),
      source: 'rules',
    },
  ];
};
