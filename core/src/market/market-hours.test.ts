import { describe, expect, it } from 'vitest';
import { marketSession, nextPreMarketOpen, nextRegularOpen } from './market-hours';

const at = (iso: string) => Date.parse(iso);

describe('North American market hours (New York clock)', () => {
  it('names the session across a summer (EDT) weekday', () => {
    // 2026-03-10 is a Tuesday; New York is on EDT (UTC−4) since 2026-03-08.
    expect(marketSession(at('2026-03-10T07:59:00Z'))).toBe('closed'); // 03:59
    expect(marketSession(at('2026-03-10T08:00:00Z'))).toBe('pre'); // 04:00
    expect(marketSession(at('2026-03-10T13:29:00Z'))).toBe('pre'); // 09:29
    expect(marketSession(at('2026-03-10T13:30:00Z'))).toBe('regular'); // 09:30
    expect(marketSession(at('2026-03-10T19:59:00Z'))).toBe('regular'); // 15:59
    expect(marketSession(at('2026-03-10T20:00:00Z'))).toBe('post'); // 16:00
    expect(marketSession(at('2026-03-10T23:59:00Z'))).toBe('post'); // 19:59
    expect(marketSession(at('2026-03-11T00:00:00Z'))).toBe('closed'); // 20:00
  });

  it('uses EST in winter and is closed all weekend', () => {
    // 2026-02-06 is a Friday on EST (UTC−5): 09:30 New York is 14:30 UTC.
    expect(marketSession(at('2026-02-06T14:29:00Z'))).toBe('pre');
    expect(marketSession(at('2026-02-06T14:30:00Z'))).toBe('regular');
    expect(marketSession(at('2026-02-07T15:00:00Z'))).toBe('closed'); // Saturday midday
    expect(marketSession(at('2026-02-08T18:00:00Z'))).toBe('closed'); // Sunday
  });

  it('finds the next pre-market and regular open, skipping the weekend', () => {
    // Friday 17:00 New York (EST) → Monday 04:00 and 09:30.
    const fridayEvening = at('2026-02-06T22:00:00Z');
    expect(new Date(nextPreMarketOpen(fridayEvening)).toISOString()).toBe('2026-02-09T09:00:00.000Z');
    expect(new Date(nextRegularOpen(fridayEvening)).toISOString()).toBe('2026-02-09T14:30:00.000Z');
    // During pre-market the next pre-market open is tomorrow's, the regular open today's.
    const preMarket = at('2026-03-10T12:00:00Z');
    expect(new Date(nextPreMarketOpen(preMarket)).toISOString()).toBe('2026-03-11T08:00:00.000Z');
    expect(new Date(nextRegularOpen(preMarket)).toISOString()).toBe('2026-03-10T13:30:00.000Z');
  });
});
