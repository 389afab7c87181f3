import { describe, expect, it } from 'vitest';
import { add, dec, div, isDecimalString, mul, round, sub, sum, toDecimalString, toFixed } from './decimal';

const s = toDecimalString;

describe('decimal', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(s(add(dec('0.1'), dec('0.2')))).toBe('0.3');
  });

  it('parses and prints without losing digits', () => {
    expect(s(dec('1234.567890123456789'))).toBe('1234.567890123456789');
    expect(s(dec('-0.000001'))).toBe('-0.000001');
    expect(s(dec('.5'))).toBe('0.5');
    expect(s(dec('007.10'))).toBe('7.1');
    expect(s(dec(42))).toBe('42');
  });

  it('refuses what is not a plain decimal instead of guessing', () => {
    for (const bad of ['', '1e5', '1,000', 'abc', '1.2.3', 'NaN', '0.1234567890123456789']) {
      expect(() => dec(bad), bad).toThrow(/not a decimal number/);
      expect(isDecimalString(bad), bad).toBe(false);
    }
    expect(() => dec(0.1)).toThrow(/safe integers/);
  });

  it('does not drift over many small lots', () => {
    const lots = Array.from({ length: 100_000 }, () => dec('0.01'));
    expect(s(sum(lots))).toBe('1000');
  });

  it('multiplies and divides exactly to 18 places, rounding half to even', () => {
    expect(s(mul(dec('10'), dec('150.25')))).toBe('1502.5');
    expect(s(mul(dec('0.333333'), dec('3')))).toBe('0.999999');
    expect(s(div(dec('1'), dec('3')))).toBe('0.333333333333333333');
    expect(s(div(dec('2'), dec('3')))).toBe('0.666666666666666667');
    // A 3-for-2 split of 101 shares and back.
    expect(s(div(mul(dec('101'), dec('3')), dec('2')))).toBe('151.5');
    expect(() => div(dec('1'), dec('0'))).toThrow(/division by zero/);
  });

  it('keeps fractional shares to 6+ decimals', () => {
    expect(s(sub(dec('10.123456789'), dec('0.000000789')))).toBe('10.123456');
  });

  it('rounds for display half to even', () => {
    expect(toFixed(dec('2.345'), 2)).toBe('2.34');
    expect(toFixed(dec('2.355'), 2)).toBe('2.36');
    expect(toFixed(dec('-2.355'), 2)).toBe('-2.36');
    expect(toFixed(dec('1501'), 2)).toBe('1501.00');
    expect(s(round(dec('4362.478241949521'), 2))).toBe('4362.48');
  });
});
