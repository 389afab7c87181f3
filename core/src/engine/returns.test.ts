import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, dec, div, mul, toDecimalString, type Decimal } from '../money/decimal';
import { addDays } from '../time/days';
import {
  annualize,
  moneyWeightedReturn,
  periodMoneyWeighted,
  returnsForPeriod,
  simpleReturn,
  timeWeightedReturn,
  valueAt,
  xirr,
} from './returns';
import type { ValuationPoint } from './types';

const pt = (date: string, value: string, flow = '0'): ValuationPoint => ({ date, value: dec(value), flow: dec(flow) });

// 100 → 110 (+10%), deposit 50 at the start of the next day, → 176 (+10% on 160).
const DEPOSIT = [pt('2026-01-01', '100'), pt('2026-01-02', '110'), pt('2026-01-03', '176', '50')];

describe('timeWeightedReturn', () => {
  it('chain-links around a deposit: 1.1 × 176/160 − 1 = 0.21', () => {
    expect(timeWeightedReturn(DEPOSIT, '2026-01-01', '2026-01-03')).toBeCloseTo(0.21, 12);
  });

  it('chain-links around a withdrawal: 1.2 × 90/100 − 1 = 0.08', () => {
    const points = [pt('2026-01-01', '100'), pt('2026-01-02', '120'), pt('2026-01-03', '90', '-20')];
    expect(timeWeightedReturn(points, '2026-01-01', '2026-01-03')).toBeCloseTo(0.08, 12);
  });

  it('skips days with nothing invested: 1.1 × 190/200 − 1 = 0.045', () => {
    const points = [
      pt('2026-01-01', '100'),
      pt('2026-01-02', '110'),
      pt('2026-01-03', '0', '-110'), // everything withdrawn: denominator 0
      pt('2026-01-04', '0'),
      pt('2026-01-05', '190', '200'),
    ];
    expect(timeWeightedReturn(points, '2026-01-01', '2026-01-05')).toBeCloseTo(0.045, 12);
  });

  it('reads sparse points as unchanged value and no flow on missing days', () => {
    const points = [pt('2026-01-01', '100'), pt('2026-01-05', '110'), pt('2026-01-10', '176', '50')];
    expect(timeWeightedReturn(points, '2026-01-01', '2026-01-31')).toBeCloseTo(0.21, 12);
    expect(timeWeightedReturn(points, '2026-01-03', '2026-01-31')).toBeCloseTo(0.21, 12); // starts from 100
    expect(timeWeightedReturn(points, '2026-01-07', '2026-01-31')).toBeCloseTo(0.1, 12); // starts from 110
    expect(timeWeightedReturn(points, '2026-01-11', '2026-01-31')).toBe(0);
  });

  it('starts from zero before the first point and leaves out the flow on `from` itself', () => {
    const points = [pt('2026-01-01', '105', '100'), pt('2026-01-02', '126')];
    expect(timeWeightedReturn(points, '2025-12-31', '2026-01-02')).toBeCloseTo(1.05 * 1.2 - 1, 12);
    expect(timeWeightedReturn(points, '2026-01-01', '2026-01-02')).toBeCloseTo(0.2, 12);
  });

  it('is null when nothing was invested in the period', () => {
    expect(timeWeightedReturn([pt('2026-01-01', '0'), pt('2026-01-02', '0')], '2025-12-31', '2026-01-02')).toBeNull();
    expect(timeWeightedReturn(DEPOSIT, '2025-01-01', '2025-12-31')).toBeNull();
  });

  it('refuses unsorted points and reversed periods', () => {
    expect(() => timeWeightedReturn([...DEPOSIT].reverse(), '2026-01-01', '2026-01-03')).toThrow(/sorted/);
    expect(() => timeWeightedReturn(DEPOSIT, '2026-01-03', '2026-01-01')).toThrow(/after/);
  });
});

describe('xirr', () => {
  it("matches Excel's documented example", () => {
    const flows = [
      { date: '2008-01-01', amount: -10000 },
      { date: '2008-03-01', amount: 2750 },
      { date: '2008-10-30', amount: 4250 },
      { date: '2009-02-15', amount: 3250 },
      { date: '2009-04-01', amount: 2750 },
    ];
    expect(Math.abs(xirr(flows)! - 0.373362535)).toBeLessThan(1e-6);
  });

  it('gives 10% for −1000 and +1100 a year later, whatever the order or guess', () => {
    const flows = [
      { date: '2026-01-01', amount: 1100 },
      { date: '2025-01-01', amount: -1000 },
    ];
    for (const guess of [undefined, -0.999999, 0, 5, 1e6, Number.NaN]) {
      expect(xirr(flows, guess)).toBeCloseTo(0.1, 10);
    }
  });

  it('converges for extreme rates', () => {
    expect(xirr([{ date: '2025-01-01', amount: -1000 }, { date: '2026-01-01', amount: 10 }])).toBeCloseTo(-0.99, 10);
    expect(xirr([{ date: '2025-01-01', amount: -1000 }, { date: '2026-01-01', amount: 11000 }])).toBeCloseTo(10, 8);
    const fast = xirr([{ date: '2025-01-01', amount: -1000 }, { date: '2025-01-31', amount: 11000 }])!;
    expect(Math.pow(1 + fast, 30 / 365)).toBeCloseTo(11, 8); // +1000% in 30 days
  });

  it('is null without a sign change', () => {
    expect(xirr([])).toBeNull();
    expect(xirr([{ date: '2025-01-01', amount: -1 }, { date: '2025-06-01', amount: -1 }])).toBeNull();
    expect(xirr([{ date: '2025-01-01', amount: 0 }, { date: '2025-06-01', amount: 5 }])).toBeNull();
  });

  it('recovers the rate a series was built from', () => {
    const deposit = fc.record({ day: fc.integer({ min: 0, max: 3000 }), amount: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.double({ min: -0.95, max: 5, noNaN: true }), fc.array(deposit, { minLength: 1, maxLength: 8 }), (rate, deposits) => {
        const end = Math.max(...deposits.map((d) => d.day)) + 1;
        const flows = deposits.map((d) => ({ date: addDays('2020-01-01', d.day), amount: -d.amount }));
        const final = deposits.reduce((total, d) => total + d.amount * Math.pow(1 + rate, (end - d.day) / 365), 0);
        flows.push({ date: addDays('2020-01-01', end), amount: final });
        expect(Math.abs(xirr(flows)! - rate)).toBeLessThan(1e-7 * (1 + Math.abs(rate)));
      }),
    );
  });
});

describe('money-weighted and simple returns', () => {
  it('includes the start value, deposits and withdrawals', () => {
    const withdrawal = [pt('2025-01-01', '1000'), pt('2026-01-01', '600', '-500')];
    expect(moneyWeightedReturn(withdrawal, '2025-01-01', '2026-01-01')).toBeCloseTo(0.1, 10);
    const firstDeposit = [pt('2025-03-01', '1000', '1000'), pt('2026-03-01', '1100')];
    expect(moneyWeightedReturn(firstDeposit, '2025-02-28', '2026-03-01')).toBeCloseTo(0.1, 10);
    expect(moneyWeightedReturn(firstDeposit, '2025-03-01', '2026-03-01')).toBeCloseTo(0.1, 10);
    expect(moneyWeightedReturn(firstDeposit, '2025-03-01', '2025-03-01')).toBeNull();
  });

  it('de-annualizes to the period: 1000 → 1021 over 73 days is 2.1%', () => {
    const points = [pt('2025-01-01', '1000'), pt('2025-03-15', '1021')];
    expect(periodMoneyWeighted(points, '2025-01-01', '2025-03-15')).toBeCloseTo(0.021, 10);
    expect(moneyWeightedReturn(points, '2025-01-01', '2025-03-15')).toBeCloseTo(Math.pow(1.021, 5) - 1, 10);
  });

  it('simple return = gain / (start + deposits)', () => {
    expect(simpleReturn(DEPOSIT, '2026-01-01', '2026-01-03')).toBeCloseTo(26 / 150, 12);
    const withdrawal = [pt('2026-01-01', '100'), pt('2026-01-02', '90', '-20')];
    expect(simpleReturn(withdrawal, '2026-01-01', '2026-01-02')).toBeCloseTo(0.1, 12);
    expect(simpleReturn(DEPOSIT, '2025-01-01', '2025-02-01')).toBeNull();
  });
});

describe('returnsForPeriod', () => {
  it('gives exact amounts and leaves short periods unannualized', () => {
    const points = [pt('2026-01-01', '100.1'), pt('2026-01-02', '110.2'), pt('2026-01-03', '176.35', '50.2')];
    const r = returnsForPeriod(points, '2026-01-01', '2026-01-03');
    expect(r.days).toBe(2);
    expect(toDecimalString(r.startValue)).toBe('100.1');
    expect(toDecimalString(r.endValue)).toBe('176.35');
    expect(toDecimalString(r.netFlows)).toBe('50.2');
    expect(toDecimalString(r.gain)).toBe('26.05');
    expect(r.twrAnnualized).toBeNull();
    expect(r.mwrAnnualized).toBeNull();
    expect(r.twr).toBeCloseTo((110.2 / 100.1) * (176.35 / 160.4) - 1, 12);
    expect(r.simple).toBeCloseTo(26.05 / 150.3, 12);
    expect(r.mwr).not.toBeNull();
  });

  it('annualizes periods longer than a year', () => {
    const points = [pt('2024-01-01', '100'), pt('2025-12-31', '121')]; // 730 days
    const r = returnsForPeriod(points, '2024-01-01', '2025-12-31');
    expect(r.twr).toBeCloseTo(0.21, 12);
    expect(r.twrAnnualized).toBeCloseTo(0.1, 12);
    expect(r.mwr).toBeCloseTo(0.21, 10);
    expect(r.mwrAnnualized).toBeCloseTo(0.1, 10);
    expect(annualize(0.21, 730)).toBeCloseTo(0.1, 12);
    expect(() => annualize(0.1, 0)).toThrow(RangeError);
  });
});

describe('TWR properties', () => {
  // Daily returns (basis points) and flows (percent of the previous value, > −100%) fix every
  // day's return by construction; values follow V_d = (V_{d−1} + F_d)(1 + r_d).
  const day = fc.record({ bp: fc.integer({ min: -5000, max: 5000 }), flowPct: fc.integer({ min: -90, max: 300 }) });
  const build = (start: Decimal, days: { bp: number; flowPct: number }[], k: Decimal): ValuationPoint[] => {
    const points: ValuationPoint[] = [{ date: '2025-01-01', value: mul(start, k), flow: dec(0) }];
    days.forEach(({ bp, flowPct }, i) => {
      const previous = points.at(-1)!.value;
      const flow = div(mul(previous, dec(flowPct)), dec(100));
      const value = div(mul(add(previous, flow), dec(10000 + bp)), dec(10000));
      points.push({ date: addDays('2025-01-01', i + 1), value, flow });
    });
    return points;
  };

  it('equals the chained daily returns, whatever the flows, and is invariant to scaling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(day, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 100_000 }),
        (startCents, days, kCents) => {
          const start = div(dec(startCents), dec(100));
          const to = addDays('2025-01-01', days.length);
          const expected = days.reduce((g, d) => g * (1 + d.bp / 10000), 1) - 1;
          const base = timeWeightedReturn(build(start, days, dec(1)), '2025-01-01', to)!;
          const scaled = timeWeightedReturn(build(start, days, div(dec(kCents), dec(100))), '2025-01-01', to)!;
          expect(Math.abs(base - expected)).toBeLessThan(1e-9);
          expect(Math.abs(scaled - base)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('valueAt reads the latest point on or before the date', () => {
    expect(toDecimalString(valueAt(DEPOSIT, '2026-01-02'))).toBe('110');
    expect(toDecimalString(valueAt(DEPOSIT, '2030-01-01'))).toBe('176');
    expect(toDecimalString(valueAt(DEPOSIT, '2000-01-01'))).toBe('0');
  });
});
