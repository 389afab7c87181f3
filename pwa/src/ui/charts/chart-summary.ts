/**
 * Text versions of a chart's numbers, for screen readers and for anyone who wants the figures:
 * a one-sentence summary per series and the rows of a data table.
 */

export interface NamedSeries {
  label: string;
  values: (number | null)[];
}

/** A day (unix seconds at UTC midnight) as a short date, in UTC so it is the day that was meant. */
export function formatDay(unixSeconds: number, locale?: string): string {
  return new Date(unixSeconds * 1000).toLocaleDateString(locale, { timeZone: 'UTC', dateStyle: 'medium' });
}

/**
 * "Portfolio: from $1,000.00 (Jan 2, 2025) to $1,200.00 (Feb 14, 2025); low $950.00 (Jan 10, 2025),
 * high $1,210.00 (Feb 13, 2025)." Points without a value are skipped; a series without any says so.
 */
export function describeSeries(series: NamedSeries, positions: string[], format: (v: number) => string): string {
  let first = -1;
  let last = -1;
  let low = -1;
  let high = -1;
  series.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    if (first < 0) first = i;
    last = i;
    if (low < 0 || v < series.values[low]!) low = i;
    if (high < 0 || v > series.values[high]!) high = i;
  });
  if (first < 0) return `${series.label}: no data.`;
  const at = (i: number) => `${format(series.values[i]!)} (${positions[i] ?? ''})`;
  if (first === last) return `${series.label}: ${at(first)}.`;
  return `${series.label}: from ${at(first)} to ${at(last)}; low ${at(low)}, high ${at(high)}.`;
}

/** One row per position: its name, then each series' value formatted ("—" when missing). */
export function tableRows(series: readonly NamedSeries[], positions: string[], format: (v: number) => string): string[][] {
  return positions.map((name, i) => [name, ...series.map((s) => {
    const v = s.values[i];
    return v === null || v === undefined || !Number.isFinite(v) ? '—' : format(v);
  })]);
}

/**
 * A cheap fingerprint of chart data, so a chart is redrawn when its numbers change and not
 * when a parent merely builds equal arrays again.
 */
export function dataKey(positions: readonly (number | string)[], series: readonly NamedSeries[]): string {
  let hash = 0;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  };
  for (const p of positions) mix(`${p};`);
  for (const s of series) {
    mix(`|${s.label}|`);
    for (const v of s.values) mix(`${v ?? 'null'};`);
  }
  return `${positions.length}:${series.length}:${hash}`;
}
