/**
 * When the background refreshes quotes: every minute while North American markets are in their
 * regular session, every 5 minutes pre- and post-market, and at most hourly while they are
 * closed (nights, weekends), waking for the next pre-market open when that comes sooner.
 * One alarm, re-set after each refresh, because the interval depends on the hour.
 */
import { browser } from 'wxt/browser';
import { marketSession, nextPreMarketOpen } from '../../core/src/market/market-hours';

export const REFRESH_ALARM = 'folio.refresh-quotes';

const MINUTE = 60_000;
export const REFRESH_EVERY = { regular: MINUTE, extended: 5 * MINUTE, closedMax: 60 * MINUTE } as const;

/** Milliseconds from `now` until the next refresh. */
export function refreshDelayMs(now: number): number {
  switch (marketSession(now)) {
    case 'regular':
      return REFRESH_EVERY.regular;
    case 'pre':
    case 'post':
      return REFRESH_EVERY.extended;
    case 'closed':
      // Chrome runs alarms at most every 30 s; a minute keeps clear of that at the open.
      return Math.max(MINUTE, Math.min(REFRESH_EVERY.closedMax, nextPreMarketOpen(now) - now));
  }
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
