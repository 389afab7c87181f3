import type { PerformanceResult } from '../../../../core/src/api/core-api';
import { plottableValues } from '../portfolio/reports/report-format';
import { dayToUnix, toPlot } from './dashboard-figures';

/** A benchmark's value per day in the base currency, when the worker sends one with the comparison. */
type BenchmarkWithSeries = NonNullable<PerformanceResult['benchmark']>;

export interface PerformanceChartData {
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

/**
 * The portfolio's value per day (gaps from the first unvaluable day) and, when the result carries the benchmark's own daily values
 * ("the same cash flows invested in the index"), the benchmark on the same days; days the
 * benchmark has no value stay gaps, never zeros.
 */
export function performanceChartData(result: PerformanceResult): PerformanceChartData {
  const x = result.series.map((p) => dayToUnix(p.date));
  // From the first day something could not be valued the line stops: never a fall to zero.
  const series: PerformanceChartData['series'] = [{ label: 'Portfolio', values: plottableValues(result.series, result.gaps) }];
  const benchmark = result.benchmark as BenchmarkWithSeries | undefined;
  if (benchmark?.series?.length) {
    const byDate = new Map(benchmark.series.map((p) => [p.date, toPlot(p.value)]));
    series.push({ label: benchmark.symbol, values: result.series.map((p) => byDate.get(p.date) ?? null) });
  }
  return { x, series };
}
