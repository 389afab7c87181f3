import { describe, expect, it } from 'vitest';
import { finds, fixturePage } from './fixture-page';
import { wealthsimple } from './wealthsimple';

describe('Wealthsimple adapter', () => {
  it('finds each holding row by its security link, with the exchange mapped (TSX → .TO, NEO → .NE, U.S. plain)', () => {
    const page = fixturePage('wealthsimple/holdings.html', 'https://my.wealthsimple.com/app/home');
    expect(wealthsimple.matches(page.url)).toBe(true);
    expect(finds(wealthsimple, page)).toEqual([
      { symbol: 'XEQT.TO', kind: 'row', anchorText: 'XEQT · TSX' },
      { symbol: 'AAPL', kind: 'row', anchorText: 'AAPL' },
      { symbol: 'NOPE.NE', kind: 'row', anchorText: 'NOPE · NEO' },
    ]);
  });

  it('finds the security page header from the ticker line under the name', () => {
    const page = fixturePage('wealthsimple/security.html', 'https://my.wealthsimple.com/app/security-details/sec-s-1f2e3d4c5b6a');
    expect(finds(wealthsimple, page)).toEqual([{ symbol: 'XEQT.TO', kind: 'header', anchorText: 'iShares Core Equity ETF Portfolio' }]);
  });

  it('does not run elsewhere', () => {
    expect(wealthsimple.matches(new URL('https://www.wealthsimple.com/en-ca'))).toBe(false);
  });
});
