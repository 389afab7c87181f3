import { describe, expect, it } from 'vitest';
import { dec, div, mul, toDecimalString } from '../money/decimal';
import { DatedSeries } from '../fx/dated-series';
import { benchmarkTwr, compareWithBenchmark, sameFlowsInBenchmark, sameFlowsSeries } from './benchmark';
import type { ValuationPoint } from './types';

const pt = (date: string, value: string, flow = '0'): ValuationPoint => ({ date, value: dec(value), flow: dec(flow) });
const s = toDecimalString;

// Thursday 2 January to Monday 6 January: no levels on the weekend.
const INDEX = new DatedSeries([
  ['2025-01-02', dec('100')],
  ['2025-01-03', dec('110')],
  ['2025-01-06', dec('120')],
]);

describe('benchmarkTwr', () => {
  it('compares the latest levels on or before each date', () => {
    expect(benchmarkTwr(INDEX, '2025-01-02', '2025-01-06')).toBeCloseTo(0.2, 12);
    expect(benchmarkTwr(INDEX, '2025-01-02', '2025-01-05')).toBeCloseTo(0.1, 12); // Sunday uses Friday
    expect(benchmarkTwr(INDEX, '2025-01-04', '2025-01-06')).toBeCloseTo(120 / 110 - 1, 12);
  });

  it('is null when a level is missing', () => {
    expect(benchmarkTwr(INDEX, '2025-01-01', '2025-01-06')).toBeNull();
    expect(benchmarkTwr(new DatedSeries(), '2025-01-02', '2025-01-06')).toBeNull();
  });
});

describe('sameFlowsInBenchmark', () => {
  it('buys and sells index units with each flow', () => {
    const points = [
      pt('2025-01-02', '1000', '1000'), // 10 units at 100 (the `from` value; its flow is inside it)
      pt('2025-01-03', '1600', '550'), // +5 units at 110
      pt('2025-01-04', '1800', '220'), // Saturday: +2 units at Friday's 110
      pt('2025-01-06', '1700', '-240'), // −2 units at 120
    ];
    const result = sameFlowsInBenchmark(points, INDEX, '2025-01-02', '2025-01-06');
    expect(s(result.units)).toBe('15');
    expect(s(result.endValue)).toBe('1800'); // 15 × 120
    expect(result.missing).toEqual([]);
  });

  it('counts only the flows inside the period', () => {
    const points = [pt('2025-01-02', '1000', '1000'), pt('2025-01-03', '1600', '550'), pt('2025-01-07', '0', '-1800')];
    const result = sameFlowsInBenchmark(points, INDEX, '2025-01-03', '2025-01-06');
    expect(s(result.units)).toBe(s(div(dec('1600'), dec('110'))));
    expect(s(result.endValue)).toBe(s(mul(div(dec('1600'), dec('110')), dec('120'))));
  });

  it('grows like the index when there are no flows', () => {
    const points = [pt('2025-01-02', '2500')];
    const result = sameFlowsInBenchmark(points, INDEX, '2025-01-02', '2025-01-06');
    expect(s(result.endValue)).toBe('3000');
    expect(Number(result.endValue) / Number(dec('2500')) - 1).toBeCloseTo(benchmarkTwr(INDEX, '2025-01-02', '2025-01-06')!, 12);
  });

  it('needs no level on `from` when nothing is held then', () => {
    const points = [pt('2025-01-03', '550', '550')];
    const result = sameFlowsInBenchmark(points, INDEX, '2024-12-31', '2025-01-06');
    expect(s(result.units)).toBe('5');
    expect(s(result.endValue)).toBe('600');
  });

  it('reports every date without a level and values nothing', () => {
    const late = new DatedSeries([['2025-01-03', dec('110')]]);
    const points = [pt('2025-01-01', '1000', '1000'), pt('2025-01-02', '1500', '500'), pt('2025-01-03', '1600')];
    const result = sameFlowsInBenchmark(points, late, '2025-01-01', '2025-01-03');
    expect(result.missing).toEqual(['2025-01-01', '2025-01-02']);
    expect(s(result.endValue)).toBe('0');
    expect(s(result.units)).toBe('0');
    expect(sameFlowsInBenchmark(points, new DatedSeries(), '2024-12-01', '2024-12-31').missing).toEqual(['2024-12-31']);
  });

  it('treats a non-positive level as missing and refuses a reversed period', () => {
    const broken = new DatedSeries([['2025-01-02', dec('0')], ['2025-01-03', dec('110')]]);
    expect(sameFlowsInBenchmark([pt('2025-01-02', '100', '100')], broken, '2025-01-02', '2025-01-03').missing).toEqual(['2025-01-02']);
    expect(() => sameFlowsInBenchmark([], INDEX, '2025-01-06', '2025-01-02')).toThrow(/after/);
  });
});

describe('sameFlowsSeries', () => {
  it('values the same-flows holding on every valuation day, ending where the comparison ends', () => {
    const points = [
      pt('2025-01-02', '1000', '1000'),
      pt('2025-01-03', '1600', '550'), // 10 + 5 units at 110 → 1650
      pt('2025-01-04', '1800', '220'), // Saturday: +2 at 110 → 17 × 110 = 1870
      pt('2025-01-06', '1700', '-240'), // −2 at 120 → 15 × 120 = 1800
    ];
    const series = sameFlowsSeries(points, INDEX, '2025-01-02', '2025-01-06')!;
    expect(series.map((p) => [p.date, s(p.value)])).toEqual([
      ['2025-01-02', '1000'],
      ['2025-01-03', '1650'],
      ['2025-01-04', '1870'],
      ['2025-01-06', '1800'],
    ]);
    const comparison = compareWithBenchmark('IDX', points, INDEX, '2025-01-02', '2025-01-06');
    expect(s(comparison.series!.at(-1)!.value)).toBe(s(comparison.sameCashFlowsValue!));
  });

  it('is absent when a needed level is missing, and the comparison says which', () => {
    const points = [pt('2024-12-31', '1000', '1000'), pt('2025-01-03', '1100')];
    expect(sameFlowsSeries(points, INDEX, '2024-12-31', '2025-01-03')).toBeUndefined();
    const comparison = compareWithBenchmark('IDX', points, INDEX, '2024-12-31', '2025-01-03');
    expect(comparison.series).toBeUndefined();
    expect(comparison.missing).toEqual(['2024-12-31']);
  });
});
