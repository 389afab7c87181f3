import { describe, expect, it } from 'vitest';
import type { AlertQuote, AlertState, PriceAlert } from './alert-model';
import { ARMED, conditionMet, evaluateAlert } from './alert-evaluation';

const now = new Date('2026-03-10T15:00:00Z');
const alert = (condition: PriceAlert['condition']): PriceAlert => ({ id: 'a1', symbol: 'AAPL', condition, createdAt: '2026-03-01T00:00:00Z' });
const quote = (price: string, day = '2026-03-10', previousClose?: string): AlertQuote => ({ price, day, currency: 'USD', ...(previousClose ? { previousClose } : {}) });

/** Feeds prices one after another; returns which ones fired. */
function run(a: PriceAlert, quotes: AlertQuote[]): boolean[] {
  let state: AlertState = ARMED;
  return quotes.map((q) => {
    const result = evaluateAlert(a, state, q, now);
    state = result.state;
    return result.fired;
  });
}

describe('price alert evaluation', () => {
  it('fires an "above" alert once per crossing, re-arming when the price falls back below', () => {
    const above = alert({ kind: 'above', level: '240' });
    expect(run(above, [quote('239.99'), quote('240'), quote('244.6'), quote('250'), quote('239'), quote('241')])).toEqual([false, true, false, false, false, true]);
  });

  it('fires a "below" alert at or under its level, once until the price recovers', () => {
    const below = alert({ kind: 'below', level: '100.5' });
    expect(run(below, [quote('100.50'), quote('99'), quote('101'), quote('100.4999')])).toEqual([true, false, false, true]);
  });

  it('fires at once when the alert is set with the price already past its level', () => {
    expect(evaluateAlert(alert({ kind: 'above', level: '200' }), undefined, quote('244.6'), now)).toEqual({ fired: true, state: { armed: false, lastFiredAt: now.toISOString() } });
  });

  it('compares exactly: a level one hundred-millionth above the price does not fire', () => {
    expect(conditionMet({ kind: 'above', level: '244.60000001' }, quote('244.6'))).toBe(false);
    expect(conditionMet({ kind: 'above', level: '244.60000000' }, quote('244.6'))).toBe(true);
  });

  it('fires a day-move alert once per trading day, either direction, and again the next day', () => {
    const move = alert({ kind: 'dayMove', percent: '2' });
    // 241.53 → 244.6 is +1.27 %; → 246.36 is +2.0000 % (241.53 × 1.02 = 246.3606, so 246.37 is just over).
    expect(conditionMet(move.condition, quote('244.6', '2026-03-10', '241.53'))).toBe(false);
    expect(conditionMet(move.condition, quote('246.3606', '2026-03-10', '241.53'))).toBe(true);
    expect(
      run(move, [
        quote('244.6', '2026-03-10', '241.53'),
        quote('246.37', '2026-03-10', '241.53'),
        quote('250', '2026-03-10', '241.53'),
        quote('230', '2026-03-10', '241.53'),
        quote('230', '2026-03-11', '250'), // −8 % on the next day
        quote('229', '2026-03-11', '250'),
      ]),
    ).toEqual([false, true, false, false, true, false]);
  });

  it('falls back to the source percentage when there is no previous close', () => {
    expect(conditionMet({ kind: 'dayMove', percent: '3' }, { price: '10', day: '2026-03-10', changePercent: -3.2 })).toBe(true);
    expect(conditionMet({ kind: 'dayMove', percent: '3' }, { price: '10', day: '2026-03-10' })).toBe(false);
  });

  it('never fires without a quote, and keeps its state', () => {
    const state: AlertState = { armed: false, lastFiredAt: '2026-03-09T15:00:00Z' };
    expect(evaluateAlert(alert({ kind: 'below', level: '1' }), state, undefined, now)).toEqual({ fired: false, state });
  });
});
