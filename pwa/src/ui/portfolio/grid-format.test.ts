import { describe, expect, it } from 'vitest';
import { dec } from '../../../../core/src/money/decimal';
import { describeGaps, formatFraction, formatUnitMoney } from './grid-format';

describe('describeGaps', () => {
  it('names each missing rate or price once, with its dates', () => {
    expect(
      describeGaps([
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2026-11-24' },
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2025-01-10' },
        { kind: 'missing_fx', from: 'USD', to: 'CAD', date: '2025-01-10' },
        { kind: 'missing_price', symbol: 'XYZ', date: '2026-11-24' },
      ]),
    ).toBe('No USD→CAD exchange rate (2025-01-10, 2026-11-24); no price for XYZ (2026-11-24)');
    expect(describeGaps([])).toBe('Not known');
  });
});

describe('grid formats', () => {
  it('keeps up to four decimals of a unit cost and shows a signed percent', () => {
    expect(formatUnitMoney(dec('200.495'), 'USD', 'en-US')).toBe('$200.495');
    expect(formatUnitMoney(dec('30'), 'CAD', 'en-CA')).toBe('$30.00');
    expect(formatFraction(dec('0.219980'), 'en-US', true)).toBe('+22.00%');
    expect(formatFraction(dec('-0.05'), 'en-US', true)).toBe('-5.00%');
  });
});
