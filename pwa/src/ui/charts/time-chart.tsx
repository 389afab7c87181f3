import { useMemo, useRef } from 'preact/hooks';
import { ChartFigure } from './chart-figure';
import { dataKey, formatDay } from './chart-summary';
import { pageLocale, useChartColors } from './chart-theme';
import { readoutHook, themedAxes } from './axis-options';
import { useLatestFormats, useUplot } from './use-uplot';

export interface TimeChartProps {
  title: string;
  description: string;
  /** Days as unix seconds (UTC midnight); drawn in UTC so a day never shows as the one before. */
  x: number[];
  series: { label: string; values: (number | null)[] }[];
  /** Formats a value for the axis, the hover readout and the text versions. */
  format: (v: number) => string;
  /** Shorter labels for the value axis (e.g. whole dollars); `format` when omitted. */
  axisFormat?: (v: number) => string;
  height?: number;
}

/**
 * Values over time (a portfolio's value, a benchmark beside it) as lines. uPlot is loaded when
 * the chart first shows; the figure carries a summary and a data table for screen readers.
 */
export function TimeChart({ title, description, x, series, format, axisFormat, height = 260 }: TimeChartProps) {
  const colors = useChartColors();
  const plot = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const { fmt, axisFmt } = useLatestFormats(format, axisFormat);
  const locale = pageLocale();
  const days = useMemo(() => x.map((t) => formatDay(t, locale)), [x, locale]);

  useUplot(
    plot,
    (U, width) => ({
      options: {
        width,
        height,
        tzDate: (ts) => U.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true } },
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        axes: themedAxes(colors, axisFmt),
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: colors.series[i % colors.series.length]!, width: 2, spanGaps: false }))],
        hooks: {
          setCursor: readoutHook(readout.current, (i) => [days[i], ...series.map((s) => `${s.label} ${s.values[i] == null ? '—' : fmt(s.values[i]!)}`)].join(' · ')),
        },
      },
      data: [x, ...series.map((s) => s.values)],
    }),
    [dataKey(x, series), colors, height, locale],
  );

  return (
    <ChartFigure title={title} description={description} series={series} positions={days} positionHeader="Date" format={format} height={height} plotRef={plot} readoutRef={readout} swatch="line" />
  );
}
