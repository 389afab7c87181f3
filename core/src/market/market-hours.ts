/**
 * North American market hours on the New York clock (US and Canadian exchanges share them):
 * pre-market 04:00–09:30, regular session 09:30–16:00, post-market 16:00–20:00, weekdays.
 * Pure date logic, shared by the sync server (how long a quote stays fresh) and the browser
 * extension (how often its background refreshes quotes). Exchange holidays are not known here:
 * a holiday looks like a regular weekday, and the quote's own market state says otherwise.
 */

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

/** The next instant strictly after `now` at which a weekday's New York clock shows `minutes`. */
function nextWeekdayAt(now: number, minutes: number): number {
  for (let offsetDays = 0; offsetDays < 8; offsetDays++) {
    const clock = newYorkWallClock(now + offsetDays * 86_400_000);
    if (isWeekend(clock.weekday)) continue;
    const at = newYorkInstant(clock.year, clock.month, clock.day, minutes);
    if (at > now) return at;
  }
  throw new Error('unreachable: a weekday occurs within 8 days');
}

/** The next 09:30 New York on a weekday strictly after `now`. */
export function nextRegularOpen(now: number): number {
  return nextWeekdayAt(now, REGULAR_OPEN_MINUTES);
}

/** The next 04:00 New York (pre-market opens) on a weekday strictly after `now`. */
export function nextPreMarketOpen(now: number): number {
  return nextWeekdayAt(now, PRE_OPEN_MINUTES);
}

/** The session North American markets are in at `now` (weekends and nights are `closed`). */
export function marketSession(now: number): MarketSession {
  const clock = newYorkWallClock(now);
  if (isWeekend(clock.weekday)) return 'closed';
  if (clock.minutes >= REGULAR_OPEN_MINUTES && clock.minutes < REGULAR_CLOSE_MINUTES) return 'regular';
  if (clock.minutes >= PRE_OPEN_MINUTES && clock.minutes < REGULAR_OPEN_MINUTES) return 'pre';
  if (clock.minutes >= REGULAR_CLOSE_MINUTES && clock.minutes < POST_CLOSE_MINUTES) return 'post';
  return 'closed';
}
