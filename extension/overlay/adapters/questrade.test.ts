import { describe, expect, it } from 'vitest';
import { finds, fixturePage } from './fixture-page';
import { questrade } from './questrade';

describe('Questrade adapter', () => {
  const page = fixturePage('questrade/positions.html', 'https://my.questrade.com/trading/account/positions');

  it('matches Questrade hosts only', () => {
    expect(questrade.matches(page.url)).toBe(true);
    expect(questrade.matches(new URL('https://www.questrade.com.evil.example/'))).toBe(false);
  });

  it('finds each positions-table row (Questrade notation mapped: .VN → .V) and the quote header', () => {
    expect(finds(questrade, page)).toEqual([
      { symbol: 'XEQT.TO', kind: 'row', anchorText: 'XEQT.TOISHARES CORE EQUITY ETF PORTFOLIO' },
      { symbol: 'VFV.TO', kind: 'row', anchorText: 'VFV.TOVANGUARD S&P 500 INDEX ETF' },
      { symbol: 'ZZZD.V', kind: 'row', anchorText: 'ZZZD.VNA VENTURE LISTING NOT HELD IN FOLIO' },
      { symbol: 'XEQT.TO', kind: 'header', anchorText: 'XEQT.TO' },
    ]);
  });

  it('finds nothing on a page without its hooks', () => {
    const other = fixturePage('generic/unrelated.html', 'https://my.questrade.com/');
    expect(finds(questrade, other)).toEqual([]);
  });
});
