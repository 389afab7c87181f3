import { describe, expect, it } from 'vitest';
import { earlyCloseMinutes, easterSunday, marketHoliday, type Market } from './market-holidays';

/** Every holiday of a market in a year, as the exchange publishes them. */
function holidaysIn(market: Market, year: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (marketHoliday(market, day) !== null) days.push(day);
  }
  return days;
}

describe('exchange holidays from their rules', () => {
  it('finds Easter (and so Good Friday) for years with known dates', () => {
    expect(['2019', '2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual(['2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25']);
  });

  it('gives the NYSE calendars published for 2025 and 2026', () => {
    // 2025 includes the one-off closure for President Carter's national day of mourning.
    expect(holidaysIn('US', 2025)).toEqual(['2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25']);
    // 2026: Independence Day falls on a Saturday and is observed on Friday July 3.
    expect(holidaysIn('US', 2026)).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25']);
    expect(marketHoliday('US', '2026-11-26')).toBe('Thanksgiving Day');
  });

  it('gives the TSX calendars published for 2025 and 2026', () => {
    expect(holidaysIn('CA', 2025)).toEqual(['2025-01-01', '2025-02-17', '2025-04-18', '2025-05-19', '2025-07-01', '2025-08-04', '2025-09-01', '2025-10-13', '2025-12-25', '2025-12-26']);
    // 2026: Boxing Day falls on a Saturday and is observed on Monday December 28.
    expect(holidaysIn('CA', 2026)).toEqual(['2026-01-01', '2026-02-16', '2026-04-03', '2026-05-18', '2026-07-01', '2026-08-03', '2026-09-07', '2026-10-12', '2026-12-25', '2026-12-28']);
  });

  it('applies the weekend rules, which differ between the exchanges', () => {
    // New Year's Day 2022 was a Saturday: NYSE did not close on Friday 2021-12-31; TSX closed on Monday.
    expect(marketHoliday('US', '2021-12-31')).toBeNull();
    expect(marketHoliday('US', '2022-01-03')).toBeNull();
    expect(marketHoliday('CA', '2022-01-03')).toBe("New Year's Day");
    // New Year's Day 2023 was a Sunday: both closed Monday January 2.
    expect([marketHoliday('US', '2023-01-02'), marketHoliday('CA', '2023-01-02')]).toEqual(["New Year's Day", "New Year's Day"]);
    // Canada Day 2023 was a Saturday: TSX closed Monday July 3.
    expect(marketHoliday('CA', '2023-07-03')).toBe('Canada Day');
    // Christmas 2021 on a Saturday: NYSE closed Friday the 24th; TSX Monday 27 (Christmas) and Tuesday 28 (Boxing Day).
    expect(marketHoliday('US', '2021-12-24')).toBe('Christmas Day');
    expect([marketHoliday('CA', '2021-12-27'), marketHoliday('CA', '2021-12-28')]).toEqual(['Christmas Day', 'Boxing Day']);
    // Juneteenth 2027 is a Saturday: NYSE closes Friday June 18. Not a holiday before 2022.
    expect(marketHoliday('US', '2027-06-18')).toBe('Juneteenth');
    expect(marketHoliday('US', '2021-06-18')).toBeNull();
  });

  it('closes early at 13:00 on the published days, never on a holiday or a weekend', () => {
    const early = (market: Market, year: number) => {
      const days: string[] = [];
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        if (earlyCloseMinutes(market, day) !== null) days.push(`${day}@${earlyCloseMinutes(market, day)! / 60}`);
      }
      return days;
    };
    expect(early('US', 2025)).toEqual(['2025-07-03@13', '2025-11-28@13', '2025-12-24@13']);
    // 2026: July 3 is the observed Independence Day, so no July early close.
    expect(early('US', 2026)).toEqual(['2026-11-27@13', '2026-12-24@13']);
    expect(early('CA', 2026)).toEqual(['2026-12-24@13']);
    // Christmas Eve 2021 was NYSE's observed Christmas (closed), while TSX closed early.
    expect([earlyCloseMinutes('US', '2021-12-24'), earlyCloseMinutes('CA', '2021-12-24')]).toEqual([null, 13 * 60]);
  });
});
