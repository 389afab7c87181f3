import type { PortfolioEngine } from '../api/portfolio-engine';
import type { FolioDb } from '../db/database';
import type { FxRateRow, PriceRow, QuoteFields } from '../db/rows';
import { cmp, dec, isDecimalString, toDecimalString, ZERO } from '../money/decimal';
import { localDate } from '../time/local-date';
import type { HeldInstruments } from './held-instruments';
import { pairOfFxSymbol, type MarketQuote } from './market-protocol';

/** A quote that arrived but was not stored, and why (it stays missing, never zero or 1). */
export interface SkippedQuote {
  symbol: string;
  reason: string;
}

/** What one batch of quotes changed in the cache. */
export interface StoredQuotes {
  /** Symbols whose price was stored. */
  prices: string[];
  /** FX pairs (USDCAD) whose rate was stored. */
  rates: string[];
  skipped: SkippedQuote[];
}

/** Why a quote's value cannot be used, or undefined when it can. */
function unusableValue(quote: MarketQuote): string | undefined {
  if (!isDecimalString(quote.price)) return `price "${quote.price}" is not a decimal number`;
  if (cmp(dec(quote.price), ZERO) <= 0) return `price ${quote.price} is not above zero`;
  if (Number.isNaN(Date.parse(quote.time))) return `time "${quote.time}" is not a timestamp`;
  return undefined;
}

/**
 * Cache rows for a batch of validated quotes. A price row is dated by the day of its `time` (in
 * this device's time zone, as "today" is), so a Friday close stays Friday's price over the
 * weekend. Refused, and reported: non-positive prices, and a price quoted in a currency the
 * symbol is not held in (valuing a CAD holding at a USD price would be wrong by the FX rate).
 */
export function quoteRows(quotes: readonly MarketQuote[], demo: boolean, held: HeldInstruments): { prices: PriceRow[]; rates: FxRateRow[]; skipped: SkippedQuote[] } {
  const prices: PriceRow[] = [];
  const rates: FxRateRow[] = [];
  const skipped: SkippedQuote[] = [];
  for (const quote of quotes) {
    const problem = unusableValue(quote);
    if (problem) {
      skipped.push({ symbol: quote.symbol, reason: problem });
      continue;
    }
    const symbol = quote.symbol.toUpperCase();
    const currency = quote.currency.toUpperCase();
    const fields: QuoteFields = {
      source: quote.source,
      fetchedAt: quote.fetchedAt,
      time: quote.time,
      stale: quote.stale,
      demo,
      currency,
      ...(quote.previousClose !== undefined ? { previousClose: quote.previousClose } : {}),
      ...(quote.change !== undefined ? { change: quote.change } : {}),
      ...(quote.changePercent !== undefined ? { changePercent: quote.changePercent } : {}),
      ...(quote.marketState !== undefined ? { marketState: quote.marketState } : {}),
    };
    const date = localDate(new Date(quote.time));
    const value = toDecimalString(dec(quote.price));
    const pair = pairOfFxSymbol(symbol);
    if (pair) {
      // USDCAD=X is the CAD value of 1 USD: quoted in the pair's second currency.
      if (currency !== pair.slice(3)) skipped.push({ symbol, reason: `${symbol} is quoted in ${currency}, not ${pair.slice(3)}` });
      else rates.push({ pair, date, rate: value, ...fields });
      continue;
    }
    const heldIn = held.symbols.get(symbol);
    if (heldIn && !heldIn.has(currency)) {
      skipped.push({ symbol, reason: `${symbol} is quoted in ${currency} but held in ${[...heldIn].sort().join(', ')}: its price is not applied` });
      continue;
    }
    prices.push({ symbol, date, price: value, ...fields });
  }
  return { prices, rates, skipped };
}

/**
 * Stores a batch of quotes in the local cache (`_prices`, `_fx`, one transaction) and feeds
 * the engine as `putPrices` / `putFxRates` do, so holdings, returns and allocation recompute.
 * A new rate can change trade-date costs, so portfolios trading on or after its date are
 * rebuilt. The caller emits the change (once per batch of work, see handlers/market.ts).
 */
export async function storeQuotes(db: FolioDb, engine: PortfolioEngine, quotes: readonly MarketQuote[], demo: boolean, held: HeldInstruments): Promise<StoredQuotes> {
  await engine.ready();
  const rows = quoteRows(quotes, demo, held);
  const { rates, skipped } = rows;
  // A refresh answered after a newer live tick must not put the older price back.
  const prices = rows.prices.filter((row) => {
    const latest = engine.latestPriceRow(row.symbol);
    return !(latest?.date === row.date && latest.time && row.time && row.time < latest.time);
  });
  if (prices.length || rates.length) {
    await db.transaction('rw', db._prices, db._fx, async () => {
      if (prices.length) await db._prices.bulkPut(prices);
      if (rates.length) await db._fx.bulkPut(rates);
    });
  }
  for (const row of prices) engine.setMarketPrice(row.symbol, row.date, row.price, row);
  for (const row of rates) engine.setFxRate(row.pair, row.date, row.rate);
  if (rates.length) {
    const earliest = rates.reduce((min, r) => (r.date < min ? r.date : min), rates[0]!.date);
    for (const id of engine.portfoliosTradingSince(earliest)) engine.rebuildPortfolio(id);
  }
  return { prices: prices.map((p) => p.symbol), rates: rates.map((r) => r.pair), skipped };
}
