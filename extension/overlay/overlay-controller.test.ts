import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageError } from '../messaging/send';
import { startOverlay, type OverlayBackend } from './overlay-controller';
import type { OverlayPosition } from './overlay-protocol';

const position = (symbol: string): OverlayPosition => ({
  symbol,
  currency: 'CAD',
  quantity: '10',
  averageCost: '30.25',
  costBasis: '302.5',
  marketValue: '331',
  unrealizedGain: '28.5',
  unrealizedPercent: 0.0942,
  weight: 0.5,
  portfolios: ['Main'],
  accounts: ['TFSA'],
  priceDate: '2025-02-14',
  missingPrice: false,
});

/** A page in linkedom with just what the controller uses of a window, and a backend that records its calls. */
function setup(body: string, url: string, held: string[], fail: false | true | 'forbidden' = false, html = `<!doctype html><html><body>${body}</body></html>`, cashtags = true) {
  const { document, MutationObserver } = parseHTML(html);
  (globalThis as { MutationObserver?: unknown }).MutationObserver = MutationObserver;
  const win = { document, location: { href: url }, requestAnimationFrame: (cb: () => void) => setTimeout(cb, 0), addEventListener() {}, removeEventListener() {} } as unknown as Window;
  const calls: string[][] = [];
  const backend: OverlayBackend = {
    async lookup(symbols) {
      calls.push(symbols);
      if (fail === 'forbidden') throw new MessageError({ code: 'forbidden', message: 'The overlay is not switched on for this page’s site' });
      if (fail) throw new Error('background gone');
      return { baseCurrency: 'CAD', locale: 'en-CA', positions: symbols.filter((s) => held.includes(s)).map(position) };
    },
  };
  const overlay = startOverlay(win, backend, { pause: async () => {}, cashtags });
  stops.push(overlay.stop);
  /** Chip hosts as the page sees them: bare spans carrying only an inline style. */
  const hosts = () => [...document.querySelectorAll('span')].filter((s) => (s.getAttribute('style') ?? '').includes('all: initial'));
  return {
    document,
    overlay,
    calls,
    hosts,
    /** From now on the background refuses (the site was switched off). */
    refuse() {
      fail = 'forbidden';
    },
  };
}

/** A fixture page from tests/fixtures/sites, whole, at the URL it stands for. */
function setupPage(file: string, url: string, held: string[], cashtags = true) {
  return setup('', url, held, false, readFileSync(resolve(import.meta.dirname, '../../tests/fixtures/sites', file), 'utf8'), cashtags);
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const row = (symbol: string) => `<table><tr><td data-qt="boxPositionsSymbol"><a data-qt="lstPositionsSymbol">${symbol}</a></td></tr></table>`;

describe('overlay controller', () => {
  it('asks once for the symbols found and places a chip for each held one, as a bare host with a closed root', async () => {
    const { overlay, calls, hosts } = setup(row('XEQT.TO') + row('ZZZ.TO'), 'https://my.questrade.com/trading', ['XEQT.TO']);
    await overlay.ready;
    expect(calls).toEqual([['XEQT.TO', 'ZZZ.TO']]);
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0]!;
    expect(host.shadowRoot).toBeNull(); // closed: page scripts get nothing
    expect(host.getAttributeNames()).toEqual(['style']);
    expect(host.closest('td')?.getAttribute('data-qt')).toBe('boxPositionsSymbol');
  });

  it('removes a chip whose row now shows another symbol, and reuses fresh answers', async () => {
    const { document, overlay, calls, hosts } = setup(row('XEQT.TO'), 'https://my.questrade.com/trading', ['XEQT.TO', 'VFV.TO']);
    await overlay.ready;
    expect(hosts()).toHaveLength(1);
    // A framework reuses the row for another holding (same element, new text).
    document.querySelector('[data-qt="lstPositionsSymbol"]')!.textContent = 'NOPE.TO';
    await overlay.scanNow();
    expect(hosts()).toHaveLength(0);
    document.querySelector('[data-qt="lstPositionsSymbol"]')!.textContent = 'XEQT.TO';
    await overlay.scanNow();
    expect(hosts()).toHaveLength(1);
    // XEQT.TO was answered a moment ago: only NOPE.TO needed asking.
    expect(calls).toEqual([['XEQT.TO'], ['NOPE.TO']]);
  });

  it('asks in batches of at most 100 symbols (the background refuses more than 200)', async () => {
    const many = Array.from({ length: 250 }, (_, i) => `$Z${i.toString(36).toUpperCase().padStart(3, 'A')}`).join(' ');
    const { overlay, calls } = setup(`<p>${many}</p>`, 'https://finance.yahoo.com/news/x.html', []);
    await overlay.ready;
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('leaves the page untouched when the background does not answer', async () => {
    const { overlay, hosts } = setup(row('XEQT.TO'), 'https://my.questrade.com/trading', ['XEQT.TO'], true);
    await expect(overlay.ready).resolves.toBeUndefined();
    expect(hosts()).toHaveLength(0);
  });

  // Each adapter's page, with the chips it should get: rescanning must leave them exactly as they
  // are (same elements, same places). A chip inside the element the adapter reads would change
  // what it finds next time: the chip would be dropped as stale, then added back, and so on.
  const PAGES: [string, string, string, string[], number][] = [
    ['Questrade positions', 'questrade/positions.html', 'https://my.questrade.com/trading/account/positions', ['XEQT.TO', 'VFV.TO'], 3],
    ['Wealthsimple holdings', 'wealthsimple/holdings.html', 'https://my.wealthsimple.com/app/home', ['XEQT.TO', 'AAPL'], 2],
    ['Wealthsimple security page', 'wealthsimple/security.html', 'https://my.wealthsimple.com/app/security-details/sec-s-1f2e3d4c5b6a', ['XEQT.TO'], 1],
    ['Yahoo Finance quote', 'yahoo/quote-AAPL.html', 'https://finance.yahoo.com/quote/AAPL/', ['AAPL'], 2],
    ['Google Finance quote', 'google-finance/quote-XEQT-TSE.html', 'https://www.google.com/finance/quote/XEQT:TSE', ['XEQT.TO'], 1],
    ['article with cashtags', 'generic/article.html', 'https://finance.yahoo.com/news/canadian-etfs.html', ['XEQT.TO', 'VFV.TO', 'AAPL'], 3],
  ];
  for (const [name, file, url, held, count] of PAGES) {
    it(`keeps the chips where they are on rescans: ${name}`, async () => {
      const { overlay, hosts } = setupPage(file, url, held);
      await overlay.ready;
      const first = hosts();
      expect(first).toHaveLength(count);
      const places = first.map((h) => [h.parentNode, h.previousSibling]);
      for (const pass of [1, 2]) {
        await overlay.scanNow();
        // The very same elements (identity, not look-alikes), none removed and added again.
        const now = hosts();
        expect(now, `rescan ${pass}`).toHaveLength(count);
        expect(now.every((h, i) => h === first[i] && h.isConnected), `rescan ${pass}: same chips`).toBe(true);
        expect(now.every((h, i) => h.parentNode === places[i]![0] && h.previousSibling === places[i]![1]), `rescan ${pass}: same places`).toBe(true);
      }
    });
  }

  it('puts a Wealthsimple row’s chip after the ticker line, not inside it', async () => {
    const { document, overlay, hosts } = setupPage('wealthsimple/holdings.html', 'https://my.wealthsimple.com/app/home', ['XEQT.TO']);
    await overlay.ready;
    const line = [...document.querySelectorAll('p')].find((p) => p.textContent === 'XEQT · TSX')!;
    expect(line.children).toHaveLength(0);
    expect(line.nextSibling).toBe(hosts()[0]);
  });

  it('removes its chips and stops once the background refuses (the site was switched off)', async () => {
    const { document, overlay, calls, hosts, refuse } = setup(row('XEQT.TO'), 'https://my.questrade.com/trading', ['XEQT.TO', 'VFV.TO']);
    await overlay.ready;
    expect(hosts()).toHaveLength(1);
    refuse();
    // The next lookup (a new row) is refused: every chip goes, also those of answers still fresh.
    document.querySelector('table')!.insertAdjacentHTML('afterend', row('VFV.TO'));
    await overlay.scanNow();
    expect(hosts()).toHaveLength(0);
    expect(overlay.stopped).toBe(true);
    const asked = calls.length;
    await overlay.scanNow();
    expect(calls).toHaveLength(asked); // no more scans or lookups
    expect(hosts()).toHaveLength(0);
  });

  it('keeps its scan timings to itself: nothing in the page’s performance timeline', async () => {
    const marks = performance.getEntries().length;
    const { overlay } = setup(row('XEQT.TO'), 'https://my.questrade.com/trading', ['XEQT.TO']);
    await overlay.ready;
    expect(overlay.slices.length).toBeGreaterThan(0);
    expect(performance.getEntries()).toHaveLength(marks);
    expect(performance.getEntriesByName('folio-overlay-scan-slice')).toEqual([]);
  });

  it('marks $TICKER mentions only when they are switched on for the site', async () => {
    const off = setupPage('yahoo/quote-AAPL.html', 'https://finance.yahoo.com/quote/AAPL/', ['AAPL'], false);
    await off.overlay.ready;
    expect(off.hosts()).toHaveLength(1); // the quote header only, not the $AAPL in the news
    expect(off.calls).toEqual([['AAPL']]);
    const on = setupPage('yahoo/quote-AAPL.html', 'https://finance.yahoo.com/quote/AAPL/', ['AAPL'], true);
    await on.overlay.ready;
    expect(on.hosts()).toHaveLength(2);
  });
});
