/**
 * What may be sent to a language model about the user's portfolio, and nothing more.
 *
 * The summary is built from the same facts the rule insights use, but keeps only what
 * describes the shape of the portfolio: symbols, weights, classifications, ratios and the
 * rule insights' titles. It never carries account numbers or names, portfolio names, notes,
 * transaction ids, exact dates (only the month) or exact money totals (unless the user opts
 * in with `shareTotals`, to the cent; totals not known for a missing price or rate are left
 * out, never sent as 0). The schema is strict everywhere, so the sync server refuses a body
 * with any field beyond these, and the PWA can show the user exactly what would be sent.
 */
import { z } from 'zod';
import { toFixed } from '../money/decimal';
import { INSIGHT_RULES, INSIGHT_SEVERITIES, type Insight, type InsightRule, type InsightSeverity } from './insight-types';
import type { PortfolioFacts } from './portfolio-facts';

export interface AiSummary {
  version: 1;
  baseCurrency: string;
  homeCountry: string | null;
  /** "2026-11" — not the exact day. */
  asOfMonth: string;
  holdings: {
    symbol: string;
    weight: number;
    assetClass: string | null;
    sector: string | null;
    country: string | null;
    currency: string;
    unrealizedPercent: number | null;
    dividendYield: number | null;
  }[];
  sectors: { key: string; weight: number }[];
  countries: { key: string; weight: number }[];
  currencies: { key: string; weight: number }[];
  cashWeight: number | null;
  returns: { twr1y: number | null; twrSinceStart: number | null; xirr: number | null; benchmark: { symbol: string; twr1y: number | null } | null };
  income: { trailingYield: number | null; topPayerShare: number | null };
  fees: { ofValue: number | null; ofGains: number | null };
  targets: { key: string; target: number; current: number | null }[];
  insights: { rule: InsightRule; severity: InsightSeverity; title: string }[];
  /** Present only when the user opted in to sharing exact totals. */
  totals?: { marketValue: string; costBasis: string; income12m: string };
}

/** Limits keep a hostile or buggy client from sending a huge body to a paid model. */
const LIMIT = { holdings: 500, buckets: 200, targets: 200, insights: 200, text: 64, title: 300 } as const;

const text = (max: number = LIMIT.text) => z.string().min(1).max(max);
const ratio = z.number().finite();
const nullableRatio = ratio.nullable();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'asOfMonth must be YYYY-MM' });
const currency = z.string().regex(/^[A-Z]{3}$/, { message: 'currencies are three capital letters' });
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, { message: 'totals are decimal strings' });
const bucket = z.object({ key: text(), weight: ratio }).strict();

/** What may be sent: strict objects everywhere (unknown fields are refused, not dropped). */
export const AiSummarySchema: z.ZodType<AiSummary> = z
  .object({
    version: z.literal(1),
    baseCurrency: currency,
    homeCountry: text().nullable(),
    asOfMonth: month,
    holdings: z
      .array(
        z
          .object({
            symbol: text(),
            weight: ratio,
            assetClass: text().nullable(),
            sector: text().nullable(),
            country: text().nullable(),
            currency,
            unrealizedPercent: nullableRatio,
            dividendYield: nullableRatio,
          })
          .strict(),
      )
      .max(LIMIT.holdings),
    sectors: z.array(bucket).max(LIMIT.buckets),
    countries: z.array(bucket).max(LIMIT.buckets),
    currencies: z.array(bucket).max(LIMIT.buckets),
    cashWeight: nullableRatio,
    returns: z
      .object({
        twr1y: nullableRatio,
        twrSinceStart: nullableRatio,
        xirr: nullableRatio,
        benchmark: z.object({ symbol: text(), twr1y: nullableRatio }).strict().nullable(),
      })
      .strict(),
    income: z.object({ trailingYield: nullableRatio, topPayerShare: nullableRatio }).strict(),
    fees: z.object({ ofValue: nullableRatio, ofGains: nullableRatio }).strict(),
    targets: z.array(z.object({ key: text(), target: ratio, current: nullableRatio }).strict()).max(LIMIT.targets),
    insights: z
      .array(z.object({ rule: z.enum(INSIGHT_RULES), severity: z.enum(INSIGHT_SEVERITIES), title: text(LIMIT.title) }).strict())
      .max(LIMIT.insights),
    totals: z.object({ marketValue: decimalText, costBasis: decimalText, income12m: decimalText }).strict().optional(),
  })
  .strict();

/**
 * The anonymized summary of `facts` (see `collectFacts`) and the rule insights found on them.
 * Only the fields listed in `AiSummary` are read: names, notes, account ids and exact dates in
 * the facts are never copied. Weights and ratios are rounded (4 decimal places) since they
 * only describe the shape of the portfolio.
 */
export function buildAiSummary(facts: PortfolioFacts, insights: readonly Insight[], options: { shareTotals: boolean }): AiSummary {
  const holdings = facts.holdings
    .filter((h) => h.weight !== null)
    .map((h) => ({
      symbol: h.symbol,
      weight: round(h.weight),
      assetClass: h.assetClass ?? null,
      sector: h.sector ?? null,
      country: h.country ?? null,
      currency: h.currency,
      unrealizedPercent: round(h.unrealizedPercent),
      dividendYield: round(h.dividendYield),
    }))
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || (a.symbol < b.symbol ? -1 : 1)) as AiSummary['holdings'];
  const buckets = (list: readonly { key: string; weight: number }[]) => list.map((b) => ({ key: b.key, weight: round(b.weight) as number }));
  const summary: AiSummary = {
    version: 1,
    baseCurrency: facts.baseCurrency,
    homeCountry: facts.homeCountry,
    asOfMonth: facts.asOf.slice(0, 7),
    holdings,
    sectors: buckets(facts.sectors),
    countries: buckets(facts.countries),
    currencies: buckets(facts.currencies),
    cashWeight: round(facts.cashWeight),
    returns: {
      twr1y: round(facts.returns.twr1y),
      twrSinceStart: round(facts.returns.twrSinceStart),
      xirr: round(facts.returns.xirr),
      benchmark: facts.returns.benchmark ? { symbol: facts.returns.benchmark.symbol, twr1y: round(facts.returns.benchmark.twr1y) } : null,
    },
    income: { trailingYield: round(facts.income.trailingYield), topPayerShare: round(facts.income.topPayerShare) },
    fees: { ofValue: round(facts.fees.ofValue), ofGains: round(facts.fees.ofGains) },
    targets: facts.targets.map((t) => ({ key: t.key, target: round(t.target) as number, current: round(t.current) })),
    insights: insights.map((i) => ({ rule: i.rule, severity: i.severity, title: i.title })),
  };
  // A total that is not known (a missing price or rate) is never sent as 0: totals are then left out.
  const { marketValue, costBasis, income12m } = facts.totals;
  if (options.shareTotals && marketValue !== null && costBasis !== null && income12m !== null) {
    summary.totals = { marketValue: toFixed(marketValue, 2), costBasis: toFixed(costBasis, 2), income12m: toFixed(income12m, 2) };
  }
  return summary;
}

/** Four decimal places: enough to describe a weight or a return, no more. */
function round<T extends number | null>(value: T): T {
  if (value === null) return value;
  return (Math.round((value as number) * 10_000) / 10_000) as T;
}
