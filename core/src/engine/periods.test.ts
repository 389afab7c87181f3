import { describe, expect, it } from 'vitest';
import { isIsoDate, resolvePeriod, subtractMonths } from './periods';

const FIRST = '2015-01-10';
const from = (period: Parameters<typeof resolvePeriod>[0], asOf: string, first = FIRST) =>
  resolvePeriod(period, asOf, first).from;

describe('resolvePeriod', () => {
  it('counts days back for 1D and 1W', () => {
    expect(resolvePeriod('1D', '2026-03-31', FIRST)).toEqual({ from: '2026-03-30', to: '2026-03-31' });
    expect(from('1W', '2026-03-03')).toBe('2026-02-24');
  });

  it('counts calendar months back, clamping month ends', () => {
    expect(from('1M', '2026-03-31')).toBe('2026-02-28');
    expect(from('1M', '2024-03-31')).toBe('2024-02-29');
    expect(from('1M', '2026-03-15')).toBe('2026-02-15');
    expect(from('1M', '2026-01-15')).toBe('2025-12-15');
    expect(from('3M', '2026-05-31')).toBe('2026-02-28');
    expect(from('6M', '2026-08-31')).toBe('2026-02-28');
    expect(from('6M', '2026-03-31')).toBe('2025-09-30');
  });

  it('counts years as 12-month steps (Feb 29 becomes Feb 28)', () => {
    expect(from('1Y', '2024-02-29')).toBe('2023-02-28');
    expect(from('1Y', '2026-03-31')).toBe('2025-03-31');
    expect(from('3Y', '2026-03-31')).toBe('2023-03-31');
    expect(from('5Y', '2028-02-29')).toBe('2023-02-28');
  });

  it('starts YTD from December 31 of the previous year', () => {
    expect(from('YTD', '2026-03-31')).toBe('2025-12-31');
    expect(from('YTD', '2026-01-01')).toBe('2025-12-31');
  });

  it('starts ALL the day before the first data so the first flow counts', () => {
    expect(resolvePeriod('ALL', '2026-03-31', '2020-03-01')).toEqual({ from: '2020-02-29', to: '2026-03-31' });
  });

  it('never starts earlier than the day before the first data', () => {
    expect(from('5Y', '2026-03-31', '2025-06-01')).toBe('2025-05-31');
    expect(from('YTD', '2026-03-31', '2026-02-10')).toBe('2026-02-09');
    expect(from('1D', '2026-03-31', '2026-03-31')).toBe('2026-03-30');
  });

  it('gives an empty period when it ends before there is any data', () => {
    expect(resolvePeriod('1M', '2024-01-31', '2025-01-01')).toEqual({ from: '2024-01-31', to: '2024-01-31' });
  });

  it('accepts and clamps a custom range', () => {
    expect(resolvePeriod({ from: '2025-02-01', to: '2025-02-28' }, '2026-03-31', FIRST)).toEqual({
      from: '2025-02-01',
      to: '2025-02-28',
    });
    expect(resolvePeriod({ from: '2010-01-01', to: '2025-02-28' }, '2026-03-31', FIRST).from).toBe('2015-01-09');
    expect(resolvePeriod({ from: '2025-02-01', to: '2025-02-01' }, '2026-03-31', FIRST).from).toBe('2025-02-01');
  });

  it('rejects a reversed or malformed range, naming the problem', () => {
    expect(() => resolvePeriod({ from: '2025-03-01', to: '2025-02-01' }, '2026-03-31', FIRST)).toThrow(
      'period start 2025-03-01 is after period end 2025-02-01',
    );
    expect(() => resolvePeriod({ from: '2025-02-30', to: '2025-03-01' }, '2026-03-31', FIRST)).toThrow(/period start/);
    expect(() => resolvePeriod({ from: '2025-02-01', to: '25-3-1' }, '2026-03-31', FIRST)).toThrow(/period end/);
    expect(() => resolvePeriod('1M', 'today', FIRST)).toThrow(/as-of date/);
    expect(() => resolvePeriod('1M', '2026-03-31', '')).toThrow(/first date/);
  });
});

describe('helpers', () => {
  it('subtractMonths crosses years and clamps', () => {
    expect(subtractMonths('2026-01-31', 2)).toBe('2025-11-30');
    expect(subtractMonths('2026-12-31', 0)).toBe('2026-12-31');
    expect(subtractMonths('2026-03-31', 13)).toBe('2025-02-28');
  });

  it('isIsoDate accepts only real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-2-1')).toBe(false);
  });
});
