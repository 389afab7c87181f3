import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

export type UPlotModule = typeof uPlot;

/**
 * Draws a uPlot chart into `target`, loading uPlot (and its stylesheet) only when a chart is
 * first shown, so screens that import a chart do not carry it in their first bytes. The chart
 * follows its container's width; `build` runs again (a new chart) when `deps` change — data,
 * colors or size options — which is cheap at the few hundred points a screen plots.
 */
export function useUplot(target: RefObject<HTMLDivElement | null>, build: (U: UPlotModule, width: number) => { options: uPlot.Options; data: uPlot.AlignedData } | null, deps: unknown[]): void {
  useEffect(() => {
    let disposed = false;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => {
      const element = target.current;
      if (disposed || !element) return;
      const U = module.default;
      const built = build(U, Math.max(200, element.clientWidth));
      if (!built) return;
      chart = new U(built.options, built.data, element);
      let lastWidth = element.clientWidth;
      observer = new ResizeObserver(() => {
        const width = element.clientWidth;
        if (!chart || width === lastWidth || width === 0) return;
        lastWidth = width;
        chart.setSize({ width, height: built.options.height });
      });
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, deps);
}

/**
 * The latest value and axis formatters, read when drawing: a parent passing new functions each
 * render does not redraw the chart.
 */
export function useLatestFormats(format: (v: number) => string, axisFormat?: (v: number) => string) {
  const formats = useRef({ format, axisFormat });
  formats.current = { format, axisFormat };
  return {
    fmt: (v: number) => formats.current.format(v),
    axisFmt: (v: number) => (formats.current.axisFormat ?? formats.current.format)(v),
  };
}
