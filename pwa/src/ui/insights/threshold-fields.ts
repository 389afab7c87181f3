import type { InsightThresholds } from '../../../../core/src/insights/insight-types';
import { dec, div, isDecimalString, mul, toDecimalString } from '../../../../core/src/money/decimal';

export type ThresholdKey = keyof InsightThresholds;

/** How a threshold is typed in: fractions as percentages, the harvesting minimum as money, days as a count. */
export type ThresholdUnit = 'percent' | 'amount' | 'days';

export const THRESHOLD_UNITS: Record<ThresholdKey, ThresholdUnit> = {
  holdingWeight: 'percent',
  sectorWeight: 'percent',
  countryWeight: 'percent',
  foreignCurrencyWeight: 'percent',
  homeBiasWeight: 'percent',
  cashWeight: 'percent',
  feeDragOfValue: 'percent',
  feeDragOfGains: 'percent',
  dividendConcentration: 'percent',
  dividendYieldHigh: 'percent',
  driftBand: 'percent',
  benchmarkShortfall: 'percent',
  taxLossMinAmount: 'amount',
  taxLossMinPercent: 'percent',
  stalePriceDays: 'days',
};

const HUNDRED = dec(100);

/** The value shown in the form: "0.2" as "20", exactly. */
export function toInputValue(key: ThresholdKey, value: string | number): string {
  if (THRESHOLD_UNITS[key] !== 'percent') return String(value);
  return toDecimalString(mul(dec(String(value)), HUNDRED));
}

/**
 * What the form's text becomes in the settings, or the problem with it (named for the field).
 * Range rules beyond these are the core's (its messages come back next to the field).
 */
export function fromInputValue(key: ThresholdKey, label: string, text: string): { value: string | number } | { error: string } {
  const t = text.trim().replace(',', '.');
  const unit = THRESHOLD_UNITS[key];
  if (t === '') return { error: `${label}: enter a value` };
  if (unit === 'days') {
    if (!/^\d+$/.test(t)) return { error: `${label}: enter a whole number of days` };
    return { value: Number(t) };
  }
  if (!isDecimalString(t) || t.startsWith('-')) return { error: `${label}: enter a number${unit === 'percent' ? ' of percent, such as 20' : ', such as 500'}` };
  if (unit === 'amount') return { value: t };
  const fraction = div(dec(t), HUNDRED);
  if (fraction > dec(1)) return { error: `${label}: at most 100 %` };
  const out = toDecimalString(fraction);
  if ((out.split('.')[1] ?? '').length > 6) return { error: `${label}: at most 4 decimals of a percent` };
  return { value: out };
}
