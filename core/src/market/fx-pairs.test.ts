import { describe, expect, it } from 'vitest';
import { marketPair, pairsToValue } from './fx-pairs';

describe('FX pairs in market direction', () => {
  it('puts the higher-ranked currency first, whichever order it is asked in', () => {
    expect([marketPair('CAD', 'USD'), marketPair('USD', 'CAD')]).toEqual(['USDCAD', 'USDCAD']);
    expect([marketPair('USD', 'EUR'), marketPair('GBP', 'EUR'), marketPair('jpy', 'usd')]).toEqual(['EURUSD', 'EURGBP', 'USDJPY']);
    // Unranked currencies follow the ranked ones, then go alphabetically.
    expect([marketPair('HKD', 'USD'), marketPair('SEK', 'HKD')]).toEqual(['USDHKD', 'HKDSEK']);
  });

  it('lists each needed pair once, none for the base currency itself', () => {
    expect(pairsToValue(['USD', 'CAD', 'EUR', 'USD'], 'CAD')).toEqual(['EURCAD', 'USDCAD']);
    expect(pairsToValue(['CAD'], 'CAD')).toEqual([]);
  });
});
