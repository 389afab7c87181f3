import type uPlot from 'uplot';
import type { ChartColors } from './chart-theme';

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CHAR_WIDTH = 7;

/** Axes in the theme's colors; the value axis as wide as its longest formatted label. */
export function themedAxes(colors: ChartColors, format: (v: number) => string, x: Partial<uPlot.Axis> = {}): uPlot.Axis[] {
  const common = { stroke: colors.fg, font: FONT, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 } };
  return [
    { ...common, ...x },
    {
      ...common,
      values: (_u, splits) => splits.map((v) => format(v)),
      size: (_u, values) => 16 + CHAR_WIDTH * Math.max(4, ...(values ?? []).map((v) => String(v).length)),
    },
  ];
}

/** Writes the hovered position's values into `readout` (the figure's text versions stay the accessible source). */
export function readoutHook(readout: HTMLElement | null, describe: (index: number) => string): uPlot.Hooks.Arrays['setCursor'] {
  return [
    (u: uPlot) => {
      if (!readout) return;
      const index = u.cursor.idx;
      readout.textContent = index === null || index === undefined ? '' : describe(index);
    },
  ];
}
