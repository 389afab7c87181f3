/**
 * What the ticker overlay (content scripts) asks the background for, and what it gets back.
 * Types only: the content-script bundle stays small, and the background validates every
 * request it receives (see extension/messaging). Numbers travel as decimal strings so the
 * overlay shows exactly what the engine computed; the overlay formats them with Intl.
 */

/**
 * A page asks about the symbols it found (as the adapter normalized them, e.g. XEQT.TO, AAPL).
 * Answered only for a sender whose URL is on a site that is switched on and still granted;
 * otherwise refused with `forbidden` (the overlay then removes its chips).
 */
export interface OverlayLookupRequest {
  type: 'overlay.lookup';
  symbols: string[];
}

/** One holding of the user's, as a chip shows it. Money is in the holding's trade currency unless named `…Base`. */
export interface OverlayPosition {
  symbol: string;
  currency: string;
  quantity: string;
  /** Average cost per unit (ACB per unit under the ACB method). */
  averageCost: string | null;
  costBasis: string | null;
  marketValue: string | null;
  unrealizedGain: string | null;
  /** Fraction (0.1234 = 12.34 %) of cost; null when the price is missing. */
  unrealizedPercent: number | null;
  /** Fraction of the whole portfolio's value in the base currency; null when a price or rate is missing. */
  weight: number | null;
  /** Names of the portfolios holding it. */
  portfolios: string[];
  /** Names of the accounts holding it: only when no portfolio is named (the chip shows one or the other, nothing more is sent). */
  accounts: string[];
  /** When the price behind the numbers was taken, and whether a price is missing. */
  priceDate: string | null;
  missingPrice: boolean;
  /** The same figures in the base currency (ACB for Canadian tax is in CAD); null when a rate is missing. */
  averageCostBase?: string | null;
  unrealizedGainBase?: string | null;
}

export interface OverlayLookupResponse {
  baseCurrency: string;
  locale: string;
  /** Only symbols the user holds; a symbol not held is simply absent (no chip). */
  positions: OverlayPosition[];
}

/**
 * A page asks whether the overlay is switched on for its site (the options page's per-site
 * toggle). No host name is sent: the background reads the site from the sender's URL.
 */
export interface OverlaySiteRequest {
  type: 'overlay.site';
}

export interface OverlaySiteResponse {
  enabled: boolean;
  /** Whether to mark `$TICKER` mentions in the page's text too (opt-in per site in the options page). */
  cashtags: boolean;
}
