import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, div, mul, mulDiv, mulDivWhole, wholeNumber, wholeUnits, type Decimal } from './decimal';

const decimal = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => n as Decimal);
const scaled = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 18 })).map(([n, places]) => (n * 10n ** BigInt(18 - places)) as Decimal);

describe('mulDiv', () => {
  it('equals div(mul(a, b), c) exactly', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, scaled), fc.oneof(decimal, scaled), fc.oneof(decimal, scaled), (a, b, c) => {
        if (c === 0n) expect(() => mulDiv(a, b, c)).toThrow(RangeError);
        else expect(mulDiv(a, b, c)).toBe(div(mul(a, b), c));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds ties half to even like mul then div', () => {
    expect(mulDiv(dec('0.000000000000000001'), dec('0.5'), dec('1'))).toBe(div(mul(dec('0.000000000000000001'), dec('0.5')), dec('1')));
    expect(mulDiv(dec('7'), dec('1'), dec('2'))).toBe(dec('3.5'));
    expect(mulDiv(dec('1'), dec('1'), dec('3'))).toBe(div(dec('1'), dec('3')));
    expect(mulDiv(dec('-1'), dec('2'), dec('3'))).toBe(div(dec('-2'), dec('3')));
  });

  it('takes the short path for whole b and c with the same ties', () => {
    // Half a unit of 10^-18: ties go to the even neighbour, either sign.
    expect(mulDiv(dec('0.000000000000000001'), dec('1'), dec('2'))).toBe(dec('0'));
    expect(mulDiv(dec('0.000000000000000003'), dec('1'), dec('2'))).toBe(dec('0.000000000000000002'));
    expect(mulDiv(dec('-0.000000000000000003'), dec('1'), dec('2'))).toBe(dec('-0.000000000000000002'));
    expect(mulDiv(dec('4362.48'), dec('40'), dec('100'))).toBe(dec('1744.992'));
    expect(mulDiv(dec('100'), dec('1'), dec('-3'))).toBe(div(dec('100'), dec('-3')));
    // A whole b with a fractional c, and the other way round, take the long path.
    expect(mulDiv(dec('10'), dec('3'), dec('0.7'))).toBe(div(mul(dec('10'), dec('3')), dec('0.7')));
    expect(mulDiv(dec('10'), dec('0.3'), dec('7'))).toBe(div(mul(dec('10'), dec('0.3')), dec('7')));
  });
});

describe('wholeUnits', () => {
  it('is the number of whole units, or undefined with a fraction', () => {
    expect(wholeUnits(dec('12'))).toBe(12n);
    expect(wholeUnits(dec('-3'))).toBe(-3n);
    expect(wholeUnits(dec('0'))).toBe(0n);
    expect(wholeUnits(dec('12.5'))).toBeUndefined();
    expect(wholeUnits(dec('0.000000000000000001'))).toBeUndefined();
  });
});

describe('whole units', () => {
  it('mulDivWhole equals mulDiv with the units as Decimals', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, scaled), fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (a, b, c) => {
        expect(mulDivWhole(a, b, c)).toBe(mulDiv(a, dec(b), dec(c)));
      }),
      { numRuns: 3000 },
    );
  });

  it('wholeNumber is the plain number of a count of whole units below 2^53, else NaN', () => {
    expect(wholeNumber(dec('42'))).toBe(42);
    expect(wholeNumber(dec('-7'))).toBeNaN();
    expect(wholeNumber(dec('0'))).toBe(0);
    expect(wholeNumber(dec('9007199254740991'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(wholeNumber(dec('9007199254740992'))).toBeNaN();
    expect(wholeNumber(dec('2.5'))).toBeNaN();
    expect(wholeNumber(dec('0.000000000000000001'))).toBeNaN();
  });
});
