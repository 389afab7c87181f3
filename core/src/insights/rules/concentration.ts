/**
 * Concentration: one holding, one sector or one (foreign) country taking more of the
 * portfolio than the user's limit. Sector and country come from the instruments' metadata;
 * what has none is "Unclassified" and is said as such, never spread over the others.
 */
import { UNKNOWN_KEY } from '../../engine/allocation';
import { cmp, div, isZero, mul, sub, type Decimal } from '../../money/decimal';
import type { Insight } from '../insight-types';
import type { AllocationView, InsightInput } from '../insight-input';
import { threshold } from '../insight-thresholds';
import { investedBuckets, isFund, positive, severityAbove, tabLink, valuedTotal, type Rule } from './rule-support';

export const holdingConcentration: Rule = (input) => {
  const { format: f, baseCurrency } = input;
  const limit = threshold(input.thresholds, 'holdingWeight');
  const total = valuedTotal(input.holdings);
  const found: Insight[] = [];
  for (const h of input.holdings.holdings) {
    if (isZero(h.quantity) || h.weight === null || h.marketValueBase === null || cmp(h.weight, limit) <= 0) continue;
    const fund = isFund(input.instruments.get(h.symbol)?.assetClass);
    const excess = sub(h.marketValueBase, mul(limit, total));
    found.push({
      id: `concentration-holding:${h.symbol}`,
      rule: 'concentration-holding',
      severity: fund ? 'info' : severityAbove(h.weight, limit),
      title: `${h.symbol} is ${f.percent(h.weight)} of the portfolio`,
      explanation:
        `${h.symbol} is worth ${f.money(h.marketValueBase, baseCurrency)}, ${f.percent(h.weight)} of the portfolio's valued holdings and cash, above your limit of ${f.percent(limit)} for one holding. ` +
        (fund
          ? 'It is a fund, which spreads its money over many securities itself, so this matters less than one stock would; check that the fund itself is diversified.'
          : 'A large fall in this one security would move the whole portfolio: consider trimming it, or directing new money to other holdings.'),
      figures: [
        { label: 'Weight', value: f.percent(h.weight) },
        { label: 'Value', value: f.money(h.marketValueBase, baseCurrency) },
        { label: 'Limit', value: f.percent(limit) },
      ],
      ...(fund ? {} : { actions: [`Sell about ${f.money(excess, baseCurrency)} of ${h.symbol} to bring it to ${f.percent(limit)}, or add new money elsewhere`] }),
      link: tabLink(input.portfolioPath, 'holdings'),
      source: 'rules',
    });
  }
  return found;
};

interface Share {
  key: string;
  label: string;
  value: Decimal;
  weight: Decimal;
}

/** Invested buckets (no cash) with their share of what is invested, and the unclassified one apart. */
function shares(view: AllocationView): { classified: Share[]; unclassified: Share | undefined } {
  const { buckets, total } = investedBuckets(view.buckets);
  if (!positive(total)) return { classified: [], unclassified: undefined };
  const all = buckets.map((b) => ({ ...b, weight: div(b.value, total) }));
  return { classified: all.filter((b) => b.key !== UNKNOWN_KEY), unclassified: all.find((b) => b.key === UNKNOWN_KEY) };
}

function unclassifiedNote(input: InsightInput, unclassified: Share | undefined, what: string): string {
  if (!unclassified) return '';
  return ` ${input.format.percent(unclassified.weight)} of your holdings have no ${what} set and are counted as unclassified, in no ${what}.`;
}

function unclassifiedInsight(input: InsightInput, unclassified: Share, dimension: 'sector' | 'country', limit: Decimal): Insight {
  const f = input.format;
  const rule = dimension === 'sector' ? 'concentration-sector' : 'concentration-country';
  return {
    id: `${rule}:unclassified`,
    rule,
    severity: 'info',
    title: `${f.percent(unclassified.weight)} of holdings have no ${dimension}`,
    explanation: `Holdings worth ${f.money(unclassified.value, input.baseCurrency)} (${f.percent(unclassified.weight)} of what is invested) have no ${dimension} in their instrument details, so ${dimension} concentration cannot be judged for them (limit ${f.percent(limit)}). Set the ${dimension} of those instruments to include them.`,
    figures: [
      { label: 'Unclassified', value: f.percent(unclassified.weight) },
      { label: 'Value', value: f.money(unclassified.value, input.baseCurrency) },
    ],
    link: tabLink(input.portfolioPath, 'allocation', 'classify'),
    source: 'rules',
  };
}

/**
 * One sector or country above the limit (what is invested, cash aside), said with `why`; the
 * unclassified bucket gets its own note. `skip` leaves out buckets another rule covers.
 */
function bucketConcentration(input: InsightInput, dimension: 'sector' | 'country', spec: { describe: (label: string) => string; why: string; skip?: (key: string) => boolean }): Insight[] {
  const f = input.format;
  const rule = dimension === 'sector' ? 'concentration-sector' : 'concentration-country';
  const limit = threshold(input.thresholds, dimension === 'sector' ? 'sectorWeight' : 'countryWeight');
  const { classified, unclassified } = shares(input.allocation[dimension]);
  const found: Insight[] = classified
    .filter((b) => !spec.skip?.(b.key) && cmp(b.weight, limit) > 0)
    .map((b) => ({
      id: `${rule}:${b.key}`,
      rule,
      severity: severityAbove(b.weight, limit),
      title: `${b.label} is ${f.percent(b.weight)} of your holdings`,
      explanation:
        `${spec.describe(b.label)} are worth ${f.money(b.value, input.baseCurrency)}, ${f.percent(b.weight)} of what is invested (cash aside), above your limit of ${f.percent(limit)} for one ${dimension}. ` +
        spec.why +
        unclassifiedNote(input, unclassified, dimension),
      figures: [
        { label: 'Weight', value: f.percent(b.weight) },
        { label: 'Value', value: f.money(b.value, input.baseCurrency) },
        { label: 'Limit', value: f.percent(limit) },
        ...(unclassified ? [{ label: 'Unclassified', value: f.percent(unclassified.weight) }] : []),
      ],
      link: tabLink(input.portfolioPath, 'allocation'),
      source: 'rules' as const,
    }));
  if (unclassified && cmp(unclassified.weight, limit) > 0) found.push(unclassifiedInsight(input, unclassified, dimension, limit));
  return found;
}

export const sectorConcentration: Rule = (input) =>
  bucketConcentration(input, 'sector', {
    describe: (label) => `Holdings in the ${label} sector`,
    why: 'Companies of one sector tend to fall together; spreading over more sectors lowers that risk.',
  });

/** Countries other than the home country (home bias has its own rule and limit). */
export const countryConcentration: Rule = (input) =>
  bucketConcentration(input, 'country', {
    describe: (label) => `Holdings from ${label}`,
    why: "One economy's downturn, policy or market would weigh on most of the portfolio.",
    skip: (key) => input.home?.matches(key) ?? false,
  });

/** The home country's share of what is invested, summing its spellings ("CA", "Canada"). */
export function homeShare(input: InsightInput): { value: Decimal; weight: Decimal; unclassified: Decimal | null } | null {
  if (!input.home) return null;
  const { buckets, total } = investedBuckets(input.allocation.country.buckets);
  if (!positive(total)) return null;
  let value = 0n as Decimal;
  for (const b of buckets) if (input.home.matches(b.key)) value = (value + b.value) as Decimal;
  const unknown = buckets.find((b) => b.key === UNKNOWN_KEY);
  return { value, weight: div(value, total), unclassified: unknown ? div(unknown.value, total) : null };
}
