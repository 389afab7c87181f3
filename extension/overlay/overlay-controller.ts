import type { Found } from './adapters/adapter';
import { adaptersFor } from './adapters';
import { createChip, type Chip } from './chip';
import type { OverlayLookupResponse, OverlayPosition } from './overlay-protocol';
import { BUDGET_MS, scanSliced, type ScanOptions } from './scanner';

/**
 * What the overlay needs from the extension: the user's positions in some symbols (its own
 * background, nothing else). `lookup` rejects with an error whose `code` is `forbidden` once the
 * site is switched off (or its permission withdrawn): the overlay then removes its chips and stops.
 */
export interface OverlayBackend {
  lookup(symbols: string[]): Promise<OverlayLookupResponse>;
}

const isForbidden = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'forbidden';

/** Rescans after page changes at most this often (ms), and again once changes stop. */
const THROTTLE_MS = 500;
/** Positions are asked for again after this long (ms), so chips follow refreshed prices. */
const FRESH_MS = 60_000;
/** Symbols per lookup message (the background refuses more than 200). */
const LOOKUP_BATCH = 100;
/** How many recent scan-slice durations are kept (for measurement). */
const KEPT_SLICES = 2000;

interface Placed {
  chip: Chip;
  symbol: string;
  kind: Found['kind'];
  /** The node it was placed for (the anchor, or the mention's text node). */
  key: Node;
}

/**
 * Finds symbols on the page, asks the background for the user's positions in them, and places
 * chips; re-scans (throttled) when the page changes or navigates within itself. All DOM writes
 * happen together in one animation frame, after the reads.
 */
export interface OverlayOptions extends ScanOptions {
  /** Also mark `$TICKER` mentions in the text (opt-in per site; the site's own adapters always run). */
  cashtags?: boolean;
}

export function startOverlay(win: Window, backend: OverlayBackend, { cashtags = false, ...scanOptions }: OverlayOptions = {}) {
  const doc = win.document;
  const placed = new WeakMap<Node, Map<string, Placed>>();
  const live = new Set<Placed>();
  const hosts = new WeakSet<Node>();
  const cache = new Map<string, { position: OverlayPosition | null; at: number }>();
  let context = { locale: 'en-CA', baseCurrency: 'CAD' };
  let lastUrl = win.location.href;
  let running = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = 0;

  let stopped = false;
  /**
   * Each scan slice's duration (ms), kept here in the content script only: not in the page's
   * performance timeline, where any site could read it and so detect Folio.
   */
  const slices: number[] = [];
  const measure = (start: number, end: number) => {
    slices.push(end - start);
    if (slices.length > KEPT_SLICES) slices.splice(0, slices.length - KEPT_SLICES);
  };

  async function positionsFor(symbols: string[]): Promise<Map<string, OverlayPosition>> {
    const t = Date.now();
    const stale = symbols.filter((s) => (cache.get(s)?.at ?? -Infinity) < t - FRESH_MS);
    // The background answers at most LOOKUP_BATCH symbols a message; a long table takes several.
    for (let i = 0; i < stale.length; i += LOOKUP_BATCH) {
      const batch = stale.slice(i, i + LOOKUP_BATCH);
      const response = await backend.lookup(batch);
      context = { locale: response.locale, baseCurrency: response.baseCurrency };
      for (const s of batch) cache.set(s, { position: null, at: t });
      for (const p of response.positions) cache.set(p.symbol, { position: p, at: t });
    }
    const out = new Map<string, OverlayPosition>();
    for (const s of symbols) {
      const p = cache.get(s)?.position;
      if (p) out.set(s, p);
    }
    return out;
  }

  function nextFrame(): Promise<void> {
    return new Promise((resolve) => win.requestAnimationFrame(() => resolve()));
  }

  /**
   * Writes, in animation frames, after all the reads: new chips placed, existing ones refreshed.
   * A frame stops after the same budget as a scan slice; the rest waits for the next frame.
   */
  async function render(found: Found[], positions: Map<string, OverlayPosition>) {
    const budget = scanOptions.budgetMs ?? BUDGET_MS;
    const seen = new Set<Placed>();
    let start = performance.now();
    for (const f of found) {
      const position = positions.get(f.symbol);
      if (!position) continue;
      if (performance.now() - start >= budget) {
        await nextFrame();
        start = performance.now();
      }
      const key: Node = f.after ?? f.anchor;
      let bySymbol = placed.get(key);
      if (!bySymbol) placed.set(key, (bySymbol = new Map()));
      let entry = bySymbol.get(f.symbol);
      if (entry && !entry.chip.host.isConnected) {
        live.delete(entry);
        entry = undefined;
      }
      if (!entry) {
        entry = { chip: createChip(doc), symbol: f.symbol, kind: f.kind, key };
        hosts.add(entry.chip.host);
        bySymbol.set(f.symbol, entry);
        live.add(entry);
        if (f.after?.parentNode) {
          // After the mention's text, and after chips already placed there, so they keep the text's order.
          let ref: Node = f.after;
          for (const other of bySymbol.values()) if (other !== entry && other.chip.host.isConnected) ref = other.chip.host;
          f.after.parentNode.insertBefore(entry.chip.host, ref.nextSibling);
        } else f.anchor.append(entry.chip.host);
      }
      seen.add(entry);
      entry.chip.update(position, context.locale, context.baseCurrency);
    }
    // A chip the scan no longer finds is stale: its row now shows another symbol (a framework
    // reused the element), its text is gone, or the symbol is no longer held.
    for (const entry of [...live]) {
      if (seen.has(entry)) continue;
      entry.chip.host.remove();
      live.delete(entry);
      placed.get(entry.key)?.delete(entry.symbol);
    }
  }

  async function scan(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        lastRun = Date.now();
        const url = new URL(win.location.href);
        const { found } = await scanSliced(adaptersFor(url, { cashtags }), doc, url, { onSlice: measure, ...scanOptions });
        const symbols = [...new Set(found.map((f) => f.symbol))];
        const positions = symbols.length ? await positionsFor(symbols) : new Map<string, OverlayPosition>();
        await nextFrame();
        await render(found, positions);
      } while (again && !stopped);
    } catch (error) {
      // Switched off for this site since the page loaded: the chips go, and no more scans run.
      if (isForbidden(error)) stop();
      // Otherwise the background is unavailable (extension updated or reloaded): leave the page as it is.
    } finally {
      running = false;
    }
  }

  /** Header chips belong to the page they were drawn for: removed when the URL changes. */
  function onNavigate() {
    for (const entry of [...live]) {
      if (entry.kind !== 'header') continue;
      entry.chip.host.remove();
      live.delete(entry);
    }
  }

  function schedule() {
    if (win.location.href !== lastUrl) {
      lastUrl = win.location.href;
      onNavigate();
    }
    if (timer !== undefined) return;
    const wait = Math.max(0, THROTTLE_MS - (Date.now() - lastRun));
    timer = setTimeout(() => {
      timer = undefined;
      void scan();
    }, wait);
  }

  const ours = (n: Node) => hosts.has(n);
  const observer = new MutationObserver((records) => {
    // Our own chips going in or out is not a page change.
    if (records.every((r) => [...r.addedNodes, ...r.removedNodes].every(ours))) return;
    schedule();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  win.addEventListener('popstate', schedule);
  win.addEventListener('hashchange', schedule);
  function stop() {
    stopped = true;
    observer.disconnect();
    win.removeEventListener('popstate', schedule);
    win.removeEventListener('hashchange', schedule);
    if (timer !== undefined) clearTimeout(timer);
    for (const entry of live) entry.chip.host.remove();
    live.clear();
    cache.clear();
  }

  const first = scan();

  return {
    /** Resolves when the first scan and its chips are done. */
    ready: first,
    scanNow: scan,
    /** Durations (ms) of the recent scan slices, newest last. */
    slices,
    /** Whether the overlay stopped (told to, or refused by the background). */
    get stopped() {
      return stopped;
    },
    stop,
  };
}
