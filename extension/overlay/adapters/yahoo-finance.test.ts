import { describe, expect, it } from 'vitest';
import { finds, fixturePage } from './fixture-page';
import { yahooFinance } from './yahoo-finance';

describe('Yahoo Finance adapter', () => {
  it('takes the symbol from /quote/SYMBOL/ and puts the chip after the quote header title', () => {
    const page = fixturePage('yahoo/quote-AAPL.html', 'https://finance.yahoo.com/quote/AAPL/');
    expect(yahooFinance.matches(page.url)).toBe(true);
    expect(finds(yahooFinance, page)).toEqual([{ symbol: 'AAPL', kind: 'header', anchorText: 'Apple Inc. (AAPL)' }]);
  });

  it('keeps the Toronto suffix of a Canadian quote (ca.finance.yahoo.com/quote/XEQT.TO)', () => {
    const page = fixturePage('yahoo/quote-AAPL.html', 'https://ca.finance.yahoo.com/quote/XEQT.TO/?p=XEQT.TO');
    expect(finds(yahooFinance, page).map((f) => f.symbol)).toEqual(['XEQT.TO']);
  });

  it('does not claim news or other Yahoo pages', () => {
    expect(yahooFinance.matches(new URL('https://finance.yahoo.com/news/some-story.html'))).toBe(false);
    expect(yahooFinance.matches(new URL('https://mail.yahoo.com/quote/AAPL'))).toBe(false);
  });
});
