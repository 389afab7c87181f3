import { describe, expect, it } from 'vitest';
import { nextRegularOpen } from '../../../core/src/market/market-hours';
import { DEFAULT_QUOTE_TTL, historyTtlMs, quoteTtlMs } from './market-hours';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('market hours', () => {
  it('finds the next 09:30 New York open in summer (EDT, UTC−4) and winter (EST, UTC−5)', () => {
    expect(iso(nextRegularOpen(at('2026-07-15T12:00:00Z')))).toBe('2026-07-15T13:30:00.000Z'); // Wed before the open
    expect(iso(nextRegularOpen(at('2026-07-15T20:05:00Z')))).toBe('2026-07-16T13:30:00.000Z'); // Wed after the close
    expect(iso(nextRegularOpen(at('2026-11-24T22:00:00Z')))).toBe('2026-11-25T14:30:00.000Z'); // Tue evening, EST
  });

  it('skips the weekend: Friday after the close waits until Monday', () => {
    expect(iso(nextRegularOpen(at('2026-11-27T21:30:00Z')))).toBe('2026-11-30T14:30:00.000Z');
    expect(iso(nextRegularOpen(at('2026-11-28T12:00:00Z')))).toBe('2026-11-30T14:30:00.000Z'); // Saturday
  });

  it('crosses the DST change: Friday in EDT, Monday open in EST', () => {
    // US clocks fell back on Sunday 2026-11-01.
    expect(iso(nextRegularOpen(at('2026-10-30T21:00:00Z')))).toBe('2026-11-02T14:30:00.000Z');
  });
});

describe('quote TTL by market state', () => {
  const now = at('2026-11-27T21:30:00Z'); // Friday after the close
  it('is seconds while the market is open and a minute around it', () => {
    expect(quoteTtlMs({ marketState: 'REGULAR', exchange: 'NMS' }, now)).toBe(DEFAULT_QUOTE_TTL.openMs);
    expect(quoteTtlMs({ marketState: 'POST', exchange: 'NMS' }, now)).toBe(DEFAULT_QUOTE_TTL.extendedMs);
    expect(quoteTtlMs({ marketState: 'PRE', exchange: 'TOR' }, now)).toBe(DEFAULT_QUOTE_TTL.extendedMs);
  });

  it('lasts until the next open when closed (US and TSX)', () => {
    const untilMonday = at('2026-11-30T14:30:00Z') - now;
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'NMS' }, now)).toBe(untilMonday);
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'TOR' }, now)).toBe(untilMonday);
  });

  it('skips the holidays of the quote’s own market', () => {
    // Wednesday 2026-11-25 after the close: NYSE is closed on Thanksgiving, TSX is open.
    const wednesday = at('2026-11-25T21:30:00Z');
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'NYQ' }, wednesday)).toBe(at('2026-11-27T14:30:00Z') - wednesday);
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'TOR' }, wednesday)).toBe(at('2026-11-26T14:30:00Z') - wednesday);
  });

  it('asks again soon, not in a loop, when the market stays closed at the open (an unforeseen closure)', () => {
    const justBeforeOpen = at('2026-03-10T13:29:59Z'); // a Tuesday, 1 s before 09:30
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'NYQ' }, justBeforeOpen)).toBe(DEFAULT_QUOTE_TTL.closedMinMs);
  });

  it('caps closed quotes of exchanges whose hours it does not know', () => {
    expect(quoteTtlMs({ marketState: 'CLOSED', exchange: 'LSE' }, now)).toBe(DEFAULT_QUOTE_TTL.foreignClosedMaxMs);
  });

  it('treats FX and crypto as round-the-clock markets', () => {
    expect(quoteTtlMs({ marketState: 'CLOSED', quoteType: 'CURRENCY', exchange: 'CCY' }, now)).toBe(DEFAULT_QUOTE_TTL.extendedMs);
    expect(quoteTtlMs({ marketState: 'REGULAR', quoteType: 'CRYPTOCURRENCY', exchange: 'CCC' }, now)).toBe(DEFAULT_QUOTE_TTL.extendedMs);
  });
});

describe('history TTL', () => {
  it('keeps a past range a week and a range reaching today until the next UTC midnight', () => {
    const now = at('2026-11-24T18:00:00Z');
    expect(historyTtlMs('2026-11-01', now)).toBe(7 * 86_400_000);
    expect(historyTtlMs('2026-11-24', now)).toBe(7 * 86_400_000); // `to` is exclusive: ends yesterday
    expect(historyTtlMs('2026-11-25', now)).toBe(6 * 3_600_000);
  });
});
