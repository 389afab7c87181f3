/**
 * What a site adapter finds on a page: a symbol (engine notation) and where its chip goes.
 * Adapters only read the DOM; the overlay decides how and when to write. `scan` is a generator so
 * the scanner can stop after its time slice and resume in the next idle period.
 */
export interface Found {
  symbol: string;
  /** The element the chip is placed after (a table cell, a heading, a text mention's parent). */
  anchor: Element;
  /** A row of a position table, the page's main quote header, or a mention in text. */
  kind: 'row' | 'header' | 'mention';
  /**
   * The node the chip goes right after, as its sibling (a mention's text node holding the
   * `$TICKER`, a row's ticker line). Without it the chip is appended inside `anchor`, which must
   * then not change what the adapter finds there on the next scan.
   */
  after?: Node;
}

export interface SiteAdapter {
  id: string;
  /** Whether this adapter understands the page at this URL. */
  matches(url: URL): boolean;
  /**
   * Yields what it finds, and `null` now and then while it walks a lot of DOM without a find,
   * so the scanner can check its time budget between any two steps.
   */
  scan(doc: Document, url: URL): Iterable<Found | null>;
}

/** The element's own text, trimmed, with runs of white space collapsed. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** `/quote/SYMBOL` (Yahoo, and many other quote sites): the decoded path segment after /quote/. */
export function quotePathSymbol(url: URL): string | null {
  const m = /\/quote\/([^/?#]+)/i.exec(url.pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}
