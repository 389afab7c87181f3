/**
 * The shape of an insight, shared by the rules in the core and the AI route on the sync server
 * (which returns model-written insights in this same shape), and the thresholds the rules use.
 * This file is a contract with the server and the PWA Insights screen: keep it stable.
 */

export type InsightSeverity = 'info' | 'warning' | 'critical';

/** Every rule, in display order; `ai` marks insights written by the model. */
export const INSIGHT_RULES = [
  'concentration-holding',
  'concentration-sector',
  'concentration-country',
  'currency-exposure',
  'home-bias',
  'cash-drag',
  'fee-drag',
  'dividend-concentration',
  'dividend-yield',
  'target-drift',
  'benchmark',
  'superficial-loss',
  'tax-loss-harvesting',
  'stale-price',
  'missing-price',
  'ai',
] as const;

export type InsightRule = (typeof INSIGHT_RULES)[number];

export const INSIGHT_SEVERITIES = ['info', 'warning', 'critical'] as const satisfies readonly InsightSeverity[];

export interface InsightFigure {
  label: string;
  value: string;
}

export interface Insight {
  /** Stable across recomputes: rule + subject, e.g. "concentration-holding:AAPL". */
  id: string;
  rule: InsightRule;
  severity: InsightSeverity;
  /** One line. */
  title: string;
  /** Plain language, with the numbers behind it, formatted for the user's locale. */
  explanation: string;
  /** The numbers behind it, formatted (label → value), e.g. { label: 'Weight', value: '34.2 %' }. */
  figures: InsightFigure[];
  /** Suggested actions where they exist (e.g. drift trades "Buy 12 XEQT.TO (≈ CA$400)"). */
  actions?: string[];
  /** The PWA screen that shows the numbers (a route path, e.g. "/portfolio?tab=allocation"). */
  link: { label: string; href: string };
  source: 'rules' | 'ai';
}

/**
 * Every threshold the rules use. Fractions are decimal strings ("0.25" = 25 %) so they compare
 * exactly with the engine's decimal weights; counts of days are numbers. Stored, partially, in
 * the settings (`insightThresholds`); anything not stored takes its default.
 */
export interface InsightThresholds {
  /** One holding above this share of the portfolio is concentrated (critical above twice it). */
  holdingWeight: string;
  /** One sector above this share. */
  sectorWeight: string;
  /** One country above this share (the home country is judged by `homeBiasWeight` instead). */
  countryWeight: string;
  /** Holdings and cash in currencies other than the base currency above this share. */
  foreignCurrencyWeight: string;
  /** The home country's share above this. */
  homeBiasWeight: string;
  /** Cash above this share of the portfolio. */
  cashWeight: string;
  /** Trailing-12-month fees above this share of the portfolio's value. */
  feeDragOfValue: string;
  /** Trailing-12-month fees above this share of the gains (unrealized + realized + income). */
  feeDragOfGains: string;
  /** One payer above this share of the trailing-12-month income. */
  dividendConcentration: string;
  /** A trailing yield above this is flagged as unusually high (possibly not sustainable). */
  dividendYieldHigh: string;
  /** A target drifting by more than this (absolute, in weight) is out of band. */
  driftBand: string;
  /** Trailing the benchmark's 1-year return by more than this (absolute) is flagged. */
  benchmarkShortfall: string;
  /** Unrealized loss of a taxable holding, in the base currency, at least this to be a harvesting candidate. */
  taxLossMinAmount: string;
  /** …and at least this share of its cost. */
  taxLossMinPercent: string;
  /** A price (or FX rate) older than this many days is stale. */
  stalePriceDays: number;
}

export const DEFAULT_THRESHOLDS: InsightThresholds = {
  holdingWeight: '0.2',
  sectorWeight: '0.4',
  countryWeight: '0.7',
  foreignCurrencyWeight: '0.5',
  homeBiasWeight: '0.6',
  cashWeight: '0.05',
  feeDragOfValue: '0.005',
  feeDragOfGains: '0.1',
  dividendConcentration: '0.4',
  dividendYieldHigh: '0.08',
  driftBand: '0.05',
  benchmarkShortfall: '0.02',
  taxLossMinAmount: '500',
  taxLossMinPercent: '0.1',
  stalePriceDays: 5,
};
