import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromEpochDay, toEpochDay } from './days';

describe('epoch days', () => {
  it('agrees with Date for any day from 1900 to 2200, and round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(toEpochDay(iso)).toBe(day);
        expect(fromEpochDay(day)).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles leap days and month ends', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(toEpochDay('1970-01-01')).toBe(0);
  });
});
