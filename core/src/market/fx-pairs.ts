/**
 * Which FX pair to ask the market for. Markets quote each pair in one direction only (EURUSD,
 * USDCAD, never CADUSD as a primary quote), and the engine derives the inverse itself (see
 * fx/fx-rates.ts), so the client asks for the conventional direction: the currency ranked
 * higher here is the pair's base. Currencies not ranked come after, in alphabetical order.
 */
const RANK = ['EUR', 'GBP', 'AUD', 'NZD', 'USD', 'CAD', 'CHF', 'JPY'];

function rank(currency: string): number {
  const index = RANK.indexOf(currency);
  return index < 0 ? RANK.length : index;
}

/** The market's pair for two different currencies: ("CAD", "USD") → "USDCAD", ("USD", "EUR") → "EURUSD". */
export function marketPair(a: string, b: string): string {
  const [x, y] = [a.toUpperCase(), b.toUpperCase()];
  const first = rank(x) !== rank(y) ? rank(x) < rank(y) : x < y;
  return first ? x + y : y + x;
}

/** The pairs needed to value amounts in `currencies` in `base` (none for the base itself), sorted. */
export function pairsToValue(currencies: Iterable<string>, base: string): string[] {
  const pairs = new Set<string>();
  for (const currency of currencies) if (currency.toUpperCase() !== base.toUpperCase()) pairs.add(marketPair(currency, base));
  return [...pairs].sort();
}
