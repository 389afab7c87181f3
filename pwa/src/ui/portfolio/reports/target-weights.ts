/**
 * The target editor's rows checked before they reach the worker: people type percentages
 * ("60", "40"), `setTargets` takes fractions as decimal strings summing to 1. The sum is checked
 * exactly (Decimal), with the engine's own tolerance of 0.0001 (0.01 percentage point) so that
 * three thirds typed as 33.33 are accepted, as the engine would.
 */
import type { TargetRow } from '../../../../../core/src/db/rows';
import type { FieldIssue } from '../../../../../core/src/errors';
import { abs, cmp, dec, div, isDecimalString, isNegative, mul, sub, sum, toDecimalString, type Decimal } from '../../../../../core/src/money/decimal';

export interface TargetDraft {
  key: string;
  /** A percentage as typed, e.g. "60" or "33.33". */
  percent: string;
}

export type TargetBy = TargetRow['by'];

const HUNDRED = dec('100');
const TOLERANCE = dec('0.01');

/** Field names used for issues, so each message sits beside its own input. */
export const keyField = (index: number) => `target-${index}-key`;
export const percentField = (index: number) => `target-${index}-percent`;
export const SUM_FIELD = 'targets-sum';

/** The exact sum of the percentages that parse, or null when none do yet. */
export function percentTotal(rows: readonly TargetDraft[]): Decimal | null {
  const parsed = rows.map((r) => r.percent.trim()).filter((p) => p !== '' && isDecimalString(p));
  return parsed.length ? sum(parsed.map((p) => dec(p))) : null;
}

/** Weights ready for `setTargets`, or every problem found (per row, and the sum). */
export function validateTargetDrafts(
  rows: readonly TargetDraft[],
  by: TargetBy,
): { targets: { key: string; by: TargetBy; weight: string }[] } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = by === 'holding' ? row.key.trim().toUpperCase() : row.key.trim();
    const percent = row.percent.trim();
    if (!key) issues.push({ field: keyField(i), message: by === 'holding' ? 'Enter a symbol' : 'Enter an asset class' });
    else if (seen.has(key.toLowerCase())) issues.push({ field: keyField(i), message: `${key} is listed twice` });
    seen.add(key.toLowerCase());
    if (!percent) issues.push({ field: percentField(i), message: 'Enter a weight in %' });
    else if (!isDecimalString(percent)) issues.push({ field: percentField(i), message: 'Weight must be a plain number such as 25 or 12.5' });
    else if (isNegative(dec(percent))) issues.push({ field: percentField(i), message: 'Weight cannot be negative' });
    else if (cmp(dec(percent), HUNDRED) > 0) issues.push({ field: percentField(i), message: 'Weight cannot be over 100 %' });
  });
  if (rows.length === 0) issues.push({ field: SUM_FIELD, message: 'Add at least one target' });
  const total = percentTotal(rows);
  if (rows.length && !issues.some((i) => i.field.endsWith('-percent')) && total !== null && cmp(abs(sub(total, HUNDRED)), TOLERANCE) > 0) {
    issues.push({ field: SUM_FIELD, message: `Weights add up to ${toDecimalString(total)} %; they must add up to 100 %` });
  }
  if (issues.length) return { issues };
  return {
    targets: rows.map((row) => ({
      key: by === 'holding' ? row.key.trim().toUpperCase() : row.key.trim(),
      by,
      weight: toDecimalString(div(dec(row.percent.trim()), HUNDRED)),
    })),
  };
}

/** Stored targets back as editor rows (0.25 → "25"). */
export function draftsFromTargets(targets: readonly Pick<TargetRow, 'key' | 'weight'>[]): TargetDraft[] {
  return targets.map((t) => ({ key: t.key, percent: toDecimalString(mul(dec(t.weight), HUNDRED)) }));
}
