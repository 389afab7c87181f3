import { chipText } from './chip-format';
import type { OverlayPosition } from './overlay-protocol';

/**
 * Draws a position chip in a CLOSED shadow root on a bare host element. The page sees an empty
 * <span> without attributes carrying data: its scripts cannot reach the shadow root (closed), and
 * the figures exist only as rendered text inside it. Styles are the chip's own (the page's CSS
 * cannot reach in), light and dark following the OS setting.
 */
const STYLE = `
:host { all: initial; }
.chip { display: inline-flex; flex-wrap: wrap; align-items: baseline; gap: .15em .6em; max-width: 100%;
  font: 500 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; background: #f0fdfa;
  border: 1px solid #0f766e; border-radius: 6px; padding: .15em .55em; margin-inline-start: .5em; vertical-align: middle;
  letter-spacing: normal; text-transform: none; white-space: normal; text-align: start; }
.brand { font-weight: 700; color: #0f766e; }
.part { white-space: nowrap; }
.label { color: #475569; margin-inline-end: .25em; }
.gain { color: #15803d; } .loss { color: #b91c1c; } .missing { color: #92400e; font-style: italic; }
@media (prefers-color-scheme: dark) {
  .chip { color: #e2e8f0; background: #0b1220; border-color: #2dd4bf; }
  .brand { color: #2dd4bf; } .label { color: #94a3b8; }
  .gain { color: #4ade80; } .loss { color: #fca5a5; } .missing { color: #fcd34d; }
}`;

export interface Chip {
  host: HTMLElement;
  update(position: OverlayPosition, locale: string, baseCurrency: string): void;
}

export function createChip(doc: Document): Chip {
  const host = doc.createElement('span');
  // Inline so that page rules aimed at spans (display:none, floats) do not hide or move it.
  host.style.cssText = 'all: initial; display: inline-block; vertical-align: middle; max-width: 100%;';
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const chip = doc.createElement('span');
  chip.className = 'chip';
  chip.setAttribute('role', 'group');
  root.append(style, chip);
  return {
    host,
    update(position, locale, baseCurrency) {
      const { parts, summary } = chipText(position, locale, baseCurrency);
      chip.setAttribute('aria-label', summary);
      const brand = doc.createElement('span');
      brand.className = 'brand';
      brand.textContent = 'Folio';
      const items = parts.map(({ label, value, tone }) => {
        const item = doc.createElement('span');
        item.className = 'part';
        const l = doc.createElement('span');
        l.className = 'label';
        l.textContent = label;
        const v = doc.createElement('span');
        if (tone) v.className = tone;
        v.textContent = value;
        item.append(l, v);
        return item;
      });
      chip.replaceChildren(brand, ...items);
    },
  };
}
