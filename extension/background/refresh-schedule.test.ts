import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ensureRefreshScheduled, REFRESH_ALARM, refreshDelayMs, scheduleRefresh } from './refresh-schedule';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

beforeEach(() => fakeBrowser.reset());

describe('quote refresh schedule', () => {
  it('refreshes every minute in the regular session, every 5 minutes pre- and post-market', () => {
    expect(refreshDelayMs(at('2026-03-10T15:00:00Z'))).toBe(MINUTE); // Tue 11:00 New York
    expect(refreshDelayMs(at('2026-03-10T12:00:00Z'))).toBe(5 * MINUTE); // 08:00 pre-market
    expect(refreshDelayMs(at('2026-03-10T21:00:00Z'))).toBe(5 * MINUTE); // 17:00 post-market
  });

  it('never waits past the end of a session: the open, the close and the end of post-market are not missed', () => {
    expect(refreshDelayMs(at('2026-03-10T13:29:00Z'))).toBe(MINUTE); // 09:29 pre-market → 09:30 open, not 09:34
    expect(refreshDelayMs(at('2026-03-10T13:27:30Z'))).toBe(2.5 * MINUTE); // 09:27:30 → 09:30:00
    expect(refreshDelayMs(at('2026-03-10T13:25:00Z'))).toBe(5 * MINUTE); // 09:25 → 09:30 exactly
    expect(refreshDelayMs(at('2026-03-10T13:20:00Z'))).toBe(5 * MINUTE); // far from the open: the 5-minute interval
    expect(refreshDelayMs(at('2026-03-10T23:58:00Z'))).toBe(2 * MINUTE); // 19:58 post-market → 20:00 close
    expect(refreshDelayMs(at('2026-03-10T19:59:30Z'))).toBe(30_000); // 15:59:30 regular → 16:00 close
    // Winter time (EST, UTC−5): 09:28 New York is 14:28 UTC.
    expect(refreshDelayMs(at('2026-01-13T14:28:00Z'))).toBe(2 * MINUTE);
  });

  it('refreshes at most hourly while closed, and wakes for the pre-market open when it is sooner', () => {
    expect(refreshDelayMs(at('2026-03-11T03:00:00Z'))).toBe(60 * MINUTE); // Tue 23:00 New York
    expect(refreshDelayMs(at('2026-03-14T16:00:00Z'))).toBe(60 * MINUTE); // Saturday
    expect(refreshDelayMs(at('2026-03-16T07:30:00Z'))).toBe(30 * MINUTE); // Mon 03:30 → 04:00
    expect(refreshDelayMs(at('2026-03-16T07:59:50Z'))).toBe(MINUTE); // never under a minute
  });

  it('follows the holidays and early closes of the markets the portfolio trades on', () => {
    // US Thanksgiving, Thursday 2026-11-26 at 11:00 New York (EST): a US-only portfolio waits
    // (at most an hour), a Canadian one refreshes every minute (TSX is open).
    const thanksgiving = at('2026-11-26T16:00:00Z');
    expect(refreshDelayMs(thanksgiving, ['US'])).toBe(60 * MINUTE);
    expect(refreshDelayMs(thanksgiving, ['CA'])).toBe(MINUTE);
    // Wednesday 23:30 before it: a US-only portfolio wakes for Friday's pre-market, hourly meanwhile.
    expect(refreshDelayMs(at('2026-11-26T04:30:00Z'), ['US'])).toBe(60 * MINUTE);
    // Friday after: NYSE closes at 13:00, so the last regular refresh is at 13:00, then post-market every 5 minutes.
    expect(refreshDelayMs(at('2026-11-27T17:59:30Z'), ['US'])).toBe(30_000);
    expect(refreshDelayMs(at('2026-11-27T18:00:00Z'), ['US'])).toBe(5 * MINUTE);
    // Christmas Day: closed everywhere.
    expect(refreshDelayMs(at('2026-12-25T16:00:00Z'))).toBe(60 * MINUTE);
  });

  it('sets one alarm for the next refresh, and keeps a pending one on restart', async () => {
    const now = at('2026-03-10T15:00:00Z');
    expect(await scheduleRefresh(now)).toBe(now + MINUTE);
    expect(await fakeBrowser.alarms.getAll()).toEqual([expect.objectContaining({ name: REFRESH_ALARM, scheduledTime: now + MINUTE })]);
    // Re-setting replaces it (one alarm, not one per refresh).
    await scheduleRefresh(now + 30_000);
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(1);
    // A service worker restarting later keeps the alarm it had.
    expect(await ensureRefreshScheduled(now + 45_000)).toBe(now + 30_000 + MINUTE);
    await fakeBrowser.alarms.clearAll();
    expect(await ensureRefreshScheduled(at('2026-03-14T16:00:00Z'))).toBe(at('2026-03-14T17:00:00Z'));
  });
});
