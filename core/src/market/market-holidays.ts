/**
 * Exchange holidays and early closes of the New York Stock Exchange ('US') and the Toronto
 * Stock Exchange ('CA'), computed from their published rules, so the schedule needs no yearly
 * table: fixed dates with their weekend rules, the nth weekday of a month, and Good Friday from
 * the date of Easter. One-off closures (a national day of mourning) cannot follow a rule and
 * are listed in ONE_OFF_CLOSURES.
 *
 * Weekend rules: NYSE moves a Saturday holiday to the Friday before and a Sunday one to the
 * Monday after, except New Year's Day on a Saturday, which is not made up. TSX moves weekend
 * holidays to the following Monday (Boxing Day to the Tuesday when Christmas takes the Monday).
 * Early closes are at 13:00 New York time: NYSE on July 3, the day after Thanksgiving and
 * Christmas Eve (when those are trading days); TSX on Christmas Eve.
 */

export type Market = 'US' | 'CA';

export const MARKETS: readonly Market[] = ['US', 'CA'];

/** Closures no rule gives, by market and New York calendar day. */
const ONE_OFF_CLOSURES: Record<Market, Record<string, string>> = {
  US: { '2025-01-09': 'National Day of Mourning for President Carter' },
  CA: {},
};

const EARLY_CLOSE_MINUTES = 13 * 60;

const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
/** 0 = Sunday … 6 = Saturday. */
const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
const shift = (year: number, month: number, day: number, days: number) => {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

/** The nth (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, wanted: number, n: number): string {
  if (n > 0) {
    const first = weekday(year, month, 1);
    return iso(year, month, 1 + ((wanted - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekday(year, month, lastDay);
  return iso(year, month, lastDay - ((last - wanted + 7) % 7));
}

/** Easter Sunday (Gregorian; the anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

const MONDAY = 1;
const THURSDAY = 4;

/** NYSE: Saturday → Friday before, Sunday → Monday after. */
function nyseObserved(year: number, month: number, day: number): string {
  const w = weekday(year, month, day);
  return w === 6 ? shift(year, month, day, -1) : w === 0 ? shift(year, month, day, 1) : iso(year, month, day);
}

/** TSX: Saturday or Sunday → the Monday after. */
function tsxObserved(year: number, month: number, day: number): string {
  const w = weekday(year, month, day);
  return w === 6 ? shift(year, month, day, 2) : w === 0 ? shift(year, month, day, 1) : iso(year, month, day);
}

function usHolidays(year: number): Map<string, string> {
  const days = new Map<string, string>();
  // New Year's Day on a Saturday is not made up on the Friday before (that Friday ends the prior year).
  if (weekday(year, 1, 1) !== 6) days.set(nyseObserved(year, 1, 1), "New Year's Day");
  days.set(nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  days.set(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  days.set(shift(...(easterSunday(year).split('-').map(Number) as [number, number, number]), -2), 'Good Friday');
  days.set(nthWeekday(year, 5, MONDAY, -1), 'Memorial Day');
  if (year >= 2022) days.set(nyseObserved(year, 6, 19), 'Juneteenth');
  days.set(nyseObserved(year, 7, 4), 'Independence Day');
  days.set(nthWeekday(year, 9, MONDAY, 1), 'Labor Day');
  days.set(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  days.set(nyseObserved(year, 12, 25), 'Christmas Day');
  return days;
}

function caHolidays(year: number): Map<string, string> {
  const days = new Map<string, string>();
  days.set(tsxObserved(year, 1, 1), "New Year's Day");
  days.set(nthWeekday(year, 2, MONDAY, 3), 'Family Day');
  days.set(shift(...(easterSunday(year).split('-').map(Number) as [number, number, number]), -2), 'Good Friday');
  // Victoria Day: the Monday before May 25.
  const may25 = weekday(year, 5, 25);
  days.set(shift(year, 5, 25, -(((may25 - MONDAY + 7) % 7) || 7)), 'Victoria Day');
  days.set(tsxObserved(year, 7, 1), 'Canada Day');
  days.set(nthWeekday(year, 8, MONDAY, 1), 'Civic Holiday');
  days.set(nthWeekday(year, 9, MONDAY, 1), 'Labour Day');
  days.set(nthWeekday(year, 10, MONDAY, 2), 'Thanksgiving Day');
  const christmas = tsxObserved(year, 12, 25);
  days.set(christmas, 'Christmas Day');
  // Boxing Day: December 26, or the next weekday not taken by Christmas.
  let boxing = iso(year, 12, 26);
  for (let d = 26; [0, 6].includes(weekday(year, 12, d)) || iso(year, 12, d) === christmas; d += 1) boxing = iso(year, 12, d + 1);
  days.set(boxing, 'Boxing Day');
  return days;
}

const cache = new Map<string, Map<string, string>>();

function holidaysOf(market: Market, year: number): Map<string, string> {
  const key = `${market}${year}`;
  let days = cache.get(key);
  if (!days) {
    days = market === 'US' ? usHolidays(year) : caHolidays(year);
    for (const [day, name] of Object.entries(ONE_OFF_CLOSURES[market])) if (day.startsWith(`${year}-`)) days.set(day, name);
    cache.set(key, days);
  }
  return days;
}

/** The holiday that closes `market` on this New York calendar day (YYYY-MM-DD), or null. */
export function marketHoliday(market: Market, day: string): string | null {
  return holidaysOf(market, Number(day.slice(0, 4))).get(day) ?? null;
}

/** Minutes after midnight (New York) at which `market` closes early on this day, or null for a full day. */
export function earlyCloseMinutes(market: Market, day: string): number | null {
  if (marketHoliday(market, day) !== null) return null;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const w = weekday(year, month, date);
  if (w === 0 || w === 6) return null;
  if (month === 12 && date === 24) return EARLY_CLOSE_MINUTES;
  if (market === 'US') {
    if (month === 7 && date === 3) return EARLY_CLOSE_MINUTES;
    if (day === shift(...(nthWeekday(year, 11, THURSDAY, 4).split('-').map(Number) as [number, number, number]), 1)) return EARLY_CLOSE_MINUTES;
  }
  return null;
}
