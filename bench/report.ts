export interface BenchResult {
  name: string;
  /** The target, in `unit` (milliseconds unless said otherwise). */
  targetMs: number;
  medianMs: number;
  /** The worst run (the lowest one when `atLeast`). */
  maxMs: number;
  runs: number;
  /** Unit of the three numbers (default "ms"). */
  unit?: string;
  /** The target is a floor (throughput), not a ceiling. */
  atLeast?: boolean;
  /** Shown for comparison (a load shape the target does not describe): never counted as met or missed. */
  informational?: boolean;
}

/** Runs `fn` once to warm up, then `runs` times; reports the median and the worst run. */
export function timed(name: string, targetMs: number, runs: number, fn: () => void): BenchResult {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, targetMs, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)!, runs };
}

/** Prints a Markdown table (pasted into the README) and sets a failing exit code on a miss. */
export function report(title: string, results: BenchResult[]): void {
  const lines = [`### ${title}`, '', '| measurement | target | median | worst | runs | |', '|---|---|---|---|---|---|'];
  for (const r of results) {
    const ok = r.atLeast ? r.medianMs >= r.targetMs : r.medianMs <= r.targetMs;
    if (!ok && !r.informational) process.exitCode = 1;
    const unit = r.unit ?? 'ms';
    const digits = unit === 'ms' ? 1 : 0;
    const show = (n: number) => `${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
    lines.push(`| ${r.name} | ${r.atLeast ? '≥' : unit === 'ms' ? '<' : '≤'} ${show(r.targetMs)} | ${show(r.medianMs)} | ${show(r.maxMs)} | ${r.runs} | ${r.informational ? 'for comparison' : ok ? 'met' : '**missed**'} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
