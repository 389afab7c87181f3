import { normalizeSymbol } from '../symbols';
import { quotePathSymbol, type Found, type SiteAdapter } from './adapter';

/**
 * Yahoo Finance quote pages (`finance.yahoo.com/quote/SYMBOL/`, also ca.finance.yahoo.com). The
 * URL's symbol is already Yahoo notation (XEQT.TO, AAPL). The chip goes after the quote header's
 * title: `[data-testid="quote-hdr"] h1` ("Apple Inc. (AAPL)"), the structure public scrapers of
 * the 2024–2025 page select; without it, after the page's first h1.
 */
export const yahooFinance: SiteAdapter = {
  id: 'yahoo',
  matches: (url) => /(^|\.)finance\.yahoo\.com$/.test(url.hostname) && quotePathSymbol(url) !== null,
  *scan(doc, url) {
    const raw = quotePathSymbol(url);
    const symbol = raw && normalizeSymbol(raw);
    const title = doc.querySelector('[data-testid="quote-hdr"] h1') ?? doc.querySelector('h1');
    if (symbol && title) yield { symbol, anchor: title, kind: 'header' } satisfies Found;
  },
};
