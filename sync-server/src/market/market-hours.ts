/**
 * How long a cached quote stays fresh, from the market state the source reported with it.
 *
 * - Regular session: seconds (`openMs`), prices move.
 * - Pre/post market, and 24-hour markets (FX, crypto): `extendedMs`.
 * - Closed: until the next regular open, 09:30 New York time on the next weekday (US and
 *   Canadian exchanges share those hours); at least `closedMinMs` so a holiday (the market
 *   reports CLOSED at 09:30) asks again a little later rather than in a tight loop. For
 *   exchanges outside North America the New York clock says nothing, so closed quotes there
 *   are kept at most `foreignClosedMaxMs`.
 */
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
const NORTH_AMERICAN = new Set(['NMS', 'NYQ', 'NGM', 'NCM', 'NAS', 'PCX', 'ASE', 'BTS', 'PNK', 'OQB', 'OQX', 'NIM', 'TOR', 'VAN', 'CNQ', 'NEO', 'YHD']);
const ROUND_THE_CLOCK = new Set(['CURRENCY', 'CRYPTOCURRENCY']);

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  weekday: 'short',
});

function newYorkWallClock(ms: number) {
  const parts = Object.fromEntries(nyParts.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
    weekday: parts['weekday'] as string,
  };
}

/** The UTC instant of 09:30 New York on the given New York calendar day. */
function newYorkOpenOn(year: number, month: number, day: number): number {
  const wanted = Date.UTC(year, month - 1, day, 9, 30);
  let guess = wanted + 5 * 3_600_000; // EST; corrected below for EDT
  const seen = newYorkWallClock(guess);
  const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, Math.floor(seen.minutes / 60), seen.minutes % 60);
  guess += wanted - seenAsUtc;
  return guess;
}

/** The next 09:30 New York on a weekday strictly after `now`. */
export function nextRegularOpen(now: number): number {
  for (let offsetDays = 0; offsetDays < 8; offsetDays++) {
    const clock = newYorkWallClock(now + offsetDays * 86_400_000);
    if (clock.weekday === 'Sat' || clock.weekday === 'Sun') continue;
    const open = newYorkOpenOn(clock.year, clock.month, clock.day);
    if (open > now) return open;
  }
  throw new Error('unreachable: a weekday occurs within 8 days');
}

/** Milliseconds a quote fetched at `now` stays fresh. */
export function quoteTtlMs(quote: Pick<Quote, 'marketState' | 'quoteType' | 'exchange'>, now: number, settings: QuoteTtlSettings = DEFAULT_QUOTE_TTL): number {
  if (ROUND_THE_CLOCK.has(quote.quoteType ?? '')) return settings.extendedMs;
  const state = (quote.marketState ?? '').toUpperCase();
  if (state === 'REGULAR') return settings.openMs;
  if (state === 'PRE' || state === 'PREPRE' || state === 'POST' || state === 'POSTPOST') return settings.extendedMs;
  if (state !== 'CLOSED') return settings.extendedMs; // unknown state: treat like an extended session
  const untilOpen = nextRegularOpen(now) - now;
  const ttl = Math.max(settings.closedMinMs, untilOpen);
  return NORTH_AMERICAN.has(quote.exchange ?? '') ? ttl : Math.min(ttl, settings.foreignClosedMaxMs);
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
