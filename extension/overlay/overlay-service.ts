import { browser } from 'wxt/browser';
import type { CoreApi } from '../../core/src/api/core-api';
import type { HoldingSummary } from '../../core/src/engine/holdings-summary';
import { div, isZero, sub, toDecimalString, type Decimal } from '../../core/src/money/decimal';
import type { OverlayLookupRequest, OverlayLookupResponse, OverlayPosition, OverlaySiteRequest, OverlaySiteResponse } from './overlay-protocol';
import { isSiteEnabled } from './site-settings';
import { siteForHostname } from './sites';

/** At most this many symbols per lookup: a page listing more is answered for the first ones. */
export const MAX_LOOKUP_SYMBOLS = 200;

const str = (d: Decimal | null | undefined): string | null => (d === null || d === undefined ? null : toDecimalString(d));
const fraction = (d: Decimal | null): number | null => (d === null ? null : Number(toDecimalString(d)));

/**
 * The user's positions in the symbols a page shows, from the engine's holdings (all
 * portfolios). Figures are the engine's decimals as strings; the only arithmetic here is the
 * trade-currency gain (market value − cost, exact) and its ratio to cost, which the summary
 * gives in the base currency only. Closed positions (quantity 0) are not shown.
 */
export async function handleOverlayLookup(core: CoreApi, request: OverlayLookupRequest): Promise<OverlayLookupResponse> {
  const wanted = new Set(request.symbols.slice(0, MAX_LOOKUP_SYMBOLS).map((s) => s.toUpperCase()));
  const [settings, summary, portfolios, accounts] = await Promise.all([core.getSettings(), core.getHoldings(), core.listPortfolios(), core.listAccounts()]);
  const portfolioName = new Map(portfolios.map((p) => [p.id, p.name]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const positions = summary.holdings.filter((h) => wanted.has(h.symbol) && !isZero(h.quantity)).map((h) => toPosition(h, accountById, portfolioName));
  return { baseCurrency: summary.baseCurrency, locale: settings.locale || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en-CA', positions };
}

function toPosition(h: HoldingSummary, accountById: Map<string, { name: string; portfolioId: string }>, portfolioName: Map<string, string>): OverlayPosition {
  const held = h.positions.filter((p) => !isZero(p.quantity));
  const accountRows = held.map((p) => accountById.get(p.accountId)).filter((a) => a !== undefined);
  const unrealizedLocal = h.marketValueLocal === null ? null : sub(h.marketValueLocal, h.costLocal);
  return {
    symbol: h.symbol,
    currency: h.currency,
    quantity: toDecimalString(h.quantity),
    averageCost: str(h.averageCostLocal),
    costBasis: toDecimalString(h.costLocal),
    marketValue: str(h.marketValueLocal),
    unrealizedGain: str(unrealizedLocal),
    unrealizedPercent: unrealizedLocal === null || isZero(h.costLocal) ? null : fraction(div(unrealizedLocal, h.costLocal)),
    weight: fraction(h.weight),
    portfolios: [...new Set(accountRows.map((a) => portfolioName.get(a.portfolioId)).filter((n) => n !== undefined))].sort(),
    accounts: [...new Set(accountRows.map((a) => a.name))].sort(),
    priceDate: h.price?.date ?? null,
    missingPrice: !h.price,
    averageCostBase: str(h.averageCostBase),
    unrealizedGainBase: str(h.unrealizedBase),
  };
}

/**
 * Whether the overlay is on for the page: the site is a supported one, the user switched it on
 * in the options page, and the browser still grants its host permission (the user may have
 * withdrawn it in the browser's own settings).
 */
export async function handleOverlaySite(request: OverlaySiteRequest): Promise<OverlaySiteResponse> {
  const site = siteForHostname(request.hostname.toLowerCase());
  if (!site || !(await isSiteEnabled(site.id))) return { enabled: false };
  const granted = await browser.permissions.contains({ origins: site.origins });
  return { enabled: granted };
}
