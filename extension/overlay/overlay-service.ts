import { browser } from 'wxt/browser';
import type { CoreApi } from '../../core/src/api/core-api';
import type { HoldingSummary } from '../../core/src/engine/holdings-summary';
import { div, isZero, sub, toDecimalString, type Decimal } from '../../core/src/money/decimal';
import { MessageRefusal, type MessageSender } from '../messaging/router';
import type { OverlayLookupRequest, OverlayLookupResponse, OverlayPosition, OverlaySiteResponse } from './overlay-protocol';
import { isCashtagsOn, isSiteEnabled } from './site-settings';
import { siteForUrl, type OverlaySite } from './sites';

/** At most this many symbols per lookup: a page listing more is answered for the first ones. */
export const MAX_LOOKUP_SYMBOLS = 200;

const str = (d: Decimal | null | undefined): string | null => (d === null || d === undefined ? null : toDecimalString(d));
const fraction = (d: Decimal | null): number | null => (d === null ? null : Number(toDecimalString(d)));

/**
 * The user's positions in the symbols a page shows, from the engine's holdings (all
 * portfolios). Figures are the engine's decimals as strings; the only arithmetic here is the
 * trade-currency gain (market value − cost, exact) and its ratio to cost, which the summary
 * gives in the base currency only. Closed positions (quantity 0) are not shown. Refused
 * (`forbidden`) unless the sender's page is on a site that is switched on and still granted.
 */
export async function handleOverlayLookup(core: CoreApi, request: OverlayLookupRequest, sender: MessageSender): Promise<OverlayLookupResponse> {
  const site = await overlaySiteOf(sender);
  if (!site) throw new MessageRefusal({ code: 'forbidden', message: 'The overlay is not switched on for this page’s site (or its permission was withdrawn): no positions are given to it' });
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
  const portfolios = [...new Set(accountRows.map((a) => portfolioName.get(a.portfolioId)).filter((n) => n !== undefined))].sort();
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
    portfolios,
    // The chip names the portfolios, or the accounts when no portfolio has a name: only that is sent.
    accounts: portfolios.length ? [] : [...new Set(accountRows.map((a) => a.name))].sort(),
    priceDate: h.price?.date ?? null,
    missingPrice: !h.price,
    averageCostBase: str(h.averageCostBase),
    unrealizedGainBase: str(h.unrealizedBase),
  };
}

/** The page's URL as the browser reported it: the sending frame's, else its tab's. */
function senderUrl(sender: MessageSender): URL | null {
  const tabUrl = typeof sender.tab === 'object' && sender.tab !== null ? (sender.tab as { url?: unknown }).url : undefined;
  const raw = sender.url ?? (typeof tabUrl === 'string' ? tabUrl : undefined);
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * The site the overlay is on for at the sender's page, or null: the site is taken from the URL
 * the browser reports for the sender (never from what the message says), the user switched it
 * on in the options page, and the browser still grants its host permission (the user may have
 * withdrawn it in the browser's own settings).
 */
export async function overlaySiteOf(sender: MessageSender): Promise<OverlaySite | null> {
  const url = senderUrl(sender);
  const site = url && siteForUrl(url);
  if (!site || !(await isSiteEnabled(site.id))) return null;
  return (await browser.permissions.contains({ origins: site.origins })) ? site : null;
}

/** Whether the overlay is on for the sender's page (see {@link overlaySiteOf}). */
export async function handleOverlaySite(sender: MessageSender): Promise<OverlaySiteResponse> {
  const site = await overlaySiteOf(sender);
  return site ? { enabled: true, cashtags: await isCashtagsOn(site.id) } : { enabled: false, cashtags: false };
}
