/**
 * The toolbar badge: the portfolio's day change in short form ("+1.2%", "−0.4%") on green or red.
 * When the day change is unknown (nothing held, or a holding without today's quote) the badge is
 * blank and its tooltip says why: an unknown change is never shown as 0.
 */
import { browser } from 'wxt/browser';
import type { HoldingsSummary } from '../../core/src/engine/holdings-summary';
import { isZero } from '../../core/src/money/decimal';
import { dayChange, openHoldings } from '../../pwa/src/ui/dashboard/dashboard-figures';
import { formatMoney } from '../../pwa/src/ui/format';
import type { BadgeState } from '../messaging/message-map';

/** Badge backgrounds; the badge text is white on each (contrast ≥ 4.5:1). */
export const BADGE_COLORS: Record<BadgeState['tone'], string> = { up: '#116329', down: '#b3261e', flat: '#57606a', unknown: '#57606a' };

const MINUS = '\u2212';

/** "+1.2%", "−0.4%", "+12%": one decimal under 10 %, none above (the badge fits about four characters). */
export function shortPercent(percent: number): string {
  const magnitude = Math.abs(percent);
  const digits = magnitude < 9.95 ? 1 : 0;
  const text = magnitude.toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${percent > 0 ? '+' : MINUS}${text}%`;
}

/** The badge for the whole portfolio's holdings summary. */
export function badgeFor(summary: HoldingsSummary, locale?: string): BadgeState {
  const open = openHoldings(summary);
  if (!open.length) return { text: '', tone: 'unknown', title: 'Folio: no holdings yet, so no day change' };
  const change = dayChange(open);
  if (!change || change.percent === null) {
    const unquoted = open.filter((h) => h.priceInfo?.change === undefined || h.marketValueBase === null).map((h) => h.symbol);
    const which = unquoted.length ? `no quote for today for ${unquoted.slice(0, 5).join(', ')}${unquoted.length > 5 ? ` and ${unquoted.length - 5} more` : ''}` : 'a price or exchange rate is missing';
    return { text: '', tone: 'unknown', title: `Folio: day change unknown (${which}). Sign in to a Folio server for live prices.` };
  }
  const text = shortPercent(change.percent * 100);
  const tone = isZero(change.amount) || /^0(\.0)?%$/.test(text) ? 'flat' : change.amount > 0n ? 'up' : 'down';
  const amount = formatMoney(change.amount, summary.baseCurrency, locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 2 }).format(change.percent);
  return { text, tone, title: `Folio: portfolio day change ${change.amount > 0n ? '+' : ''}${amount} (${percent})${change.stale ? ', prices may be out of date' : ''}` };
}

/** Shows `badge` on the toolbar button. */
export async function applyBadge(badge: BadgeState): Promise<void> {
  // Firefox's Manifest V2 build calls the toolbar button `browserAction`.
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await action.setBadgeText({ text: badge.text });
  await action.setBadgeBackgroundColor({ color: BADGE_COLORS[badge.tone] });
  await action.setTitle({ title: badge.title });
}
