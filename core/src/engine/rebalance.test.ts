import { describe, expect, it } from 'vitest';
import { dec, sum, toDecimalString, ZERO } from '../money/decimal';
import { driftFromTargets, rebalanceBuyOnly, rebalanceFull, validateTargets, type BucketValue, type Trade } from './rebalance';

const s = toDecimalString;
const buckets = (values: Record<string, string>): BucketValue[] => Object.entries(values).map(([key, v]) => ({ key, value: dec(v) }));
const targets = (weights: Record<string, string>) => Object.entries(weights).map(([key, w]) => ({ key, weight: dec(w) }));
const show = (trades: Trade[]) =>
  trades.map((t) => [t.key, s(t.amount), ...(t.units === undefined ? [] : [s(t.units)])]);

// A 60/40 portfolio that has drifted to 70/30.
const drifted = buckets({ A: '7000', B: '3000' });
const sixtyForty = targets({ A: '0.6', B: '0.4' });

describe('validateTargets', () => {
  it('refuses targets that do not sum to 1, naming the sum', () => {
    expect(() => validateTargets(targets({ A: '0.6', B: '0.3' }))).toThrow('Target weights sum to 0.9, not 1');
    expect(() => driftFromTargets(drifted, targets({ A: '0.6', B: '0.41' }))).toThrow(/sum to 1\.01/);
  });

  it('refuses duplicate keys and negative weights', () => {
    expect(() => validateTargets([...targets({ A: '0.5' }), ...targets({ A: '0.5' })])).toThrow(/more than once/);
    expect(() => validateTargets(targets({ A: '1.2', B: '-0.2' }))).toThrow(/negative/);
  });

  it('normalises weights within tolerance to sum to exactly 1', () => {
    const thirds = validateTargets(targets({ A: '0.3333', B: '0.3333', C: '0.3333' }));
    expect(thirds.map((t) => s(t.weight))).toEqual(['0.333333333333333334', '0.333333333333333333', '0.333333333333333333']);
  });
});

describe('driftFromTargets', () => {
  it('reports current vs target weight and value, with untargeted buckets at 0', () => {
    const rows = driftFromTargets([...drifted, { key: 'C', label: 'Cash', value: dec('500') }], sixtyForty);
    // Total 10,500: targets 6300 / 4200 / 0.
    expect(rows.map((r) => [r.key, r.label, s(r.currentValue), s(r.targetValue), s(r.targetWeight)])).toEqual([
      ['A', 'A', '7000', '6300', '0.6'],
      ['B', 'B', '3000', '4200', '0.4'],
      ['C', 'Cash', '500', '0', '0'],
    ]);
    const [a, b] = driftFromTargets(drifted, sixtyForty);
    expect([a && s(a.currentWeight), a && s(a.drift), b && s(b.currentWeight), b && s(b.drift)]).toEqual(['0.7', '0.1', '0.3', '-0.1']);
  });
});

describe('rebalanceBuyOnly', () => {
  it('puts 1,000 of new cash into the underweight side of a 70/30 portfolio', () => {
    // After: 11,000 total, targets 6600/4400; B is 1,400 short, so all 1,000 goes to B.
    const result = rebalanceBuyOnly(drifted, sixtyForty, dec('1000'));
    expect(show(result.trades)).toEqual([['B', '1000']]);
    expect(s(result.leftover)).toBe('0');
  });

  it('floors to whole units at a price, or buys fractions when asked', () => {
    const whole = rebalanceBuyOnly(drifted, sixtyForty, dec('1000'), { B: dec('30') });
    expect(show(whole.trades)).toEqual([['B', '990', '33']]);
    expect(s(whole.leftover)).toBe('10');
    const fractional = rebalanceBuyOnly(drifted, sixtyForty, dec('1000'), new Map([['B', dec('30')]]), { fractional: true });
    expect(show(fractional.trades)).toEqual([['B', '1000', '33.333333333333333333']]);
    expect(s(fractional.leftover)).toBe('0');
  });

  it('lands exactly on target when the cash is enough', () => {
    // 15,000 total: 9000/6000.
    expect(show(rebalanceBuyOnly(drifted, sixtyForty, dec('5000')).trades)).toEqual([['A', '2000'], ['B', '3000']]);
  });

  it('water-fills the most underweight first, leaving bought buckets equally short relative to target', () => {
    // value/weight: A 1000, B 333.33, C 2000. Raising B alone to A's level costs 200 < 300, so
    // A and B share: level = (300 + 100 + 500) / 0.8 = 1125 → B 337.5 (+237.5), A 562.5 (+62.5).
    const result = rebalanceBuyOnly(buckets({ A: '500', B: '100', C: '400' }), targets({ A: '0.5', B: '0.3', C: '0.2' }), dec('300'));
    expect(show(result.trades)).toEqual([['A', '62.5'], ['B', '237.5']]);
    expect(s(result.leftover)).toBe('0');
  });

  it('spends the whole-unit leftover on extra units only while that gets closer to target', () => {
    // Empty 50/50 portfolio, 1,050 cash, both at 300: ideal 525 each → 1 unit each, 450 left.
    // One more A (600/300/150 cash) is closer to 525/525/0 than 300/300/450; B then is unaffordable.
    const even = rebalanceBuyOnly([], targets({ A: '0.5', B: '0.5' }), dec('1050'), { A: dec('300'), B: dec('300') });
    expect(show(even.trades)).toEqual([['A', '600', '2'], ['B', '300', '1']]);
    expect(s(even.leftover)).toBe('150');
    // A at 600 cannot be bought with 1,000 of ideal 500; B takes 5 units, then 2 more
    // (squared distance 500²+0²+500² → 500²+200²+300²; a third extra unit would not improve it).
    const uneven = rebalanceBuyOnly([], targets({ A: '0.5', B: '0.5' }), dec('1000'), { A: dec('600'), B: dec('100') });
    expect(show(uneven.trades)).toEqual([['B', '700', '7']]);
    expect(s(uneven.leftover)).toBe('300');
  });

  it('never buys untargeted buckets and does nothing with no cash', () => {
    const withExtra = [...drifted, ...buckets({ X: '100' })];
    expect(show(rebalanceBuyOnly(withExtra, sixtyForty, dec('1000')).trades)).toEqual([['B', '1000']]);
    expect(rebalanceBuyOnly(drifted, sixtyForty, ZERO)).toEqual({ trades: [], leftover: ZERO });
    expect(() => rebalanceBuyOnly(drifted, sixtyForty, dec('-1'))).toThrow(/negative/);
  });
});

describe('rebalanceFull', () => {
  it('sells the overweight and buys the underweight, trades summing to zero', () => {
    const result = rebalanceFull(drifted, sixtyForty);
    expect(show(result.trades)).toEqual([['A', '-1000'], ['B', '1000']]);
    expect(s(result.leftover)).toBe('0');
  });

  it('sells untargeted buckets and keeps an exact zero sum with non-terminating weights', () => {
    const mixed = rebalanceFull(buckets({ A: '100', X: '50' }), targets({ A: '0.3333', B: '0.3333', C: '0.3333' }));
    // Total 150: 50 each (weights normalised to exact thirds); X sold off.
    expect(show(mixed.trades)).toEqual([['A', '-49.9999999999999999'], ['B', '49.99999999999999995'], ['C', '49.99999999999999995'], ['X', '-50']]);
    expect(s(sum(mixed.trades.map((t) => t.amount)))).toBe('0');
  });

  it('rounds sells up and buys down in whole units so cash is never overdrawn', () => {
    const result = rebalanceFull(drifted, sixtyForty, { A: dec('300'), B: dec('30') });
    // Sell 1000/300 = 3.33 → 4 units (1200); buy 1000/30 = 33.3 → 33 units (990); 210 left in cash.
    expect(show(result.trades)).toEqual([['A', '-1200', '-4'], ['B', '990', '33']]);
    expect(s(result.leftover)).toBe('210');
  });

  it('never sells more than the holding when rounding up', () => {
    // X holds 1005 worth at 100 = 10.05 units; selling all of it cannot round up to 11.
    const result = rebalanceFull(buckets({ A: '0', X: '1005' }), targets({ A: '1' }), { X: dec('100') });
    expect(show(result.trades)).toEqual([['A', '1005'], ['X', '-1005', '-10.05']]);
    expect(s(result.leftover)).toBe('0');
  });
});
