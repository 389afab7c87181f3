import { describe, expect, it } from 'vitest';
import { dataKey, describeSeries, formatDay, tableRows } from './chart-summary';
import { donutArcs } from './donut';

const money = (v: number) => `$${v.toFixed(2)}`;

describe('chart text versions', () => {
  it('summarizes a series by its first, last, lowest and highest values', () => {
    const text = describeSeries({ label: 'Portfolio', values: [null, 100, 90, 130, 120] }, ['d0', 'd1', 'd2', 'd3', 'd4'], money);
    expect(text).toBe('Portfolio: from $100.00 (d1) to $120.00 (d4); low $90.00 (d2), high $130.00 (d3).');
  });

  it('says when a series has one value or none', () => {
    expect(describeSeries({ label: 'QQQ', values: [null, null] }, ['a', 'b'], money)).toBe('QQQ: no data.');
    expect(describeSeries({ label: 'QQQ', values: [5] }, ['a'], money)).toBe('QQQ: $5.00 (a).');
  });

  it('table rows show missing values as a dash, never zero', () => {
    expect(tableRows([{ label: 'A', values: [1, null] }, { label: 'B', values: [2, 3] }], ['x', 'y'], money)).toEqual([
      ['x', '$1.00', '$2.00'],
      ['y', '—', '$3.00'],
    ]);
  });

  it('formats days in UTC', () => {
    expect(formatDay(1739491200, 'en-CA')).toBe('Feb 14, 2025');
  });

  it('the data key changes with any value and not with equal copies', () => {
    const a = dataKey([1, 2], [{ label: 'P', values: [1, 2] }]);
    expect(dataKey([1, 2], [{ label: 'P', values: [1, 2] }])).toBe(a);
    expect(dataKey([1, 2], [{ label: 'P', values: [1, 3] }])).not.toBe(a);
    expect(dataKey([1, 2], [{ label: 'P', values: [1, null] }])).not.toBe(a);
  });

  it('donut arcs follow positive weights around the circle; others get none', () => {
    const arcs = donutArcs([0.5, 0.25, 0, 0.25, -0.1], 100);
    expect(arcs).toEqual([{ offset: 0, length: 50 }, { offset: 50, length: 25 }, null, { offset: 75, length: 25 }, null]);
    expect(donutArcs([0, 0], 100)).toEqual([null, null]);
  });
});
