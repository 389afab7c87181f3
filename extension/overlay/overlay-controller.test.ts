import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
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
function setup(body: string, url: string, held: string[], fail = false) {
  const { document, MutationObserver } = parseHTML(`<!doctype html><html><body>${body}</body></html>`);
  (globalThis as { MutationObserver?: unknown }).MutationObserver = MutationObserver;
  const win = { document, location: { href: url }, requestAnimationFrame: (cb: () => void) => setTimeout(cb, 0), addEventListener() {}, removeEventListener() {} } as unknown as Window;
  const calls: string[][] = [];
  const backend: OverlayBackend = {
    async lookup(symbols) {
      calls.push(symbols);
      if (fail) throw new Error('background gone');
      return { baseCurrency: 'CAD', locale: 'en-CA', positions: symbols.filter((s) => held.includes(s)).map(position) };
    },
  };
  const overlay = startOverlay(win, backend, { pause: async () => {} });
  stops.push(overlay.stop);
  /** Chip hosts as the page sees them: bare spans carrying only an inline style. */
  const hosts = () => [...document.querySelectorAll('span')].filter((s) => (s.getAttribute('style') ?? '').includes('all: initial'));
  return { document, overlay, calls, hosts };
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
});
