/**
 * When the background refreshes quotes: every minute while the markets the portfolio trades on
 * are in their regular session, every 5 minutes pre- and post-market, and at most hourly while
 * they are closed (nights, weekends, exchange holidays), waking for the next session's start
 * when that comes sooner. No wait runs past the end of its session: at 09:29 the next refresh
 * is at the 09:30 open, not 09:34, and on an early-close day the last regular refresh is at
 * 13:00. One alarm, re-set after each refresh, because the interval depends on the hour.
 */
import { browser } from 'wxt/browser';
import { marketSession, MARKETS, nextPreMarketOpen, sessionEnd, type Market } from '../../core/src/market/market-hours';

export const REFRESH_ALARM = 'folio.refresh-quotes';

const MINUTE = 60_000;
export const REFRESH_EVERY = { regular: MINUTE, extended: 5 * MINUTE, closedMax: 60 * MINUTE } as const;

/**
 * Milliseconds from `now` until the next refresh: the session's interval, cut short at the
 * session's end so the first refresh of the next one (the 09:30 open above all) is not missed.
 */
export function refreshDelayMs(now: number, markets: readonly Market[] = MARKETS): number {
  const session = marketSession(now, markets);
  if (session === 'closed') {
    // Chrome runs alarms at most every 30 s; a minute keeps clear of that at the open.
    return Math.max(MINUTE, Math.min(REFRESH_EVERY.closedMax, nextPreMarketOpen(now, markets) - now));
  }
  const every = session === 'regular' ? REFRESH_EVERY.regular : REFRESH_EVERY.extended;
  return Math.max(1, Math.min(every, sessionEnd(now, markets) - now));
}

/** (Re)sets the refresh alarm for the next refresh after `now`; returns when it is due. */
export async function scheduleRefresh(now = Date.now(), markets: readonly Market[] = MARKETS): Promise<number> {
  const when = now + refreshDelayMs(now, markets);
  await browser.alarms.create(REFRESH_ALARM, { when });
  return when;
}

/** Sets the alarm unless one is pending (a restarted service worker keeps the schedule it had). */
export async function ensureRefreshScheduled(now = Date.now()): Promise<number> {
  const existing = await browser.alarms.get(REFRESH_ALARM);
  return existing ? existing.scheduledTime : scheduleRefresh(now);
}
