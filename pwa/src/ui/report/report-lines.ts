import type { DataGap } from '../../../../core/src/engine/types';

/** What the engine could not value, one sentence per distinct gap ("No price for AAPL on 2025-02-14"). */
export function describeGaps(gaps: readonly DataGap[]): string[] {
  const lines = gaps.map((g) => (g.kind === 'missing_price' ? `No price for ${g.symbol} on ${g.date}` : `No ${g.from}→${g.to} exchange rate on ${g.date}`));
  return [...new Set(lines)];
}

/** "Tuesday, November 24, 2026" in the reader's locale, from an ISO day (read as a calendar day, not UTC midnight). */
export function formatDay(isoDay: string, locale: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).toLocaleDateString(locale, { dateStyle: 'long' } as Intl.DateTimeFormatOptions);
}
