import { describe, expect, it } from 'vitest';
import type { MonthlyIncome, YearlyIncome } from '../../../../../core/src/engine/income';
import { dec, ZERO } from '../../../../../core/src/money/decimal';
import { defaultIncomeWindow, monthLabel, monthlyIncomeChart, shiftMonth, windowMonths } from './income-series';

const month = (m: string, dividends = '0', withholdingTax = '0', unknown = 0): MonthlyIncome => ({
  month: m,
  dividends: dec(dividends),
  interest: ZERO,
  withholdingTax: dec(withholdingTax),
  fees: ZERO,
  net: dec(dividends),
  unknown,
});
const year = (y: string, net: string): YearlyIncome => ({ year: y, dividends: dec(net), interest: ZERO, withholdingTax: ZERO, fees: ZERO, net: dec(net), unknown: 0 });

describe('months', () => {
  it('shifts across year ends both ways', () => {
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-01', -11)).toBe('2024-02');
    expect(shiftMonth('2025-03', -3)).toBe('2024-12');
  });

  it('gives the last 12 months up to this month, or a calendar year', () => {
    expect(windowMonths('last12', '2025-02')).toEqual({ from: '2024-03', to: '2025-02' });
    expect(windowMonths('2024', '2025-02')).toEqual({ from: '2024-01', to: '2024-12' });
  });

  it('labels months in the locale', () => {
    expect(monthLabel('2025-01', 'en-CA')).toBe('Jan 2025');
    expect(monthLabel('2025-01', 'fr-CA')).toMatch(/janv\.? 2025/);
  });
});

describe('monthlyIncomeChart', () => {
  it('gives every month of the window a bar and only the kinds that occur a series', () => {
    const chart = monthlyIncomeChart([month('2024-11', '12.5', '-1.88'), month('2024-12'), month('2025-01', '3')], 'en-CA', { from: '2024-10', to: '2025-02' });
    expect(chart.labels).toEqual(['Oct 2024', 'Nov 2024', 'Dec 2024', 'Jan 2025', 'Feb 2025']);
    expect(chart.series).toEqual([
      { label: 'Dividends', values: [0, 12.5, 0, 3, 0] },
      { label: 'Withholding tax', values: [0, -1.88, 0, 0, 0] },
    ]);
  });

  it('has no series when nothing was paid in the window', () => {
    expect(monthlyIncomeChart([month('2020-05', '1')], 'en-CA', { from: '2024-01', to: '2024-12' }).series).toEqual([]);
  });

  it('counts the payments in the window left out for a missing exchange rate', () => {
    const chart = monthlyIncomeChart([month('2024-01', '0', '0', 2), month('2024-03', '5', '0', 1), month('2025-01', '0', '0', 4)], 'en-CA', { from: '2024-01', to: '2024-12' });
    expect(chart.unknown).toBe(3);
  });
});

describe('defaultIncomeWindow', () => {
  it('opens on the last 12 months when they had income, else on the latest year that did', () => {
    expect(defaultIncomeWindow([month('2024-09', '12.5')], [year('2024', '12.5')], '2025-02')).toBe('last12');
    expect(defaultIncomeWindow([month('2024-09', '12.5')], [year('2024', '12.5')], '2026-11')).toBe('2024');
    expect(defaultIncomeWindow([], [], '2026-11')).toBe('last12');
  });
});
