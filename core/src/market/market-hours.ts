/**
 * North American market hours on the New York clock (US and Canadian exchanges share them):
 * pre-market 04:00–09:30, regular session 09:30–16:00, post-market 16:00–20:00, weekdays that
 * are not exchange holidays (see market-holidays.ts), with the 13:00 early closes. Pure date
 * logic, shared by the sync server (how long a quote stays fresh) and the browser extension
 * (how often its background refreshes quotes).
 *
 * Every function takes the markets that matter (default: both): a day is a trading day when
 * any of them trades, its regular session ends at the latest of their closes, and pre- and
 * post-market hours exist only when the US market trades (Canadian exchanges have none).
 */
import { earlyCloseMinutes, marketHoliday, MARKETS, type Market } from './market-holidays';

export { MARKETS, type Market } from './market-holidays';

/** Where a North American trading day stands at an instant. */
export type MarketSession = 'pre' | 'regular' | 'post' | 'closed';

const PRE_OPEN_MINUTES = 4 * 60;
const REGULAR_OPEN_MINUTES = 9 * 60 + 30;
const REGULAR_CLOSE_MINUTES = 16 * 60;
const POST_CLOSE_MINUTES = 20 * 60;

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

/** The New York calendar day, minutes since midnight and weekday of an instant. */
export function newYorkWallClock(ms: number) {
  const parts = Object.fromEntries(nyParts.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']),
    weekday: parts['weekday'] as string,
  };
}

/** The UTC instant of a New York wall-clock time (minutes after midnight) on a New York calendar day. */
function newYorkInstant(year: number, month: number, day: number, minutes: number): number {
  const wanted = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  let guess = wanted + 5 * 3_600_000; // EST; corrected below for EDT
  const seen = newYorkWallClock(guess);
  const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, Math.floor(seen.minutes / 60), seen.minutes % 60);
  guess += wanted - seenAsUtc;
  return guess;
}

const isWeekend = (weekday: string) => weekday === 'Sat' || weekday === 'Sun';

/** The hours of one New York calendar day for these markets, or null when none of them trades. */
interface TradingDay {
  /** Pre-market opens (04:00 with US trading, else the regular open). */
  firstOpen: number;
  regularClose: number;
  /** Post-market closes (20:00, 17:00 on a US early-close day; the regular close without US trading). */
  lastClose: number;
}

function tradingDay(clock: { year: number; month: number; day: number; weekday: string }, markets: readonly Market[]): TradingDay | null {
  if (isWeekend(clock.weekday)) return null;
  const day = `${clock.year}-${String(clock.month).padStart(2, '0')}-${String(clock.day).padStart(2, '0')}`;
  const open = markets.filter((m) => marketHoliday(m, day) === null);
  if (!open.length) return null;
  const regularClose = Math.max(...open.map((m) => earlyCloseMinutes(m, day) ?? REGULAR_CLOSE_MINUTES));
  if (!open.includes('US')) return { firstOpen: REGULAR_OPEN_MINUTES, regularClose, lastClose: regularClose };
  const usEarly = earlyCloseMinutes('US', day);
  return { firstOpen: PRE_OPEN_MINUTES, regularClose, lastClose: Math.max(regularClose, usEarly === null ? POST_CLOSE_MINUTES : usEarly + 4 * 60) };
}

/** The next instant strictly after `now` at which a trading day's New York clock shows the minutes `pick` gives. */
function nextTradingDayAt(now: number, markets: readonly Market[], pick: (day: TradingDay) => number): number {
  // A long weekend with holidays on both sides (Christmas and Boxing Day) spans at most 5 days.
  for (let offsetDays = 0; offsetDays < 12; offsetDays++) {
    const clock = newYorkWallClock(now + offsetDays * 86_400_000);
    const day = tradingDay(clock, markets);
    if (!day) continue;
    const at = newYorkInstant(clock.year, clock.month, clock.day, pick(day));
    if (at > now) return at;
  }
  throw new Error('unreachable: a trading day occurs within 12 days');
}

/** The next 09:30 New York on a trading day strictly after `now`. */
export function nextRegularOpen(now: number, markets: readonly Market[] = MARKETS): number {
  return nextTradingDayAt(now, markets, () => REGULAR_OPEN_MINUTES);
}

/** The next start of a trading day strictly after `now`: 04:00 New York (pre-market) when the US trades, else 09:30. */
export function nextPreMarketOpen(now: number, markets: readonly Market[] = MARKETS): number {
  return nextTradingDayAt(now, markets, (day) => day.firstOpen);
}

/** The session North American markets are in at `now` (weekends, holidays and nights are `closed`). */
export function marketSession(now: number, markets: readonly Market[] = MARKETS): MarketSession {
  const clock = newYorkWallClock(now);
  const day = tradingDay(clock, markets);
  if (!day) return 'closed';
  if (clock.minutes >= REGULAR_OPEN_MINUTES && clock.minutes < day.regularClose) return 'regular';
  if (clock.minutes >= day.firstOpen && clock.minutes < REGULAR_OPEN_MINUTES) return 'pre';
  if (clock.minutes >= day.regularClose && clock.minutes < day.lastClose) return 'post';
  return 'closed';
}

/** When the session `now` is in ends: the regular open, the day's (possibly early) close, or the end of post-market. */
export function sessionEnd(now: number, markets: readonly Market[] = MARKETS): number {
  const clock = newYorkWallClock(now);
  const day = tradingDay(clock, markets);
  const session = marketSession(now, markets);
  if (!day || session === 'closed') return nextPreMarketOpen(now, markets);
  const minutes = session === 'pre' ? REGULAR_OPEN_MINUTES : session === 'regular' ? day.regularClose : day.lastClose;
  return newYorkInstant(clock.year, clock.month, clock.day, minutes);
}

/** Yahoo suffixes of Canadian venues: TSX, TSX Venture, Cboe Canada (NEO), CSE. */
const CANADIAN_SUFFIXES = ['.TO', '.V', '.NE', '.CN'];

/**
 * The North American markets whose hours matter for these Yahoo symbols: Canadian suffixes are
 * 'CA', plain tickers (a class written with a hyphen, BRK-B) 'US' — or 'CA' when the holding is
 * in CAD (a Canadian listing entered without its suffix); other exchanges, indexes, FX and crypto
 * add none. With no symbol from either, both (the hours of "the market" in general).
 */
export function marketsOf(entries: Iterable<string | { symbol: string; currency?: string }>): Market[] {
  const found = new Set<Market>();
  for (const entry of entries) {
    const symbol = (typeof entry === 'string' ? entry : entry.symbol).toUpperCase();
    const currency = typeof entry === 'string' ? undefined : entry.currency?.toUpperCase();
    if (CANADIAN_SUFFIXES.some((s) => symbol.endsWith(s))) found.add('CA');
    else if (/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)?$/.test(symbol) && !symbol.endsWith('-USD')) found.add(currency === 'CAD' ? 'CA' : 'US');
  }
  return found.size ? MARKETS.filter((m) => found.has(m)) : [...MARKETS];
}
