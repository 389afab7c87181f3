import { describe, expect, it } from 'vitest';
import { dec } from '../../../../../core/src/money/decimal';
import { describeGaps, formatDay, formatPercent, isoDateToUnix, MISSING, plottableValues } from './report-format';

describe('formatPercent', () => {
  it('formats ratios as locale percentages, signed when asked', () => {
    expect(formatPercent(0.0525, 'en-CA')).toBe('5.25%');
    expect(formatPercent(0.0525, 'en-CA', { signed: true })).toBe('+5.25%');
    expect(formatPercent(-0.1, 'en-CA', { signed: true })).toBe('-10.00%');
    expect(formatPercent(0.0525, 'fr-CA')).toBe('5,25\u00a0%');
  });

  it('formats Decimal weights exactly, and shows withheld figures as missing, never 0', () => {
    expect(formatPercent(dec('0.333333333333333333'), 'en-CA', { digits: 1 })).toBe('33.3%');
    expect(formatPercent(dec('0.00005'), 'en-CA', { digits: 4 })).toBe('0.0050%');
    expect(formatPercent(null, 'en-CA')).toBe(MISSING);
    expect(formatPercent(Number.NaN, 'en-CA')).toBe(MISSING);
  });
});

describe('dates', () => {
  it('reads a calendar day without a time-zone shift', () => {
    expect(isoDateToUnix('2025-02-14')).toBe(1739491200);
    expect(formatDay('2025-01-01', 'en-CA')).toBe('Jan 1, 2025');
  });
});

describe('describeGaps', () => {
  it('groups a missing price over many days into one line with its first and last day', () => {
    const lines = describeGaps([
      { kind: 'missing_price', symbol: 'XYZ', date: '2025-01-03' },
      { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2025-01-02' },
      { kind: 'missing_price', symbol: 'XYZ', date: '2025-01-01' },
      { kind: 'missing_price', symbol: 'XYZ', date: '2025-01-02' },
    ]);
    expect(lines).toEqual(['No price for XYZ on 3 days from 2025-01-01 to 2025-01-03', 'No USD→CAD exchange rate on 2025-01-02']);
  });
});

describe('plottableValues', () => {
  it('stops the line at the first day something could not be valued, instead of plotting a fall to zero', () => {
    const points = [
      { date: '2025-01-09', value: dec('100') },
      { date: '2025-01-10', value: dec('0') },
      { date: '2025-01-11', value: dec('0') },
    ];
    expect(plottableValues(points, [])).toEqual([100, 0, 0]);
    expect(plottableValues(points, [{ kind: 'missing_fx', from: 'EUR', to: 'CAD', date: '2025-01-10' }])).toEqual([100, null, null]);
  });
});
