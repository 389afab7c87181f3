import { describe, expect, it } from 'vitest';
import { finds, fixturePage } from './fixture-page';
import { googleFinance } from './google-finance';

describe('Google Finance adapter', () => {
  it('maps /finance/quote/XEQT:TSE to XEQT.TO and puts the chip after the main heading', () => {
    const page = fixturePage('google-finance/quote-XEQT-TSE.html', 'https://www.google.com/finance/quote/XEQT:TSE');
    expect(googleFinance.matches(page.url)).toBe(true);
    expect(finds(googleFinance, page)).toEqual([{ symbol: 'XEQT.TO', kind: 'header', anchorText: 'iShares Core Equity ETF Portfolio' }]);
  });

  it('keeps U.S. listings plain and reads the encoded colon', () => {
    const page = fixturePage('google-finance/quote-XEQT-TSE.html', 'https://www.google.com/finance/quote/AAPL%3ANASDAQ?hl=en');
    expect(finds(googleFinance, page).map((f) => f.symbol)).toEqual(['AAPL']);
  });

  it('does not claim Google search or an unknown exchange', () => {
    expect(googleFinance.matches(new URL('https://www.google.com/search?q=XEQT'))).toBe(false);
    const page = fixturePage('google-finance/quote-XEQT-TSE.html', 'https://www.google.com/finance/quote/XYZ:MOON');
    expect(finds(googleFinance, page)).toEqual([]);
  });
});
