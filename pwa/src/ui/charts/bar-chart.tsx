import { useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { ChartFigure } from './chart-figure';
import { dataKey } from './chart-summary';
import { useChartColors } from './chart-theme';
import { readoutHook, themedAxes } from './axis-options';
import { useLatestFormats, useUplot } from './use-uplot';

export interface BarChartProps {
  title: string;
  description: string;
  /** One label per bar position (e.g. "Jan 2025"). */
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
  format: (v: number) => string;
  /** Shorter labels for the value axis (e.g. whole dollars); `format` when omitted. */
  axisFormat?: (v: number) => string;
  height?: number;
}

/** Where each series' bars sit around their position: one centered, two side by side, more overlaid narrower. */
function barLayout(count: number, index: number): { align: -1 | 0 | 1; size: number } {
  if (count === 1) return { align: 0, size: 0.6 };
  if (count === 2) return { align: index === 0 ? -1 : 1, size: 0.4 };
  return { align: 0, size: 0.8 * (1 - index / count) };
}

/**
 * Amounts per period (income by month) as bars from zero, negatives below the axis. uPlot is
 * loaded when the chart first shows; the figure carries a summary and a data table.
 */
export function BarChart({ title, description, labels, series, format, axisFormat, height = 220 }: BarChartProps) {
  const colors = useChartColors();
  const plot = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const { fmt, axisFmt } = useLatestFormats(format, axisFormat);

  useUplot(
    plot,
    (U, width) => {
      const bars = U.paths.bars;
      if (!bars) return null;
      const positions = labels.map((_, i) => i);
      // Labels thin out on narrow charts so they never overlap.
      const every = Math.max(1, Math.ceil((labels.length * 64) / Math.max(width - 80, 1)));
      const xAxis: Partial<uPlot.Axis> = {
        splits: () => positions,
        values: (_u, splits) => splits.map((i) => (i % every === 0 ? (labels[i] ?? '') : '')),
        grid: { show: false },
      };
      return {
        options: {
          width,
          height,
          scales: {
            x: { time: false, range: [-0.5, labels.length - 0.5] },
            y: { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.05 || 1] },
          },
          legend: { show: false },
          cursor: { drag: { x: false, y: false }, points: { show: false } },
          axes: themedAxes(colors, axisFmt, xAxis),
          series: [
            {},
            ...series.map((s, i) => {
              const color = colors.series[i % colors.series.length]!;
              const layout = barLayout(series.length, i);
              return { label: s.label, fill: color, stroke: color, width: 0, fillTo: 0, paths: bars({ align: layout.align, size: [layout.size, 64] }), points: { show: false } };
            }),
          ],
          hooks: {
            setCursor: readoutHook(readout.current, (i) => [labels[i], ...series.map((s) => `${s.label} ${s.values[i] == null ? '—' : fmt(s.values[i]!)}`)].join(' · ')),
          },
        },
        data: [positions, ...series.map((s) => s.values)],
      };
    },
    [dataKey(labels, series), colors, height],
  );

  return (
    <ChartFigure title={title} description={description} series={series} positions={labels} positionHeader="Period" format={format} height={height} plotRef={plot} readoutRef={readout} swatch="box" />
  );
}
