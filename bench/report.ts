export interface BenchResult {
  name: string;
  targetMs: number;
  medianMs: number;
  maxMs: number;
  runs: number;
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
    const ok = r.medianMs <= r.targetMs;
    if (!ok) process.exitCode = 1;
    lines.push(`| ${r.name} | < ${r.targetMs} ms | ${r.medianMs.toFixed(1)} ms | ${r.maxMs.toFixed(1)} ms | ${r.runs} | ${ok ? 'met' : '**missed**'} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
