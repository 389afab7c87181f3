/**
 * For adapter tests only: a fixture page from tests/fixtures/sites parsed into a DOM (linkedom,
 * no browser), at the URL it stands for, and an adapter's finds reduced to what tests compare.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Found, SiteAdapter } from './adapter';

export function fixturePage(file: string, url: string): { doc: Document; url: URL } {
  const html = readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/sites', file), 'utf8');
  return { doc: parseHTML(html).document as unknown as Document, url: new URL(url) };
}

export function finds(adapter: SiteAdapter, page: { doc: Document; url: URL }): (Omit<Found, 'anchor' | 'after'> & { anchorText: string })[] {
  return [...adapter.scan(page.doc, page.url)].filter((f): f is Found => f !== null).map((f) => ({ symbol: f.symbol, kind: f.kind, anchorText: (f.anchor.textContent ?? '').replace(/\s+/g, ' ').trim() }));
}
