/**
 * Date windows for Questrade's activities call. Questrade keeps dates in Eastern time and
 * refuses ranges over 31 days (code 1003), so windows are whole Toronto days: a day is
 * always fetched and mapped in one piece (the mapping's per-day ordinals depend on it).
 */

export const MAX_WINDOW_DAYS = 31;
/**
 * Whole days (through today) every incremental sync re-reads: Questrade back-dates some
 * activities by weeks (corporate actions, corrections, some dividends), and 31 days is still
 * one call per account.
 */
export const REREAD_DAYS = 31;
const TIME_ZONE = 'America/Toronto';

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b inclusive. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Today's date in Toronto. */
export function torontoDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** Toronto's UTC offset ("-05:00" / "-04:00") at noon of a day. */
function torontoOffset(day: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' }).formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-05:00';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

/** The instants Questrade is asked for: the first day's start to the last day's end, Toronto time. */
export function windowTimes(first: string, last: string): { startTime: string; endTime: string } {
  return { startTime: `${first}T00:00:00${torontoOffset(first)}`, endTime: `${last}T23:59:59${torontoOffset(last)}` };
}

export interface DayWindow {
  first: string;
  last: string;
}

/** The next window starting at `first`, at most `maxDays` whole days and never past `through`. */
export function nextWindow(first: string, through: string, maxDays: number = MAX_WINDOW_DAYS): DayWindow {
  let last = addDays(first, Math.max(1, maxDays) - 1);
  if (last > through) last = through;
  // 31 whole days that end after the clocks fall back last 31 days and an hour: one day less.
  while (last > first && spanMs(first, last) > MAX_WINDOW_DAYS * 86_400_000) last = addDays(last, -1);
  return { first, last };
}

function spanMs(first: string, last: string): number {
  const { startTime, endTime } = windowTimes(first, last);
  return Date.parse(endTime) - Date.parse(startTime);
}

/**
 * Where an account's import starts: from `historyStart` the first time; later, the last
 * REREAD_DAYS days through `today` — one window, so 30 across the autumn clock change — or
 * the day after the last imported one when that is earlier (a sync that was paused).
 */
export function importStart(cursor: string | undefined, historyStart: string, today: string): string {
  if (cursor === undefined) return historyStart;
  let reread = addDays(today, -(REREAD_DAYS - 1));
  if (nextWindow(reread, today).last < today) reread = addDays(reread, 1);
  const afterCursor = addDays(cursor, 1);
  const from = afterCursor < reread ? afterCursor : reread;
  return from < historyStart ? historyStart : from;
}
