/**
 * The thresholds the rules use: defaults, the user's overrides from the settings, and the
 * schema that checks overrides before they are stored (each wrong field named).
 */
import { z } from 'zod';
import { dec, type Decimal } from '../money/decimal';
import { DEFAULT_THRESHOLDS, type InsightThresholds } from './insight-types';

const FRACTION = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

const fraction = (label: string) =>
  z.string({ error: `${label} must be a fraction written as text, such as "0.2" for 20 %` }).trim().regex(FRACTION, { message: `${label} must be a fraction between 0 and 1, such as 0.2 for 20 %` });

/** Labels for messages and for the settings form. */
export const THRESHOLD_LABELS: Record<keyof InsightThresholds, string> = {
  holdingWeight: 'Single holding weight',
  sectorWeight: 'Sector weight',
  countryWeight: 'Country weight',
  foreignCurrencyWeight: 'Foreign currency weight',
  homeBiasWeight: 'Home country weight',
  cashWeight: 'Cash weight',
  feeDragOfValue: 'Fees as a share of value',
  feeDragOfGains: 'Fees as a share of gains',
  dividendConcentration: 'Share of income from one payer',
  dividendYieldHigh: 'High dividend yield',
  driftBand: 'Drift from target',
  benchmarkShortfall: 'Shortfall against the benchmark',
  taxLossMinAmount: 'Minimum loss to harvest',
  taxLossMinPercent: 'Minimum loss to harvest, as a share of cost',
  stalePriceDays: 'Days before a price is stale',
};

const L = THRESHOLD_LABELS;

/** Overrides as `updateSettings({ insightThresholds })` takes them: any subset, nothing unknown. */
export const insightThresholdsSchema = z
  .strictObject({
    holdingWeight: fraction(L.holdingWeight),
    sectorWeight: fraction(L.sectorWeight),
    countryWeight: fraction(L.countryWeight),
    foreignCurrencyWeight: fraction(L.foreignCurrencyWeight),
    homeBiasWeight: fraction(L.homeBiasWeight),
    cashWeight: fraction(L.cashWeight),
    feeDragOfValue: fraction(L.feeDragOfValue),
    feeDragOfGains: fraction(L.feeDragOfGains),
    dividendConcentration: fraction(L.dividendConcentration),
    dividendYieldHigh: fraction(L.dividendYieldHigh),
    driftBand: fraction(L.driftBand),
    benchmarkShortfall: fraction(L.benchmarkShortfall),
    taxLossMinAmount: z
      .string({ error: `${L.taxLossMinAmount} must be an amount written as text, such as "500"` })
      .trim()
      .regex(AMOUNT, { message: `${L.taxLossMinAmount} must be an amount of at least 0 with at most 2 decimals, such as 500` }),
    taxLossMinPercent: fraction(L.taxLossMinPercent),
    stalePriceDays: z
      .number({ error: `${L.stalePriceDays} must be a whole number of days` })
      .int({ message: `${L.stalePriceDays} must be a whole number of days` })
      .min(1, { message: `${L.stalePriceDays} must be at least 1` })
      .max(365, { message: `${L.stalePriceDays} must be at most 365` }),
  }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown threshold(s): ${issue.keys.join(', ')}` : undefined) })
  .partial();

/**
 * The thresholds in force: each override stored in the settings, else its default. Each field
 * is checked on its own: one override that no longer validates (an older app wrote it) falls
 * back to its default without discarding the user's other, valid overrides.
 */
export function resolveThresholds(overrides: Partial<InsightThresholds> | undefined): InsightThresholds {
  const resolved: InsightThresholds = { ...DEFAULT_THRESHOLDS };
  if (!overrides || typeof overrides !== 'object') return resolved;
  const fields = insightThresholdsSchema.shape;
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof InsightThresholds)[]) {
    if (overrides[key] === undefined) continue;
    const valid = fields[key].safeParse(overrides[key]);
    if (valid.success && valid.data !== undefined) (resolved as unknown as Record<string, unknown>)[key] = valid.data;
  }
  return resolved;
}

/** A fraction or amount threshold as an exact decimal, for exact comparisons with weights and money. */
export function threshold(thresholds: InsightThresholds, key: Exclude<keyof InsightThresholds, 'stalePriceDays'>): Decimal {
  return dec(thresholds[key]);
}
