// npm run bench:ab -- <git ref> [fifo|average|lifo] [pairs]
//
// The engine of another commit against this working tree, in one process: their full
// recomputes alternate (ABBA), and the median of the pairs' ratios is printed. This VM's speed
// drifts by a third over minutes, which swamps a change's effect between two bench runs; two
// folds a few hundred milliseconds apart see the same machine. The same build against itself
// gives 0.98–1.04: read a ratio inside that as "no difference".
import { join } from 'node:path';
import { checkoutRoot, withCommit } from './commit-worktree';
import { benchPortfolio } from './engine-data';

const [ref, method = 'fifo', pairsText = '40'] = process.argv.slice(2);
if (!ref) {
  console.error('usage: npm run bench:ab -- <git ref> [fifo|average|lifo] [pairs]');
  process.exit(2);
}

await withCommit(ref, async (baseRoot) => {
  type Engine = { ledger: { recompute(options: unknown): void; current: unknown }; summarize(ledger: unknown, date: string, context: unknown): unknown };
  const data = benchPortfolio();
  const context = { baseCurrency: 'CAD', prices: data.prices, fx: data.fx };
  const load = async (tree: string): Promise<Engine> => {
    const { IncrementalLedger } = await import(join(tree, 'core/src/engine/incremental-ledger.ts'));
    const { summarizeHoldings } = await import(join(tree, 'core/src/engine/holdings-summary.ts'));
    const { cashTrackedAccounts } = await import(join(tree, 'core/src/engine/run-engine.ts'));
    const options = { baseCurrency: 'CAD', method, fx: data.fx, cashTrackedAccounts: cashTrackedAccounts(data.rows) };
    return { ledger: new IncrementalLedger(options, data.rows), summarize: summarizeHoldings };
  };
  const base = await load(baseRoot);
  const head = await load(checkoutRoot);
  const fold = (engine: Engine) => {
    const started = performance.now();
    engine.ledger.recompute(undefined);
    engine.summarize(engine.ledger.current, data.end, context);
    return performance.now() - started;
  };
  for (let i = 0; i < 4; i += 1) fold(base), fold(head);
  const ratios: number[] = [];
  const times = { base: [] as number[], head: [] as number[] };
  for (let i = 0; i < Number(pairsText); i += 1) {
    let b: number;
    let h: number;
    if (i % 2) {
      b = fold(base);
      h = fold(head);
    } else {
      h = fold(head);
      b = fold(base);
    }
    times.base.push(b);
    times.head.push(h);
    ratios.push(h / b);
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;
  console.log(`${method}: ${ref} median ${median(times.base).toFixed(1)} ms, working tree ${median(times.head).toFixed(1)} ms; ratio (median of ${ratios.length} pairs) ${median(ratios).toFixed(3)}`);
});
