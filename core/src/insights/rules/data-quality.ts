/**
 * Prices and exchange rates that are old or missing: the figures that depend on them are out
 * of date, or not shown at all (never counted as 0 or 1).
 */
import { isMissingFx } from '../../fx/fx-rates';
import { isZero } from '../../money/decimal';
import type { MissingFx } from '../../fx/fx-rates';
import type { Insight } from '../insight-types';
import { tabLink, type Rule } from './rule-support';

export const stalePrices: Rule = (input) => {
  const f = input.format;
  const limit = input.thresholds.stalePriceDays;
  const link = tabLink(input.portfolioPath, 'holdings');
  const found: Insight[] = [];
  for (const h of input.holdings.holdings) {
    if (isZero(h.quantity) || !h.price || h.price.ageDays <= limit) continue;
    const own = !h.priceInfo;
    found.push({
      id: `stale-price:${h.symbol}`,
      rule: 'stale-price',
      severity: 'warning',
      title: `${h.symbol}'s price is ${h.price.ageDays} days old`,
      explanation:
        `${h.symbol} is valued at ${f.money(h.price.value, h.currency)} from ${f.date(h.price.date)}, ${h.price.ageDays} days ago (your limit is ${limit} days)` +
        (own ? ', the price of one of your own transactions, as no market price is cached' : '') +
        '. Its value, weight and the totals are as of then: refresh quotes, or enter a recent price.',
      figures: [
        { label: 'Price', value: f.money(h.price.value, h.currency) },
        { label: 'Price date', value: f.date(h.price.date) },
        { label: 'Age', value: `${h.price.ageDays} days` },
      ],
      actions: ['Refresh quotes, or enter a recent price'],
      link,
      source: 'rules',
    });
  }
  for (const { currency, quote } of input.fxToday) {
    if (isMissingFx(quote) || quote.ageDays <= limit) continue;
    found.push({
      id: `stale-price:${currency}${input.baseCurrency}`,
      rule: 'stale-price',
      severity: 'warning',
      title: `The ${currency} to ${input.baseCurrency} rate is ${quote.ageDays} days old`,
      explanation: `Holdings and cash in ${currency} are converted at the rate of ${f.date(quote.date)}, ${quote.ageDays} days ago (your limit is ${limit} days), so their value in ${input.baseCurrency} is as of then. Refresh quotes to get today's rate.`,
      figures: [
        { label: 'Rate date', value: f.date(quote.date) },
        { label: 'Age', value: `${quote.ageDays} days` },
      ],
      actions: ['Refresh quotes'],
      link,
      source: 'rules',
    });
  }
  return found;
};

export const missingPrices: Rule = (input) => {
  const f = input.format;
  const link = tabLink(input.portfolioPath, 'holdings');
  const found: Insight[] = [];
  const symbols = [...new Set(input.holdings.gaps.flatMap((g) => (g.kind === 'missing_price' ? [g.symbol] : [])))].sort();
  for (const symbol of symbols) {
    found.push({
      id: `missing-price:${symbol}`,
      rule: 'missing-price',
      severity: 'warning',
      title: `No price for ${symbol}`,
      explanation: `${symbol} has no price on or before ${f.date(input.asOf)}, so its value is unknown: it is left out of weights and allocation, and totals that need it are not shown. Refresh quotes, or enter a price.`,
      figures: [{ label: 'Symbol', value: symbol }],
      actions: ['Refresh quotes, or enter a price by hand'],
      link,
      source: 'rules',
    });
  }
  const byPair = new Map<string, MissingFx[]>();
  for (const g of input.holdings.gaps) if (g.kind === 'missing_fx') byPair.set(`${g.from}${g.to}`, [...(byPair.get(`${g.from}${g.to}`) ?? []), g]);
  for (const [pair, gaps] of [...byPair].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { from, to } = gaps[0]!;
    const dates = [...new Set(gaps.map((g) => g.date))].sort();
    const today = dates.includes(input.asOf);
    const past = dates.filter((d) => d !== input.asOf);
    found.push({
      id: `missing-price:${pair}`,
      rule: 'missing-price',
      severity: 'warning',
      title: `Missing ${from} to ${to} exchange rate`,
      explanation:
        (today ? `There is no ${from} to ${to} rate for ${f.date(input.asOf)} or before it, so holdings and cash in ${from} cannot be valued in ${to}. ` : '') +
        (past.length ? `The rate is also missing on ${past.length} trade ${past.length === 1 ? 'date' : 'dates'} (${f.list(past.slice(0, 3).map(f.date))}${past.length > 3 ? '…' : ''}), so the cost of what was bought then is unknown. ` : '') +
        'Refresh quotes, or enter the rates.',
      figures: [
        { label: 'Pair', value: `${from}/${to}` },
        { label: 'Dates missing', value: String(dates.length) },
      ],
      actions: ['Refresh quotes, or enter the exchange rates'],
      link,
      source: 'rules',
    });
  }
  return found;
};
