import { describe, expect, it } from 'vitest';
import { addDays, importStart, nextWindow, torontoDay, windowTimes } from './activity-windows';

const span = (w: { first: string; last: string }) => {
  const t = windowTimes(w.first, w.last);
  return Date.parse(t.endTime) - Date.parse(t.startTime);
};

describe('activity windows', () => {
  it('covers whole Toronto days with the offset of each end', () => {
    expect(windowTimes('2025-01-06', '2025-02-05')).toEqual({ startTime: '2025-01-06T00:00:00-05:00', endTime: '2025-02-05T23:59:59-05:00' });
    expect(windowTimes('2025-07-01', '2025-07-01')).toEqual({ startTime: '2025-07-01T00:00:00-04:00', endTime: '2025-07-01T23:59:59-04:00' });
  });

  it('takes 31 days at most, stops at the last day, and never spans more than 31×24 h across a clock change', () => {
    expect(nextWindow('2025-01-01', '2025-12-31')).toEqual({ first: '2025-01-01', last: '2025-01-31' });
    expect(nextWindow('2025-01-01', '2025-01-10')).toEqual({ first: '2025-01-01', last: '2025-01-10' });
    expect(nextWindow('2025-01-01', '2025-12-31', 7)).toEqual({ first: '2025-01-01', last: '2025-01-07' });
    // Clocks fall back on 2025-11-02: 31 whole days from 2025-10-15 would be 31 days and an hour.
    const fall = nextWindow('2025-10-15', '2025-12-31');
    expect(fall).toEqual({ first: '2025-10-15', last: '2025-11-13' });
    expect(span(fall)).toBeLessThanOrEqual(31 * 86_400_000);
    // Every window of a year, back to back, stays within the limit and leaves no day out.
    let from = '2024-01-01';
    while (from <= '2025-12-31') {
      const w = nextWindow(from, '2025-12-31');
      expect(span(w)).toBeLessThanOrEqual(31 * 86_400_000);
      from = addDays(w.last, 1);
    }
    expect(from).toBe('2026-01-01');
  });

  it('starts a first import at the history start, and later ones 31 days back in one window (back-dated activities)', () => {
    expect(importStart(undefined, '2011-01-01', '2025-03-10')).toBe('2011-01-01');
    // The last 31 whole days through today: one call.
    expect(importStart('2025-03-10', '2011-01-01', '2025-03-10')).toBe('2025-02-08');
    expect(nextWindow('2025-02-08', '2025-03-10')).toEqual({ first: '2025-02-08', last: '2025-03-10' });
    // Synced yesterday: still the last 31 days, not 32.
    expect(importStart('2025-03-09', '2011-01-01', '2025-03-10')).toBe('2025-02-08');
    // Across the autumn clock change 31 whole days are 31 days and an hour: 30, still one call.
    expect(importStart('2025-11-20', '2011-01-01', '2025-11-20')).toBe('2025-10-22');
    expect(nextWindow('2025-10-22', '2025-11-20').last).toBe('2025-11-20');
    // A sync paused for two months resumes after the last imported day.
    expect(importStart('2025-01-05', '2011-01-01', '2025-03-10')).toBe('2025-01-06');
    // Never before the history start.
    expect(importStart('2011-01-05', '2011-01-01', '2011-01-05')).toBe('2011-01-01');
  });

  it('names today as Toronto sees it', () => {
    // 03:00 UTC on Jan 2 is still Jan 1 in Toronto.
    expect(torontoDay(Date.parse('2025-01-02T03:00:00Z'))).toBe('2025-01-01');
    expect(torontoDay(Date.parse('2025-01-02T06:00:00Z'))).toBe('2025-01-02');
  });
});
