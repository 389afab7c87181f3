import { normalizeSymbol } from '../symbols';
import { quotePathSymbol, type Found, type SiteAdapter } from './adapter';

/*
 * The generic adapters, for any page the user switched the overlay on for: `$TICKER` cashtags ($AAPL, $XEQT.TO) and
 * exchange-prefixed mentions (TSX:XEQT, NYSE: BRK.B) in the text, and a `/quote/SYMBOL` URL
 * (the chip then goes after the first heading). A bare `$XEQT` is read as a U.S. listing, as
 * cashtags are. Text inside form fields, code, scripts and editable regions is left alone.
 */
const MENTION = /(?:^|[^\w$])(?:\$([A-Z][A-Z0-9]{0,5}(?:[.-][A-Z]{1,2})?(?:\.(?:TO|V|NE|CN))?)|\b(TSXV?|TSE|NYSE|NASDAQ|NYSEARCA|NEO|CSE|CVE):\s?([A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?))(?![\w])/g;
/** Where text is not prose. Matched with `closest` (DOM only: `isContentEditable` would make the browser recompute styles). */
const SKIP = 'script, style, noscript, textarea, input, select, option, code, pre, template, svg, [contenteditable]:not([contenteditable="false"])';
/** How many text nodes are walked between two checkpoints (a `null`) for the time budget. */
const CHECKPOINT = 50;

/** The symbols mentioned in a piece of text, in order, in engine notation. */
export function mentionsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const symbol = m[1] ? normalizeSymbol(m[1]) : normalizeSymbol(`${m[2]}:${m[3]}`);
    if (symbol) out.push(symbol);
  }
  return out;
}

/** A `/quote/SYMBOL` page on a site without its own adapter: the chip goes after the first h1. */
export const quoteUrl: SiteAdapter = {
  id: 'quote-url',
  matches: (url) => quotePathSymbol(url) !== null,
  *scan(doc, url) {
    const raw = quotePathSymbol(url);
    const symbol = raw && normalizeSymbol(raw);
    const heading = doc.querySelector('h1');
    if (symbol && heading) yield { symbol, anchor: heading, kind: 'header' } satisfies Found;
  },
};

/** Cashtags and exchange-prefixed mentions anywhere in the page's text. */
export const cashtags: SiteAdapter = {
  id: 'cashtags',
  matches: () => true,
  *scan(doc) {
    if (!doc.body) return;
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    let walked = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (++walked % CHECKPOINT === 0) yield null;
      const text = node.nodeValue ?? '';
      if (text.length < 2 || !/[$:]/.test(text)) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest(SKIP)) continue;
      for (const symbol of mentionsIn(text)) yield { symbol, anchor: parent, kind: 'mention', after: node } satisfies Found;
    }
  },
};
