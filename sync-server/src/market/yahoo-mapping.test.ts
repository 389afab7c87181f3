import { describe, expect, it } from 'vitest';
import { isUsableQuote, mapQuote } from './yahoo-mapping';

const time = new Date('2026-11-24T16:35:00Z');

describe('mapQuote', () => {
  it('turns London prices quoted in pence (GBp) into pounds', () => {
    const quote = mapQuote({ symbol: 'VOD.L', regularMarketPrice: 74.12, regularMarketPreviousClose: 73.5, regularMarketChange: 0.62, currency: 'GBp', regularMarketTime: time, exchange: 'LSE' }, 'yahoo', 'test');
    expect(quote).toMatchObject({ price: '0.7412', previousClose: '0.735', change: '0.0062', currency: 'GBP' });
  });

  it('turns Johannesburg cents (ZAc) and Tel Aviv agorot (ILA) into rand and shekels', () => {
    expect(mapQuote({ symbol: 'NPN.JO', regularMarketPrice: 412345, currency: 'ZAc', regularMarketTime: time }, 'yahoo', 'test')).toMatchObject({ price: '4123.45', currency: 'ZAR' });
    expect(mapQuote({ symbol: 'TEVA.TA', regularMarketPrice: 6120, currency: 'ILA', regularMarketTime: time }, 'yahoo', 'test')).toMatchObject({ price: '61.2', currency: 'ILS' });
  });

  it('leaves major-unit currencies alone', () => {
    expect(mapQuote({ symbol: 'XIU.TO', regularMarketPrice: 38.91, currency: 'CAD', regularMarketTime: time }, 'yahoo', 'test')).toMatchObject({ price: '38.91', currency: 'CAD' });
  });

  it('treats a quote priced at zero as no quote (Yahoo lists some funds it does not price)', () => {
    expect(isUsableQuote({ symbol: 'XYZ.TO', regularMarketPrice: 0, currency: 'CAD' })).toBe(false);
    expect(isUsableQuote({ symbol: 'XYZ.TO', regularMarketPrice: 10.5, currency: 'CAD' })).toBe(true);
    expect(isUsableQuote({ symbol: 'XYZ.TO', regularMarketPrice: 10.5, currency: null })).toBe(false);
  });
});
