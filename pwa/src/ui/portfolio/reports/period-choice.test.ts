import { describe, expect, it } from 'vitest';
import { customRange, PERIOD_CHOICES } from './period-choice';

describe('customRange', () => {
  it('accepts a real range up to today', () => {
    expect(customRange(' 2024-01-01', '2024-12-31 ', '2025-02-14')).toEqual({ range: { from: '2024-01-01', to: '2024-12-31' } });
  });

  it('names the field of each problem', () => {
    expect(customRange('', '2024-02-30', '2025-02-14')).toEqual({
      issues: [
        { field: 'from', message: 'Enter the first day of the period' },
        { field: 'to', message: 'End must be a real date (YYYY-MM-DD)' },
      ],
    });
    expect(customRange('2024-05-01', '2024-04-01', '2025-02-14')).toEqual({ issues: [{ field: 'from', message: 'Start must be on or before the end' }] });
    expect(customRange('2024-05-01', '2025-03-01', '2025-02-14')).toEqual({ issues: [{ field: 'to', message: 'End cannot be after today' }] });
  });

  it('offers the periods the issue asks for, in order', () => {
    expect(PERIOD_CHOICES.map((p) => p.key)).toEqual(['1M', '3M', '6M', 'YTD', '1Y', '3Y', '5Y', 'ALL']);
  });
});
