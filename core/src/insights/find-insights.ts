/**
 * Runs every rule over one scope's engine outputs and orders what they find: most severe
 * first, then in the rules' own order (see INSIGHT_RULES), then by id.
 */
import { INSIGHT_RULES, type Insight, type InsightSeverity } from './insight-types';
import type { InsightInput } from './insight-input';
import { benchmarkComparison } from './rules/benchmark';
import { cashDrag, feeDrag } from './rules/cash-and-fees';
import { countryConcentration, holdingConcentration, sectorConcentration } from './rules/concentration';
import { missingPrices, stalePrices } from './rules/data-quality';
import { targetDrift } from './rules/drift';
import { currencyExposure, homeBias } from './rules/exposure';
import { dividendConcentration, dividendYield } from './rules/income';
import type { Rule } from './rules/rule-support';
import { superficialLosses, taxLossHarvesting } from './rules/tax';

export const RULES: readonly Rule[] = [
  holdingConcentration,
  sectorConcentration,
  countryConcentration,
  currencyExposure,
  homeBias,
  cashDrag,
  feeDrag,
  dividendConcentration,
  dividendYield,
  targetDrift,
  benchmarkComparison,
  superficialLosses,
  taxLossHarvesting,
  stalePrices,
  missingPrices,
];

const SEVERITY_ORDER: Record<InsightSeverity, number> = { critical: 0, warning: 1, info: 2 };

export function findInsights(input: InsightInput): Insight[] {
  return RULES.flatMap((rule) => rule(input)).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || INSIGHT_RULES.indexOf(a.rule) - INSIGHT_RULES.indexOf(b.rule) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
