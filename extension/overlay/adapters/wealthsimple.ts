import { toEngineSymbol } from '../symbols';
import { textOf, type Found, type SiteAdapter } from './adapter';

/**
 * Wealthsimple's web app (my.wealthsimple.com/app/…). Its markup uses generated
 * (styled-components) class names, so the adapter keys on what is stable: every holding row is
 * a link to the security's page (`a[href*="/app/security-details/"]`) whose text starts with the
 * ticker, and the security page's header shows the ticker with its exchange ("XEQT · TSX")
 * under the name. Tickers on a Canadian exchange get the Yahoo suffix (TSX → .TO, NEO → .NE,
 * CBOE CA → .NE, TSXV → .V); U.S. ones stay plain.
 */
const TICKER_LINE = /^([A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?)\s*(?:[·•|-]\s*([A-Z][A-Z ]{1,12}))?$/;

function fromTickerLine(text: string): string | null {
  const m = TICKER_LINE.exec(text);
  if (!m) return null;
  return toEngineSymbol(m[1]!, m[2]?.trim());
}

export const wealthsimple: SiteAdapter = {
  id: 'wealthsimple',
  matches: (url) => url.hostname === 'my.wealthsimple.com',
  *scan(doc, url) {
    for (const link of doc.querySelectorAll('a[href*="/app/security-details/"]')) {
      // The row's first short line of text is the ticker (with the exchange when not U.S.). The
      // chip goes right after that line, not inside it: inside, the line would have a child
      // element on the next scan, be skipped, and the chip removed as stale, then added again.
      for (const line of link.querySelectorAll('p, span, div')) {
        if (line.children.length) continue;
        const symbol = fromTickerLine(textOf(line));
        if (symbol) {
          yield { symbol, anchor: line, kind: 'row', after: line } satisfies Found;
          break;
        }
      }
    }
    if (url.pathname.includes('/app/security-details/')) {
      const h1 = doc.querySelector('h1');
      const tickerLine = h1?.parentElement?.querySelector('h1 + p, h1 + div, h1 + span');
      const symbol = tickerLine ? fromTickerLine(textOf(tickerLine)) : null;
      if (symbol && h1) yield { symbol, anchor: h1, kind: 'header' } satisfies Found;
    }
  },
};
