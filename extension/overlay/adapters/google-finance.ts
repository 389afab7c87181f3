import { normalizeSymbol } from '../symbols';
import { quotePathSymbol, type Found, type SiteAdapter } from './adapter';

/**
 * Google Finance quote pages: `www.google.com/finance/quote/XEQT:TSE` (ticker, colon, Google's
 * exchange code: TSE → .TO, CVE → .V, NASDAQ/NYSE/NYSEARCA → plain). The chip goes after the
 * page's main heading (`main h1` / `[role="heading"][aria-level="1"]`, the security's name);
 * Google's class names are generated and not used.
 */
export const googleFinance: SiteAdapter = {
  id: 'google-finance',
  matches: (url) => /(^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname.startsWith('/finance/quote/'),
  *scan(doc, url) {
    const raw = quotePathSymbol(url);
    const symbol = raw && normalizeSymbol(raw);
    const title = doc.querySelector('main h1, main [role="heading"][aria-level="1"]') ?? doc.querySelector('h1, [role="heading"][aria-level="1"]');
    if (symbol && title) yield { symbol, anchor: title, kind: 'header' } satisfies Found;
  },
};
