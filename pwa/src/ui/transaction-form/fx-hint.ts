import type { FxRateLookup } from '../../../../core/src/market/market-lookup';

/**
 * The sentence under the FX rate field saying where the prefilled rate came from, or that market
 * data has none (the field is then left empty for the broker's rate, never filled with 1). With
 * `keptOwnRate`, a rate the user entered (or saved earlier) stays, and the market's is shown beside it.
 */
export function fxSourceText(lookup: FxRateLookup, keptOwnRate = false): string {
  if (!lookup.found) {
    return keptOwnRate
      ? `No ${lookup.from}→${lookup.to} rate for ${lookup.date} in market data: the rate entered is used.`
      : `No ${lookup.from}→${lookup.to} rate for ${lookup.date} in market data: enter the broker’s rate.`;
  }
  const via = lookup.inverted ? ` (inverse of ${lookup.pair})` : '';
  const demo = lookup.demo ? ', demo data' : '';
  const market = `${lookup.from}${lookup.to} ${lookup.rate} on ${lookup.date}${via}, from market data${demo}`;
  return keptOwnRate ? `Market rate: ${market}. The rate entered is used.` : `${market}.`;
}

/**
 * The same sentence when market data could not be asked (offline, the source failing): short,
 * with the reason kept for the hint's tooltip rather than a server URL and timestamps inline.
 */
export function fxUnavailableText(from: string, to: string, date: string): string {
  return `Market data is unavailable right now, so no ${from}→${to} rate for ${date} is filled in: enter the broker’s rate.`;
}
