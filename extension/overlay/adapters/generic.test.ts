import { describe, expect, it } from 'vitest';
import { finds, fixturePage } from './fixture-page';
import { cashtags, mentionsIn, quoteUrl } from './generic';
import { adaptersFor } from './index';

describe('generic adapters', () => {
  it('reads cashtags and exchange-prefixed mentions, not dollar amounts', () => {
    expect(mentionsIn('Buy $AAPL, $XEQT.TO and TSX:VFV; NASDAQ: QQQ costs $100 or $0.09; a$BC no')).toEqual(['AAPL', 'XEQT.TO', 'VFV.TO', 'QQQ']);
    expect(mentionsIn('$HISU.U.TO and NYSE:BRK.B')).toEqual(['HISU-U.TO', 'BRK-B']);
  });

  it('finds mentions in an article, leaving code and form fields alone', () => {
    const page = fixturePage('generic/article.html', 'https://finance.yahoo.com/news/canadian-etfs.html');
    expect(finds(cashtags, page).map((f) => [f.symbol, f.kind])).toEqual([
      ['XEQT.TO', 'mention'],
      ['VFV.TO', 'mention'],
      ['AAPL', 'mention'],
    ]);
  });

  it('leaves editable regions alone, but not ones marked contenteditable="false"', () => {
    const page = fixturePage('generic/unrelated.html', 'https://example.com/');
    page.doc.body.innerHTML = '<div contenteditable="true"><p>draft about $AAPL</p></div><div contenteditable="false"><p>$VFV.TO</p></div>';
    expect(finds(cashtags, page).map((f) => f.symbol)).toEqual(['VFV.TO']);
  });

  it('finds nothing on a page without tickers', () => {
    expect(finds(cashtags, fixturePage('generic/unrelated.html', 'https://example.com/pancakes'))).toEqual([]);
  });

  it('uses a /quote/SYMBOL URL on a site without its own adapter, after the first heading', () => {
    const page = fixturePage('generic/article.html', 'https://quotes.example.com/quote/TSX:XEQT');
    expect(finds(quoteUrl, page)).toEqual([{ symbol: 'XEQT.TO', kind: 'header', anchorText: 'Three ETFs Canadians keep buying' }]);
  });

  it('picks the site adapter when there is one, the URL pattern otherwise, and cashtags only when chosen for the site', () => {
    const on = { cashtags: true };
    expect(adaptersFor(new URL('https://finance.yahoo.com/quote/AAPL/'), on).map((a) => a.id)).toEqual(['yahoo', 'cashtags']);
    expect(adaptersFor(new URL('https://quotes.example.com/quote/AAPL'), on).map((a) => a.id)).toEqual(['quote-url', 'cashtags']);
    expect(adaptersFor(new URL('https://my.questrade.com/trading'), on).map((a) => a.id)).toEqual(['questrade', 'cashtags']);
    // Off by default: a page's scripts cannot probe holdings with $TICKERs they write.
    expect(adaptersFor(new URL('https://finance.yahoo.com/quote/AAPL/')).map((a) => a.id)).toEqual(['yahoo']);
    expect(adaptersFor(new URL('https://finance.yahoo.com/news/story.html')).map((a) => a.id)).toEqual([]);
  });

  it('yields checkpoints while walking long text without finds, so the scan can pause', () => {
    const page = fixturePage('generic/unrelated.html', 'https://example.com/');
    const body = page.doc.body;
    for (let i = 0; i < 1000; i++) body.append(page.doc.createElement('p'), page.doc.createTextNode(`line ${i}`));
    const steps = [...cashtags.scan(page.doc, page.url)];
    expect(steps.filter((s) => s === null).length).toBeGreaterThanOrEqual(5);
  });
});
