import { DatedSeries } from '../core/src/fx/dated-series';
import { FxRates } from '../core/src/fx/fx-rates';
import { PriceBook } from '../core/src/engine/price-book';
import { dec } from '../core/src/money/decimal';
import type { TransactionRow } from '../core/src/model/transaction';
import { addDays, daysBetween } from '../core/src/time/days';

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same portfolio. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchPortfolio {
  rows: TransactionRow[];
  prices: PriceBook;
  fx: FxRates;
  start: string;
  end: string;
}

/**
 * 100,000 transactions over 20 years across 200 instruments in CAD, USD and EUR, in 4
 * accounts that record their cash: deposits, buys, sells of part of what is held, dividends,
 * fees and conversions; daily closes for every instrument and daily USDCAD and EURCAD.
 */
export function benchPortfolio(count = 100_000, instruments = 200, seed = 42): BenchPortfolio {
  const random = prng(seed);
  const start = '2006-01-02';
  const end = '2025-12-31';
  const days = daysBetween(start, end);
  const currencies = ['CAD', 'USD', 'EUR'];
  const symbols = Array.from({ length: instruments }, (_, i) => ({ symbol: `S${String(i).padStart(3, '0')}`, currency: currencies[i % 3]! }));
  const prices = new PriceBook();
  const fx = new FxRates();
  const level = symbols.map(() => 20 + random() * 80);
  const usd = new DatedSeries();
  const eur = new DatedSeries();
  let usdcad = 1.1;
  let eurcad = 1.45;
  for (let d = 0; d <= days; d += 1) {
    const date = addDays(start, d);
    usdcad *= 1 + (random() - 0.5) * 0.01;
    eurcad *= 1 + (random() - 0.5) * 0.01;
    usd.set(date, dec(usdcad.toFixed(6)));
    eur.set(date, dec(eurcad.toFixed(6)));
    for (let i = 0; i < symbols.length; i += 1) {
      level[i] = level[i]! * (1 + (random() - 0.49) * 0.03);
      prices.set(symbols[i]!.symbol, date, dec(level[i]!.toFixed(4)));
    }
  }
  fx.setSeries('USD', 'CAD', usd);
  fx.setSeries('EUR', 'CAD', eur);

  const rows: TransactionRow[] = [];
  const held = new Map<string, number>();
  const accounts = ['acct-1', 'acct-2', 'acct-3', 'acct-4'];
  for (let i = 0; i < count; i += 1) {
    const date = addDays(start, Math.floor((i / count) * days));
    const accountId = accounts[i % accounts.length]!;
    const { symbol, currency } = symbols[Math.floor(random() * symbols.length)]!;
    const price = prices.at(symbol, date)!.value;
    const key = `${accountId}:${symbol}`;
    const roll = random();
    const base = { id: `tx-${String(i).padStart(6, '0')}`, accountId, date, createdAt: date };
    if (i % 50 === 0) {
      rows.push({ ...base, kind: 'deposit', currency: 'CAD', amount: '50000' });
    } else if (roll < 0.55 || !(held.get(key)! > 0)) {
      const quantity = (1 + Math.floor(random() * 50)).toString();
      rows.push({ ...base, kind: 'buy', currency, symbol, quantity, price: (Number(price) / 1e18).toFixed(4), fee: '4.95' });
      held.set(key, (held.get(key) ?? 0) + Number(quantity));
    } else if (roll < 0.8) {
      const quantity = Math.max(1, Math.floor(held.get(key)! * random()));
      rows.push({ ...base, kind: 'sell', currency, symbol, quantity: String(quantity), price: (Number(price) / 1e18).toFixed(4), fee: '4.95' });
      held.set(key, held.get(key)! - quantity);
    } else if (roll < 0.95) {
      rows.push({ ...base, kind: 'dividend', currency, symbol, amount: (random() * 40 + 1).toFixed(2) });
    } else if (roll < 0.98) {
      rows.push({ ...base, kind: 'fee', currency: 'CAD', amount: '9.99' });
    } else {
      rows.push({ ...base, kind: 'fx_conversion', currency: 'CAD', amount: '1000', toCurrency: 'USD', toAmount: '730.50' });
    }
  }
  return { rows, prices, fx, start, end };
}
