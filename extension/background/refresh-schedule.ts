/**
 * When the background refreshes quotes: every minute while North American markets are in their
 * regular session, every 5 minutes pre- and post-market, and at most hourly while they are
 * closed (nights, weekends), waking for the next pre-market open when that comes sooner. No wait
 * runs past the end of its session: at 09:29 the next refresh is at the 09:30 open, not 09:34.
 * One alarm, re-set after each refresh, because the interval depends on the hour.
 */
import { browser } from 'wxt/browser';
import { marketSession, newYorkWallClock, nextPreMarketOpen, nextRegularOpen } from '../../core/src/market/market-hours';

export const REFRESH_ALARM = 'folio.refresh-quotes';

const MINUTE = 60_000;
/** Session ends on the New York clock (minutes after midnight), as in core/src/market/market-hours.ts. */
const REGULAR_CLOSE_MINUTES = 16 * 60;
const POST_CLOSE_MINUTES = 20 * 60;
export const REFRESH_EVERY = { regular: MINUTE, extended: 5 * MINUTE, closedMax: 60 * MINUTE } as const;

/** When the session `now` is in ends (the next one begins), for the sessions with a fixed interval. */
function sessionEnd(now: number, session: 'pre' | 'regular' | 'post'): number {
  if (session === 'pre') return nextRegularOpen(now);
  // 16:00 and 20:00 New York: the wall clock's minutes to go (New York is a whole number of hours off UTC).
  const endMinutes = session === 'regular' ? REGULAR_CLOSE_MINUTES : POST_CLOSE_MINUTES;
  return now - (now % MINUTE) + (endMinutes - newYorkWallClock(now).minutes) * MINUTE;
}

/**
 * Milliseconds from `now` until the next refresh: the session's interval, cut short at the
 * session's end so the first refresh of the next one (the 09:30 open above all) is not missed.
 */
export function refreshDelayMs(now: number): number {
  const session = marketSession(now);
  if (session === 'closed') {
    // Chrome runs alarms at most every 30 s; a minute keeps clear of that at the open.
    return Math.max(MINUTE, Math.min(REFRESH_EVERY.closedMax, nextPreMarketOpen(now) - now));
  }
  const every = session === 'regular' ? REFRESH_EVERY.regular : REFRESH_EVERY.extended;
  return Math.max(1, Math.min(every, sessionEnd(now, session) - now));
}

/** (Re)sets the refresh alarm for the next refresh after `now`; returns when it is due. */
export async function scheduleRefresh(now = Date.now()): Promise<number> {
  const when = now + refreshDelayMs(now);
  await browser.alarms.create(REFRESH_ALARM, { when });
  return when;
}

/** Sets the alarm unless one is pending (a restarted service worker keeps the schedule it had). */
export async function ensureRefreshScheduled(now = Date.now()): Promise<number> {
  const existing = await browser.alarms.get(REFRESH_ALARM);
  return existing ? existing.scheduledTime : scheduleRefresh(now);
}
