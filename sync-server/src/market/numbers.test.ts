import { describe, expect, it } from 'vitest';
import { calendarDate, isIsoDay, numberToDecimalString, shiftPointLeft } from './numbers';

describe('numberToDecimalString', () => {
  it('keeps the shortest round-trip digits of a double', () => {
    expect(numberToDecimalString(244.6)).toBe('244.6');
    expect(numberToDecimalString(3.0700073)).toBe('3.0700073');
    expect(numberToDecimalString(-0)).toBe('0');
    expect(numberToDecimalString(120)).toBe('120');
  });

  it('expands exponent notation', () => {
    expect(numberToDecimalString(1.5e-7)).toBe('0.00000015');
    expect(numberToDecimalString(-2e21)).toBe('-2000000000000000000000');
  });

  it('prints float32-stored values as their shortest float32 decimal when asked', () => {
    expect(numberToDecimalString(75.0875015258789)).toBe('75.0875015258789');
    expect(numberToDecimalString(75.0875015258789, { float32: true })).toBe('75.0875');
    // Not exactly a float32: left as is.
    expect(numberToDecimalString(0.56, { float32: true })).toBe('0.56');
  });

  it('refuses what it cannot represent', () => {
    expect(() => numberToDecimalString(Number.NaN)).toThrow(RangeError);
    expect(() => numberToDecimalString(1e-30)).toThrow(/decimal/);
  });
});

describe('calendarDate', () => {
  const open = new Date('2020-01-02T14:30:00Z');
  it('uses the exchange time zone', () => {
    expect(calendarDate(open, 'America/New_York')).toBe('2020-01-02');
    expect(calendarDate(new Date('2020-01-02T23:00:00Z'), 'Australia/Sydney')).toBe('2020-01-03');
  });
  it('falls back to the GMT offset for unknown zones', () => {
    expect(calendarDate(new Date('2020-01-02T02:00:00Z'), 'Not/AZone', -18000)).toBe('2020-01-01');
  });
  it('validates days', () => {
    expect(isIsoDay('2020-02-29')).toBe(true);
    expect(isIsoDay('2021-02-29')).toBe(false);
    expect(isIsoDay('2021-2-1')).toBe(false);
  });
});

describe('shiftPointLeft', () => {
  it('divides by a power of ten exactly', () => {
    expect(shiftPointLeft('7412', 2)).toBe('74.12');
    expect(shiftPointLeft('7412.5', 2)).toBe('74.125');
    expect(shiftPointLeft('5', 2)).toBe('0.05');
    expect(shiftPointLeft('-0.3', 2)).toBe('-0.003');
    expect(shiftPointLeft('100', 2)).toBe('1');
  });
});
