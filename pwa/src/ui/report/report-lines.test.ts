import { describe, expect, it } from 'vitest';
import { describeGaps, formatDay } from './report-lines';

describe('describeGaps', () => {
  it('names each missing price and rate once', () => {
    expect(
      describeGaps([
        { kind: 'missing_price', symbol: 'XEQT.TO', date: '2025-02-14' },
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2025-02-14' },
        { kind: 'missing_price', symbol: 'XEQT.TO', date: '2025-02-14' },
      ]),
    ).toEqual(['No price for XEQT.TO on 2025-02-14', 'No USD→CAD exchange rate on 2025-02-14']);
  });
});

describe('formatDay', () => {
  it('formats the calendar day in the locale, whatever the time zone', () => {
    expect(formatDay('2025-02-01', 'en-US')).toBe('February 1, 2025');
    expect(formatDay('2025-02-01', 'fr-CA')).toBe('1 février 2025');
  });
});
