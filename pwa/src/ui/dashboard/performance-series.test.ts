import { describe, expect, it } from 'vitest';
import type { PerformanceResult } from '../../../../core/src/api/core-api';
import { dec } from '../../../../core/src/money/decimal';
import { performanceChartData } from './performance-series';

const point = (date: string, value: string) => ({ date, value: dec(value), flow: dec('0') });

describe('performanceChartData', () => {
  it('stops the portfolio line at the first day that could not be valued, never drawing a fall to zero', () => {
    const result = {
      scope: {},
      range: { from: '2026-01-01', to: '2026-01-04' },
      returns: null,
      series: [point('2026-01-01', '100'), point('2026-01-02', '110'), point('2026-01-03', '0'), point('2026-01-04', '0')],
      gaps: [{ kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2026-01-03' }],
    } as unknown as PerformanceResult;
    expect(performanceChartData(result).series[0]!.values).toEqual([100, 110, null, null]);
  });

  it('draws every day when nothing is missing', () => {
    const result = { scope: {}, range: { from: '2026-01-01', to: '2026-01-02' }, returns: null, series: [point('2026-01-01', '100'), point('2026-01-02', '0')], gaps: [] } as unknown as PerformanceResult;
    expect(performanceChartData(result).series[0]!.values).toEqual([100, 0]);
  });
});
