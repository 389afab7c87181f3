import type { Found, SiteAdapter } from './adapters/adapter';

/**
 * Runs the adapters over the page in time slices: work stops once a slice has used its budget
 * and resumes in the next idle period, so no scan blocks the page for more than ~5 ms. Adapters
 * only read the DOM (text and attributes, never layout), so slicing never forces a reflow.
 */
export interface ScanResult {
  found: Found[];
  /** How long each slice ran (ms). */
  slices: number[];
}

/**
 * A slice stops once it has run this long (ms): with a step's overrun (a step is at most 50 text
 * nodes or one querySelectorAll) a slice stays under the 5 ms budget.
 */
export const BUDGET_MS = 3;

export interface ScanOptions {
  /** Stop a slice once this much time has passed (ms); each step is short, so slices end just past it. */
  budgetMs?: number;
  now?: () => number;
  /** Waits for the next chance to run (an idle callback in the page). */
  pause?: () => Promise<void>;
  /** Called with each slice's start and end, for measurement. */
  onSlice?: (start: number, end: number) => void;
}

export function nextIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 250 });
    else setTimeout(resolve, 0);
  });
}

export async function scanSliced(adapters: SiteAdapter[], doc: Document, url: URL, options: ScanOptions = {}): Promise<ScanResult> {
  const { budgetMs = BUDGET_MS, now = () => performance.now(), pause = nextIdle, onSlice } = options;
  const found: Found[] = [];
  const slices: number[] = [];
  const steps = adapters.map((a) => a.scan(doc, url)[Symbol.iterator]());
  let start = now();
  for (const it of steps) {
    for (;;) {
      const step = it.next();
      if (step.done) break;
      if (step.value) found.push(step.value);
      const t = now();
      if (t - start >= budgetMs) {
        slices.push(t - start);
        onSlice?.(start, t);
        await pause();
        start = now();
      }
    }
  }
  const end = now();
  slices.push(end - start);
  onSlice?.(start, end);
  return { found, slices };
}
