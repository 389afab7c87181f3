/**
 * Portfolio returns over a period, from a daily valuation series.
 *
 * Amounts (values, flows, gains) stay exact `Decimal`s. Returns are RATIOS and are computed as JS
 * numbers (doubles) from the exact amounts: a ratio needs no more than ~15 significant digits, and
 * XIRR is an iterative root search with no exact form anyway.
 *
 * Conventions (see `ValuationPoint`): `value` is the end-of-day value, `flow` the day's net external
 * flow (+ in, − out) assumed at the START of the day. Points are sorted by date, one per date, and
 * may be sparse: a missing day means value unchanged and no flow. A period is (from, to]: it starts
 * from the end-of-day value at `from` (so `from`'s own flow is already in it; zero before the first
 * point) and counts the flows of the days after `from` up to and including `to`.
 */
import { add, isZero, sub, sum, ZERO, type Decimal } from '../money/decimal';
import { daysBetween, toEpochDay } from '../time/days';
import type { ValuationPoint } from './types';

/** A dated cash flow for XIRR, from the investor's side (paid in < 0, received > 0). */
export interface DatedAmount {
  date: string;
  amount: number;
}

/** Returns over a period; the `…Annualized` fields are null for periods of 365 days or fewer. */
export interface PeriodReturns {
  /** Time-weighted and money-weighted (XIRR de-annualized) returns over the period itself. */
  twr: number | null;
  mwr: number | null;
  twrAnnualized: number | null;
  mwrAnnualized: number | null;
  simple: number | null;
  days: number;
  startValue: Decimal;
  endValue: Decimal;
  netFlows: Decimal;
  /** endValue − startValue − netFlows, exact. */
  gain: Decimal;
}

const toNumber = (a: Decimal): number => Number(a) / 1e18;
/** a / b as a double; the 1e18 scales cancel. */
const ratio = (a: Decimal, b: Decimal): number => Number(a) / Number(b);

/** Start value, end value and the points in (from, to]. Throws on a reversed period or unsorted points. */
function slice(points: readonly ValuationPoint[], from: string, to: string) {
  if (from > to) throw new RangeError(`period start ${from} is after period end ${to}`);
  let start = ZERO;
  const inside: ValuationPoint[] = [];
  for (let i = 0; i < points.length; i += 1) {
    const point = points[i]!;
    if (i > 0 && points[i - 1]!.date >= point.date) {
      throw new RangeError(`valuation points must be sorted with one per date (at ${point.date})`);
    }
    if (point.date <= from) start = point.value;
    else if (point.date <= to) inside.push(point);
  }
  return { start, end: inside.at(-1)?.value ?? start, inside };
}

/** End-of-day value at `date`: the latest point on or before it, or zero before the first point. */
export function valueAt(points: readonly ValuationPoint[], date: string): Decimal {
  return slice(points, date, date).start;
}

/**
 * Daily chain-linked time-weighted return over (from, to]: Π V_d / (V_{d−1} + F_d) − 1.
 * Days with nothing invested (denominator ≤ 0) contribute a factor of 1.
 * Null when nothing was invested at any point of the period.
 */
export function timeWeightedReturn(points: readonly ValuationPoint[], from: string, to: string): number | null {
  const { start, inside } = slice(points, from, to);
  let previous = start;
  let growth = 1;
  let invested = start > 0n;
  for (const point of inside) {
    const base = add(previous, point.flow);
    if (base > 0n) {
      growth *= ratio(point.value, base);
      invested = true;
    }
    previous = point.value;
  }
  return invested ? growth - 1 : null;
}

/**
 * Annual internal rate of return: the r solving Σ amount_i / (1 + r)^(days_i / 365) = 0, with days
 * counted from the earliest flow. Newton–Raphson from `guess`, then a bracketing bisection if Newton
 * fails. Null when the amounts do not change sign, or no representable rate solves the equation
 * (e.g. +10,000% in a day); when several rates do, the one found is near `guess` or near 0%.
 */
export function xirr(flows: readonly DatedAmount[], guess = 0.1): number | null {
  if (flows.some((flow) => !Number.isFinite(flow.amount))) throw new RangeError('XIRR amounts must be finite');
  const live = flows.filter((flow) => flow.amount !== 0);
  if (!live.some((flow) => flow.amount > 0) || !live.some((flow) => flow.amount < 0)) return null;
  const days = live.map((flow) => toEpochDay(flow.date));
  const first = Math.min(...days);
  const times = days.map((day) => (day - first) / 365);
  const amounts = live.map((flow) => flow.amount);
  // Solve in x = ln(1 + r): the domain r > −1 becomes the whole real line.
  const x0 = Number.isFinite(guess) && guess > -1 ? Math.log1p(guess) : Math.log1p(0.1);
  const x = newton(times, amounts, x0) ?? bisect(times, amounts);
  if (x === null) return null;
  const rate = Math.expm1(x);
  return Number.isFinite(rate) ? rate : null;
}

const X_MAX = 709; // e^709 is near the largest double: higher rates are not representable.
const X_MIN = -1e4;

/** NPV in x and its derivative, both scaled by a positive factor (keeping signs and their ratio)
 * so extreme rates neither overflow nor underflow. */
function npv(times: number[], amounts: number[], x: number): [number, number] {
  let shift = -Infinity;
  for (const t of times) shift = Math.max(shift, -x * t);
  let value = 0;
  let slope = 0;
  for (let i = 0; i < times.length; i += 1) {
    const term = amounts[i]! * Math.exp(-x * times[i]! - shift);
    value += term;
    slope -= times[i]! * term;
  }
  return [value, slope];
}

function newton(times: number[], amounts: number[], x0: number): number | null {
  let x = x0;
  for (let i = 0; i < 100; i += 1) {
    const [value, slope] = npv(times, amounts, x);
    if (value === 0) return x;
    if (slope === 0 || !Number.isFinite(slope) || !Number.isFinite(value)) return null;
    const step = value / slope;
    x -= step;
    if (!Number.isFinite(x) || x > X_MAX || x < X_MIN) return null;
    if (Math.abs(step) <= 1e-13 * (1 + Math.abs(x))) return x;
  }
  return null;
}

/** Scans outward from x = 0 for the nearest sign change, then bisects it to full precision. */
function bisect(times: number[], amounts: number[]): number | null {
  const sign = (x: number) => Math.sign(npv(times, amounts, x)[0]);
  const edges = [0];
  for (let edge = 1e-3; edge < -X_MIN; edge *= 2) edges.push(edge);
  edges.push(-X_MIN);
  for (let k = 1; k < edges.length; k += 1) {
    const brackets = [[-edges[k]!, -edges[k - 1]!]];
    if (edges[k - 1]! < X_MAX) brackets.unshift([edges[k - 1]!, Math.min(edges[k]!, X_MAX)]);
    for (const [a, b] of brackets as [number, number][]) {
      const loSign = sign(a);
      if (loSign === 0) return a;
      if (loSign * sign(b) > 0) continue;
      let lo = a;
      let hi = b;
      for (let i = 0; i < 2000; i += 1) {
        const mid = (lo + hi) / 2;
        if (mid === lo || mid === hi) break;
        const s = sign(mid);
        if (s === 0) return mid;
        if (s === loSign) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    }
  }
  return null;
}

/**
 * Money-weighted return over (from, to] as an annual rate (XIRR): −(value at from) at `from`,
 * −flow on each flow day (a deposit is money the investor pays in), +(value at to) at `to`.
 */
export function moneyWeightedReturn(points: readonly ValuationPoint[], from: string, to: string): number | null {
  const { start, end, inside } = slice(points, from, to);
  if (from === to) return null;
  const flows: DatedAmount[] = [{ date: from, amount: -toNumber(start) }];
  for (const point of inside) if (!isZero(point.flow)) flows.push({ date: point.date, amount: -toNumber(point.flow) });
  flows.push({ date: to, amount: toNumber(end) });
  return xirr(flows);
}

/** (1 + annualRate)^(days / 365) − 1: the return over `days` at that annual rate. */
function deannualize(annualRate: number, days: number): number {
  return Math.pow(1 + annualRate, days / 365) - 1;
}

/** The money-weighted return over the period itself: the XIRR de-annualized to the period's length. */
export function periodMoneyWeighted(points: readonly ValuationPoint[], from: string, to: string): number | null {
  const rate = moneyWeightedReturn(points, from, to);
  return rate === null ? null : deannualize(rate, daysBetween(from, to));
}

/** (V_to − V_from − net flows) / (V_from + deposits); null when that denominator is zero. */
export function simpleReturn(points: readonly ValuationPoint[], from: string, to: string): number | null {
  const { start, end, inside } = slice(points, from, to);
  const flows = inside.map((point) => point.flow);
  const net = sum(flows);
  const base = add(start, sum(flows.filter((flow) => flow > 0n)));
  return isZero(base) ? null : ratio(sub(sub(end, start), net), base);
}

/** (1 + periodReturn)^(365 / days) − 1. Only meaningful for days > 365: do not annualize short periods. */
export function annualize(periodReturn: number, days: number): number {
  if (!(days > 0)) throw new RangeError(`cannot annualize over ${days} days`);
  return Math.pow(1 + periodReturn, 365 / days) - 1;
}

/** Every return measure for (from, to], with the exact amounts behind them. */
export function returnsForPeriod(points: readonly ValuationPoint[], from: string, to: string): PeriodReturns {
  const { start, end, inside } = slice(points, from, to);
  const days = daysBetween(from, to);
  const long = days > 365;
  const twr = timeWeightedReturn(points, from, to);
  const annualMwr = moneyWeightedReturn(points, from, to);
  const netFlows = sum(inside.map((point) => point.flow));
  return {
    twr,
    twrAnnualized: long && twr !== null ? annualize(twr, days) : null,
    mwr: annualMwr === null ? null : deannualize(annualMwr, days),
    mwrAnnualized: long ? annualMwr : null,
    simple: simpleReturn(points, from, to),
    days,
    startValue: start,
    endValue: end,
    netFlows,
    gain: sub(sub(end, start), netFlows),
  };
}
