import { describe, expect, it } from 'vitest';
import { marketSession, marketsOf, nextPreMarketOpen, nextRegularOpen, sessionEnd } from './market-hours';

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

  it('knows exchange holidays: closed when every market asked about is, open when one trades', () => {
    // US Thanksgiving 2026 (Thursday November 26, EST): NYSE closed, TSX open (no pre/post-market there).
    const thanksgivingNoon = at('2026-11-26T17:00:00Z');
    expect(marketSession(thanksgivingNoon, ['US'])).toBe('closed');
    expect(marketSession(thanksgivingNoon, ['CA'])).toBe('regular');
    expect(marketSession(thanksgivingNoon)).toBe('regular');
    expect(marketSession(at('2026-11-26T13:00:00Z'))).toBe('closed'); // 08:00: no US pre-market today
    expect(marketSession(at('2026-11-26T22:00:00Z'))).toBe('closed'); // 17:00: no US post-market today
    // A US-only portfolio waits for Friday's open from Wednesday evening.
    const wednesdayEvening = at('2026-11-26T02:00:00Z'); // Wed 21:00
    expect(new Date(nextRegularOpen(wednesdayEvening, ['US'])).toISOString()).toBe('2026-11-27T14:30:00.000Z');
    expect(new Date(nextPreMarketOpen(wednesdayEvening, ['US'])).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(new Date(nextPreMarketOpen(wednesdayEvening, ['CA'])).toISOString()).toBe('2026-11-26T14:30:00.000Z');
  });

  it('closes at 13:00 on an early-close day, with post-market until 17:00', () => {
    // Friday November 27, 2026: NYSE closes at 13:00; TSX trades a full day.
    expect(marketSession(at('2026-11-27T18:30:00Z'), ['US'])).toBe('post'); // 13:30
    expect(new Date(sessionEnd(at('2026-11-27T17:00:00Z'), ['US'])).toISOString()).toBe('2026-11-27T18:00:00.000Z'); // regular ends 13:00
    expect(new Date(sessionEnd(at('2026-11-27T18:30:00Z'), ['US'])).toISOString()).toBe('2026-11-27T22:00:00.000Z'); // post ends 17:00
    expect(marketSession(at('2026-11-27T22:30:00Z'), ['US'])).toBe('closed'); // 17:30
    expect(marketSession(at('2026-11-27T18:30:00Z'))).toBe('regular'); // TSX still open at 13:30
    expect(new Date(sessionEnd(at('2026-11-27T18:30:00Z'))).toISOString()).toBe('2026-11-27T21:00:00.000Z'); // 16:00
  });

  it('skips Christmas and Boxing Day to the next trading day', () => {
    // Thursday December 24, 2026 after the early close: Friday is Christmas for both, Monday is TSX's Boxing Day.
    const christmasEve = at('2026-12-24T19:00:00Z'); // 14:00
    expect(marketSession(christmasEve)).toBe('post');
    expect(marketSession(christmasEve, ['CA'])).toBe('closed');
    expect(marketSession(at('2026-12-25T16:00:00Z'))).toBe('closed');
    expect(new Date(nextRegularOpen(christmasEve)).toISOString()).toBe('2026-12-28T14:30:00.000Z');
    expect(new Date(nextRegularOpen(christmasEve, ['CA'])).toISOString()).toBe('2026-12-29T14:30:00.000Z');
  });

  it('tells which markets a portfolio’s symbols trade on', () => {
    expect(marketsOf(['XEQT.TO', 'VFV.TO', 'SHOP.NE'])).toEqual(['CA']);
    expect(marketsOf(['AAPL', 'BRK-B'])).toEqual(['US']);
    expect(marketsOf(['AAPL', 'ZAG.TO', 'VOD.L', 'EURUSD=X', 'BTC-USD', '^GSPC'])).toEqual(['US', 'CA']);
    // Nothing North American (or nothing at all): both markets' hours.
    expect(marketsOf(['VOD.L', 'BTC-USD'])).toEqual(['US', 'CA']);
    expect(marketsOf([])).toEqual(['US', 'CA']);
    // A Canadian listing entered without its suffix: its currency tells.
    expect(marketsOf([{ symbol: 'XEQT', currency: 'CAD' }, { symbol: 'MSFT', currency: 'USD' }])).toEqual(['US', 'CA']);
    expect(marketsOf([{ symbol: 'XEQT', currency: 'CAD' }])).toEqual(['CA']);
  });
});
