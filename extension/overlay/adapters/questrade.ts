import { normalizeSymbol } from '../symbols';
import { textOf, type Found, type SiteAdapter } from './adapter';

/**
 * Questrade's trading site (my.questrade.com): the positions table and the quote header.
 *
 * Positions: the table has a header cell `th[data-qt="lblPositionsSymbol"]` and each row a
 * `[data-qt="lstPositionsSymbol"]` cell inside `[data-qt="boxPositionsSymbol"]`, as observed in
 * public bookmarklets that read Questrade's positions page (they select exactly these
 * `data-qt` hooks; the generated class names change between releases and are not used here).
 * Symbols are written the Questrade way: `XEQT.TO`, `ABC.VN`, `AAPL`.
 * Quote header: the symbol of the open quote is in `[data-qt="lblQuoteSymbol"]` (same `data-qt`
 * naming); a quote page's URL carries no symbol.
 */
export const questrade: SiteAdapter = {
  id: 'questrade',
  matches: (url) => url.hostname === 'my.questrade.com' || url.hostname.endsWith('.questrade.com'),
  *scan(doc) {
    for (const cell of doc.querySelectorAll('[data-qt="lstPositionsSymbol"]')) {
      const symbol = normalizeSymbol(textOf(cell));
      if (symbol) yield { symbol, anchor: cell.closest('[data-qt="boxPositionsSymbol"]') ?? cell, kind: 'row' } satisfies Found;
    }
    for (const header of doc.querySelectorAll('[data-qt="lblQuoteSymbol"]')) {
      const symbol = normalizeSymbol(textOf(header));
      if (symbol) yield { symbol, anchor: header, kind: 'header' } satisfies Found;
    }
  },
};
