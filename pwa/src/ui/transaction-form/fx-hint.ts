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
 * The same sentence when the rate could not be looked up, and why. The sentence stays short and
 * true whatever the cause; the reason (no market server set up, the server or its source down,
 * an input the lookup refused) goes in a disclosure under it, not a server URL inline.
 */
export function fxLookupFailure(error: unknown, from: string, to: string, date: string): { text: string; reason: string } {
  const reason = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'invalid_input') return { text: `No ${from}→${to} rate looked up for ${date}: check the date and currency.`, reason };
  return { text: `No market rate could be looked up for ${from}→${to} on ${date}, so none is filled in: enter the broker’s rate.`, reason };
}
