import type { PortfolioEngine } from '../api/portfolio-engine';
import { isZero } from '../money/decimal';
import { pairsToValue } from './fx-pairs';
import { fxSymbol, MAX_LIVE_SYMBOLS, SYMBOL_PATTERN } from './market-protocol';

/** What the market client needs prices for: what is held now, and the rates to value it. */
export interface HeldInstruments {
  /** Each held symbol (open position in any portfolio) → the currencies it is held in. */
  symbols: Map<string, Set<string>>;
  /** FX pairs (market direction, e.g. USDCAD) to value the holdings and cash in the base currency. */
  pairs: string[];
}

/** Reads the engine's ledgers: open positions and non-zero cash across every portfolio. */
export function heldInstruments(engine: PortfolioEngine): HeldInstruments {
  const symbols = new Map<string, Set<string>>();
  const currencies = new Set<string>();
  for (const { ledger } of engine.sources()) {
    for (const position of ledger.positions.values()) {
      if (isZero(position.quantity)) continue;
      let held = symbols.get(position.symbol);
      if (!held) symbols.set(position.symbol, (held = new Set()));
      held.add(position.currency);
      currencies.add(position.currency);
    }
    for (const [key, amount] of ledger.cash) if (!isZero(amount)) currencies.add(key.split('\u0000')[1]!);
  }
  return { symbols, pairs: pairsToValue(currencies, engine.settings.baseCurrency) };
}

/**
 * Whether the market can be asked for a symbol: transactions accept a few spellings (such as
 * "TSX:XEQT") that are not market symbols; those stay unpriced rather than spoil a request.
 */
export const isQuotable = (symbol: string): boolean => SYMBOL_PATTERN.test(symbol);

/**
 * The symbols to subscribe to live: the FX symbols of the needed pairs, then the held symbols,
 * sorted — at most the server's limit per connection (rates first: they value everything).
 */
export function liveSymbols(held: HeldInstruments): string[] {
  const symbols = [...held.symbols.keys()].filter(isQuotable).sort();
  return [...held.pairs.map(fxSymbol), ...symbols].slice(0, MAX_LIVE_SYMBOLS);
}
