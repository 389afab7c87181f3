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
import { CoreError } from '../errors';
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

/**
 * Limits keep a hostile or buggy client from sending a huge body to a paid model. Sector and
 * country match what an instrument may hold (records.ts `upsertInstrument`, sync table schema),
 * so any valid instrument fits; the builder also clips to these, so its output always passes.
 */
export const AI_SUMMARY_LIMITS = { holdings: 500, buckets: 100, targets: 100, insights: 100, classification: 80, assetClass: 40, title: 160 } as const;
const LIMIT = AI_SUMMARY_LIMITS;

/** A market symbol as core stores it (see `symbolField`, which also upper-cases). */
const SYMBOL = /^[A-Z0-9^][A-Z0-9.\-=^:]{0,23}$/;
/** What replaces a symbol that is not market-listed (a private or hand-priced holding). */
const PLACEHOLDER = /^holding-\d{1,4}$/;
/** Printable text on one line: no control characters, no markup-like angle brackets. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}<>]+$/u;

const text = (max: number, what: string) => z.string().min(1).max(max, { message: `${what} is at most ${max} characters` }).regex(PRINTABLE, { message: `${what} must be printable text on one line` });
const ratio = z.number().finite();
const nullableRatio = ratio.nullable();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'asOfMonth must be YYYY-MM' });
const currency = z.string().regex(/^[A-Z]{3}$/, { message: 'currencies are three capital letters' });
const symbol = z.string().refine((s) => SYMBOL.test(s) || PLACEHOLDER.test(s), { message: 'a symbol is a market symbol or a placeholder such as holding-3' });
/** A target is a holding (symbol or placeholder) or an asset class. */
const targetKey = z.string().refine((s) => SYMBOL.test(s) || PLACEHOLDER.test(s) || (s.length <= LIMIT.assetClass && PRINTABLE.test(s)), {
  message: `a target is a symbol, a placeholder or an asset class of at most ${LIMIT.assetClass} characters`,
});
const decimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, { message: 'totals are decimal strings' });
const bucket = (key: z.ZodType<string>) => z.object({ key, weight: ratio }).strict();
const classification = text(LIMIT.classification, 'a sector or country');

/** What may be sent: strict objects everywhere (unknown fields are refused, not dropped), and each field's content checked. */
export const AiSummarySchema: z.ZodType<AiSummary> = z
  .object({
    version: z.literal(1),
    baseCurrency: currency,
    homeCountry: z.string().regex(/^[A-Z]{2}$/, { message: 'homeCountry is a two-letter country code' }).nullable(),
    asOfMonth: month,
    holdings: z
      .array(
        z
          .object({
            symbol,
            weight: ratio,
            assetClass: text(LIMIT.assetClass, 'an asset class').nullable(),
            sector: classification.nullable(),
            country: classification.nullable(),
            currency,
            unrealizedPercent: nullableRatio,
            dividendYield: nullableRatio,
          })
          .strict(),
      )
      .max(LIMIT.holdings),
    sectors: z.array(bucket(classification)).max(LIMIT.buckets),
    countries: z.array(bucket(classification)).max(LIMIT.buckets),
    currencies: z.array(bucket(currency)).max(LIMIT.buckets),
    cashWeight: nullableRatio,
    returns: z
      .object({
        twr1y: nullableRatio,
        twrSinceStart: nullableRatio,
        xirr: nullableRatio,
        benchmark: z.object({ symbol, twr1y: nullableRatio }).strict().nullable(),
      })
      .strict(),
    income: z.object({ trailingYield: nullableRatio, topPayerShare: nullableRatio }).strict(),
    fees: z.object({ ofValue: nullableRatio, ofGains: nullableRatio }).strict(),
    targets: z.array(z.object({ key: targetKey, target: ratio, current: nullableRatio }).strict()).max(LIMIT.targets),
    insights: z
      .array(z.object({ rule: z.enum(INSIGHT_RULES), severity: z.enum(INSIGHT_SEVERITIES), title: text(LIMIT.title, 'an insight title') }).strict())
      .max(LIMIT.insights),
    totals: z.object({ marketValue: decimalText, costBasis: decimalText, income12m: decimalText }).strict().optional(),
  })
  .strict();

export interface AiSummaryOptions {
  shareTotals: boolean;
  /**
   * Symbols that must not reach the model: ones the user made up or prices by hand (a private
   * loan, a rental property). They can identify the user, so each is replaced everywhere by a
   * placeholder ("holding-1", numbered by weight, then by name for ones no longer held).
   */
  unlisted?: ReadonlySet<string>;
}

/**
 * The anonymized summary of `facts` (see `collectFacts`) and the rule insights found on them.
 * Only the fields listed in `AiSummary` are read: names, notes, account ids and exact dates in
 * the facts are never copied. Weights and ratios are rounded (4 decimal places) since they
 * only describe the shape of the portfolio.
 */
export function buildAiSummary(facts: PortfolioFacts, insights: readonly Insight[], options: AiSummaryOptions): AiSummary {
  const hide = placeholders(facts, options.unlisted ?? new Set());
  const name = (symbol: string) => hide.get(symbol) ?? symbol;
  const holdings = facts.holdings
    .filter((h) => h.weight !== null)
    .map((h) => ({
      symbol: name(h.symbol),
      weight: round(h.weight),
      assetClass: clip(h.assetClass, LIMIT.assetClass),
      sector: clip(h.sector, LIMIT.classification),
      country: clip(h.country, LIMIT.classification),
      currency: h.currency,
      unrealizedPercent: round(h.unrealizedPercent),
      dividendYield: round(h.dividendYield),
    }))
    .sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || (a.symbol < b.symbol ? -1 : 1))
    .slice(0, LIMIT.holdings) as AiSummary['holdings'];
  const buckets = (list: readonly { key: string; weight: number }[]) =>
    list.slice(0, LIMIT.buckets).map((b) => ({ key: clip(b.key, LIMIT.classification) as string, weight: round(b.weight) as number }));
  // The most severe first, so a cut at the limit drops the least important.
  const order: Record<InsightSeverity, number> = { critical: 0, warning: 1, info: 2 };
  const sent = [...insights].sort((a, b) => order[a.severity] - order[b.severity]).slice(0, LIMIT.insights);
  const summary: AiSummary = {
    version: 1,
    baseCurrency: facts.baseCurrency,
    homeCountry: facts.homeCountry,
    asOfMonth: facts.asOf.slice(0, 7),
    holdings,
    sectors: buckets(facts.sectors),
    countries: buckets(facts.countries),
    currencies: facts.currencies.slice(0, LIMIT.buckets).map((b) => ({ key: b.key, weight: round(b.weight) })),
    cashWeight: round(facts.cashWeight),
    returns: {
      twr1y: round(facts.returns.twr1y),
      twrSinceStart: round(facts.returns.twrSinceStart),
      xirr: round(facts.returns.xirr),
      benchmark: facts.returns.benchmark ? { symbol: name(facts.returns.benchmark.symbol), twr1y: round(facts.returns.benchmark.twr1y) } : null,
    },
    income: { trailingYield: round(facts.income.trailingYield), topPayerShare: round(facts.income.topPayerShare) },
    fees: { ofValue: round(facts.fees.ofValue), ofGains: round(facts.fees.ofGains) },
    targets: facts.targets.slice(0, LIMIT.targets).map((t) => ({ key: hide.get(t.key) ?? (clip(t.key, LIMIT.assetClass) as string), target: round(t.target) as number, current: round(t.current) })),
    insights: sent.map((i) => ({ rule: i.rule, severity: i.severity, title: clip(hideIn(i.title, hide), LIMIT.title) as string })),
  };
  // A total that is not known (a missing price or rate) is never sent as 0: totals are then left out.
  const { marketValue, costBasis, income12m } = facts.totals;
  if (options.shareTotals && marketValue !== null && costBasis !== null && income12m !== null) {
    summary.totals = { marketValue: toFixed(marketValue, 2), costBasis: toFixed(costBasis, 2), income12m: toFixed(income12m, 2) };
  }
  return summary;
}

/** Placeholder per unlisted symbol: held ones by weight (largest first), then the rest by name. */
function placeholders(facts: PortfolioFacts, unlisted: ReadonlySet<string>): Map<string, string> {
  const held = facts.holdings
    .filter((h) => unlisted.has(h.symbol))
    .sort((a, b) => (b.weight ?? -1) - (a.weight ?? -1) || (a.symbol < b.symbol ? -1 : 1))
    .map((h) => h.symbol);
  const rest = [...unlisted].filter((s) => !held.includes(s)).sort();
  return new Map([...held, ...rest].map((symbol, i) => [symbol, `holding-${i + 1}`]));
}

/** `title` with every hidden symbol, as a whole word (not inside a longer symbol), replaced by its placeholder. */
function hideIn(title: string, hide: ReadonlyMap<string, string>): string {
  let out = title;
  // Longest first, so SMITH-LOAN-2 is not half-replaced as SMITH-LOAN.
  for (const [symbol, placeholder] of [...hide].sort((a, b) => b[0].length - a[0].length)) {
    const escaped = symbol.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9.\\-=^:])${escaped}(?![A-Za-z0-9\\-=^:]|\\.[A-Za-z0-9])`, 'g'), placeholder);
  }
  return out;
}

/** Free text (a classification or title) cut to what the schema allows, on one line. */
function clip(value: string | undefined | null, max: number): string | null {
  if (value === undefined || value === null) return null;
  const line = value.replace(/[\p{Cc}\p{Cf}<>]+/gu, ' ').trim();
  if (!line) return null;
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * `summary` as the server will accept it. A summary the schema refuses is a bug in the builder,
 * not the user's doing, but it is reported as a CoreError naming each field (never a raw
 * ZodError across the worker), so the AI panel can show what went wrong.
 */
export function checkAiSummary(summary: unknown): AiSummary {
  const checked = AiSummarySchema.safeParse(summary);
  if (checked.success) return checked.data;
  const issues = checked.error.issues.map((i) => ({ field: ['summary', ...i.path].join('.'), message: i.message }));
  throw new CoreError('internal', `The AI summary could not be built: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

/** Four decimal places: enough to describe a weight or a return, no more. */
function round<T extends number | null>(value: T): T {
  if (value === null) return value;
  return (Math.round((value as number) * 10_000) / 10_000) as T;
}
