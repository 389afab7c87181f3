/**
 * The performance panel's period: a named period or a custom date range, checked here so the
 * error can sit next to the date field instead of coming back from the worker.
 */
import { isIsoDate, type DateRange, type PeriodKey } from '../../../../../core/src/engine/periods';
import type { FieldIssue } from '../../../../../core/src/errors';

/** The named periods offered, in the order shown. */
export const PERIOD_CHOICES: readonly { key: PeriodKey; label: string }[] = [
  { key: '1M', label: '1 month' },
  { key: '3M', label: '3 months' },
  { key: '6M', label: '6 months' },
  { key: 'YTD', label: 'Year to date' },
  { key: '1Y', label: '1 year' },
  { key: '3Y', label: '3 years' },
  { key: '5Y', label: '5 years' },
  { key: 'ALL', label: 'All time' },
];

/** A custom range as the period query, or the problems with it, each naming its field. */
export function customRange(from: string, to: string, today: string): { range: DateRange } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const f = from.trim();
  const t = to.trim();
  if (!f) issues.push({ field: 'from', message: 'Enter the first day of the period' });
  else if (!isIsoDate(f)) issues.push({ field: 'from', message: 'Start must be a real date (YYYY-MM-DD)' });
  if (!t) issues.push({ field: 'to', message: 'Enter the last day of the period' });
  else if (!isIsoDate(t)) issues.push({ field: 'to', message: 'End must be a real date (YYYY-MM-DD)' });
  else if (t > today) issues.push({ field: 'to', message: 'End cannot be after today' });
  if (!issues.length && f > t) issues.push({ field: 'from', message: 'Start must be on or before the end' });
  return issues.length ? { issues } : { range: { from: f, to: t } };
}
