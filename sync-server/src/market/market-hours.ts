/**
 * How long a cached quote stays fresh, from the market state the source reported with it.
 *
 * - Regular session: seconds (`openMs`), prices move.
 * - Pre/post market, and 24-hour markets (FX, crypto): `extendedMs`.
 * - Closed: until the next regular open of the quote's own market, 09:30 New York time on its
 *   next trading day (US and Canadian exchanges share those hours; their holidays differ, see
 *   core/src/market/market-holidays.ts); at least `closedMinMs` so an unforeseen closure (the
 *   market reports CLOSED at 09:30) asks again a little later rather than in a tight loop. For
 *   exchanges outside North America the New York clock says nothing, so closed quotes there
 *   are kept at most `foreignClosedMaxMs`.
 */
import { nextRegularOpen, type Market } from '../../../core/src/market/market-hours';
import type { Quote } from './provider';

export interface QuoteTtlSettings {
  openMs: number;
  extendedMs: number;
  closedMinMs: number;
  foreignClosedMaxMs: number;
}

export const DEFAULT_QUOTE_TTL: QuoteTtlSettings = {
  openMs: 15_000,
  extendedMs: 60_000,
  closedMinMs: 5 * 60_000,
  foreignClosedMaxMs: 60 * 60_000,
};

/** Yahoo exchange codes of US and Canadian venues (regular hours 09:30–16:00 New York). */
const US_VENUES = new Set(['NMS', 'NYQ', 'NGM', 'NCM', 'NAS', 'PCX', 'ASE', 'BTS', 'PNK', 'OQB', 'OQX', 'NIM', 'YHD']);
const CANADIAN_VENUES = new Set(['TOR', 'VAN', 'CNQ', 'NEO']);
const ROUND_THE_CLOCK = new Set(['CURRENCY', 'CRYPTOCURRENCY']);

/** Milliseconds a quote fetched at `now` stays fresh. */
export function quoteTtlMs(quote: Pick<Quote, 'marketState' | 'quoteType' | 'exchange'>, now: number, settings: QuoteTtlSettings = DEFAULT_QUOTE_TTL): number {
  if (ROUND_THE_CLOCK.has(quote.quoteType ?? '')) return settings.extendedMs;
  const state = (quote.marketState ?? '').toUpperCase();
  if (state === 'REGULAR') return settings.openMs;
  if (state === 'PRE' || state === 'PREPRE' || state === 'POST' || state === 'POSTPOST') return settings.extendedMs;
  if (state !== 'CLOSED') return settings.extendedMs; // unknown state: treat like an extended session
  const exchange = quote.exchange ?? '';
  const market: Market | null = US_VENUES.has(exchange) ? 'US' : CANADIAN_VENUES.has(exchange) ? 'CA' : null;
  const ttl = Math.max(settings.closedMinMs, nextRegularOpen(now, market ? [market] : undefined) - now);
  return market ? ttl : Math.min(ttl, settings.foreignClosedMaxMs);
}

/**
 * History changes only when a new trading day closes: a range that ends before today (UTC) is
 * kept a week (corrections are rare); one that reaches today is kept until the next UTC midnight.
 */
export function historyTtlMs(to: string, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  if (to <= today) return 7 * 86_400_000;
  const midnight = Date.parse(`${today}T00:00:00Z`) + 86_400_000;
  return Math.max(60_000, midnight - now);
}
