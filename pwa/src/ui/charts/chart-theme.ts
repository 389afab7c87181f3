import { useEffect, useState } from 'preact/hooks';

/** The colors a canvas chart draws with, read from the theme's CSS variables (see charts.css). */
export interface ChartColors {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  series: string[];
}

const FALLBACK: ChartColors = { fg: '#0f172a', muted: '#475569', grid: '#e2e8f0', bg: '#ffffff', series: ['#0f766e', '#7c3aed', '#c2410c', '#1d4ed8', '#be185d', '#4d7c0f', '#a16207', '#475569'] };
export const PALETTE_SIZE = FALLBACK.series.length;

/** A canvas cannot use `var(--x)`: the values are read from <html> now. */
export function readChartColors(): ChartColors {
  if (typeof document === 'undefined') return FALLBACK;
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    fg: read('--fg', FALLBACK.fg),
    muted: read('--muted', FALLBACK.muted),
    grid: read('--chart-grid', FALLBACK.grid),
    bg: read('--bg', FALLBACK.bg),
    series: FALLBACK.series.map((color, i) => read(`--chart-${i + 1}`, color)),
  };
}

/** The CSS variable of the i-th series color (cycling), for SVG and swatches that follow the theme by themselves. */
export const seriesVar = (i: number) => `var(--chart-${(i % PALETTE_SIZE) + 1})`;

/**
 * The chart colors, read again whenever the theme changes: the app's choice (`data-theme` on
 * <html>) or, for "system", the OS's light/dark preference.
 */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readChartColors);
  useEffect(() => {
    const update = () => {
      const next = readChartColors();
      setColors((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
    };
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    // The stylesheet of this chunk may arrive after the first read.
    const frame = requestAnimationFrame(update);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', update);
      cancelAnimationFrame(frame);
    };
  }, []);
  return colors;
}

/** The page's locale (the app sets `lang` on <html> from the user's setting). */
export function pageLocale(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.documentElement.lang || undefined;
}
