// npm run bench:compare -- <git ref> [histories]
//
// Another commit's ledger against this working tree's on random histories: every position, lot,
// cash balance, holding total, flow and disposition must be identical, and so must every
// refusal, after a full recompute and after each of three edits (with a checkpoint every few
// transactions, where the working tree can place them). For engine changes meant to be faster
// and nothing else. Histories mix every cost-basis method, whole and fractional units, splits,
// return of capital, transfers between accounts, DRIP, broker rates and missing FX rates.
import { join } from 'node:path';
import { dec } from '../core/src/money/decimal';
import { DatedSeries } from '../core/src/fx/dated-series';
import { FxRates } from '../core/src/fx/fx-rates';
import type { TransactionRow } from '../core/src/model/transaction';
import type { Position } from '../core/src/engine/types';
import { addDays } from '../core/src/time/days';
import { checkoutRoot, withCommit } from './commit-worktree';
import { prng } from './engine-data';

const [ref, countText = '3000'] = process.argv.slice(2);
if (!ref) {
  console.error('usage: npm run bench:compare -- <git ref> [histories]');
  process.exit(2);
}

type LedgerLike = { positions: Map<string, Position>; cash: unknown; stats: unknown; flows: unknown; dispositions: unknown };
type IncrementalLike = { current: LedgerLike; change(rows: TransactionRow[], deletedIds?: string[]): void; buildCheckpoints?(budget?: number): boolean };
/** (`spacing`: checkpoints every few transactions, where the tree has that option; a ref without it ignores it.) */
type Constructor = new (options: unknown, rows: TransactionRow[], spacing?: unknown) => IncrementalLike;

/** Everything a ledger decided, as text (bigints as decimal units; a position's and lot's own fields only, not the fold's bookkeeping). */
function outputs(ledger: LedgerLike): string {
  const positions = [...ledger.positions].map(([k, p]) => {
    const lots = p.lots.map(({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap }) => ({ id, accountId, symbol, date, quantity, costLocal, costBase, fxGap }));
    return [k, { accountId: p.accountId, symbol: p.symbol, currency: p.currency, quantity: p.quantity, costLocal: p.costLocal, costBase: p.costBase, lots, fxGap: p.fxGap }];
  });
  const state = { positions, cash: ledger.cash, stats: ledger.stats, flows: ledger.flows, dispositions: ledger.dispositions };
  return JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v] : v));
}

/** A random history: mostly feasible (sales and transfers within what is held), some refused. */
function history(seed: number): { rows: TransactionRow[]; method: string } {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const method = pick(['fifo', 'lifo', 'specific', 'average']);
  const rows: TransactionRow[] = [];
  const held = new Map<string, number>();
  const lotIds = new Map<string, string[]>();
  let date = '2020-01-01';
  for (let i = 0; i < 5 + Math.floor(r() * 40); i += 1) {
    date = addDays(date, Math.floor(r() * 10));
    const accountId = pick(['a', 'b']);
    const symbol = pick(['X', 'Y']);
    const key = accountId + symbol;
    const h = held.get(key) ?? 0;
    const quantity = r() < 0.7 ? String(1 + Math.floor(r() * 30)) : (r() * 30 + 0.001).toFixed(3);
    const base = { id: `t${String(i).padStart(3, '0')}`, accountId, date, currency: symbol === 'X' ? 'CAD' : 'USD', symbol, createdAt: '' };
    const roll = r();
    if (roll < 0.45 || h <= 0) {
      rows.push({ ...base, kind: 'buy', quantity, price: (r() * 100 + 1).toFixed(2), fee: pick(['0', '4.95']), ...(r() < 0.2 ? { fxRate: '1.35' } : {}) });
      held.set(key, h + Number(quantity));
      lotIds.set(key, [...(lotIds.get(key) ?? []), base.id]);
    } else if (roll < 0.75) {
      const sold = r() < 0.2 && Number(quantity) < h ? quantity : String(Math.max(1, Math.floor(h * r())));
      const row: TransactionRow = { ...base, kind: 'sell', quantity: sold, price: (r() * 100 + 1).toFixed(2), fee: '4.95' };
      if (method === 'specific' && r() < 0.7) row.lotIds = [...(lotIds.get(key) ?? [])].sort(() => r() - 0.5).slice(0, 2);
      rows.push(row);
      held.set(key, h - Number(sold));
    } else if (roll < 0.82) {
      const ratio = pick(['2:1', '3:2', '1:4']);
      const [n, o] = ratio.split(':').map(Number) as [number, number];
      rows.push({ ...base, kind: 'split', ratio });
      held.set(key, (h * n) / o - 0.01);
    } else if (roll < 0.88) {
      rows.push({ ...base, kind: 'return_of_capital', amount: (r() * 200).toFixed(2) });
    } else if (roll < 0.94) {
      const moved = Math.max(1, Math.floor(h * r()));
      const other = accountId === 'a' ? 'b' : 'a';
      rows.push({ ...base, kind: 'transfer', quantity: String(moved), toAccountId: other });
      held.set(key, h - moved);
      held.set(other + symbol, (held.get(other + symbol) ?? 0) + moved);
    } else {
      rows.push({ ...base, kind: 'drip', quantity, price: (r() * 100 + 1).toFixed(2) });
    }
  }
  return { rows, method };
}

await withCommit(ref, async (refRoot) => {
  const load = async (tree: string) => (await import(join(tree, 'core/src/engine/incremental-ledger.ts'))).IncrementalLedger as Constructor;
  const [Before, After] = [await load(refRoot), await load(checkoutRoot)];
  // USD→CAD with a day missing every week: some trades convert, some carry an FX gap.
  const usd = new DatedSeries();
  for (let d = 0; d < 400; d += 1) if (d % 7 !== 3) usd.set(addDays('2020-01-01', d), dec((1.3 + (d % 13) / 100).toFixed(4)));
  const fx = new FxRates();
  fx.setSeries('USD', 'CAD', usd);

  let refused = 0;
  const differ: number[] = [];
  const count = Number(countText);
  for (let seed = 1; seed <= count; seed += 1) {
    const { rows, method } = history(seed);
    const options = { baseCurrency: 'CAD', method, fx, cashTrackedAccounts: new Set(['b']) };
    // Three edits in turn: a quantity late in the history, a deletion, a quantity early on.
    const at = (i: number) => rows[Math.max(0, Math.min(rows.length - 1, i))]!;
    const withQuantity = (row: TransactionRow): TransactionRow => (row.quantity ? { ...row, quantity: '1' } : { ...row, note: 'edited' });
    const edits: [TransactionRow[], string[]][] = [
      [[withQuantity(at(rows.length - 3))], []],
      [[], [at(Math.floor(rows.length / 2)).id]],
      [[withQuantity(at(2))], []],
    ];
    const spacing = { every: 1 + (seed % 3), recentWindow: 8, sparseEvery: 4 };
    const run = (Ledger: Constructor): string => {
      let ledger: IncrementalLike;
      try {
        ledger = new Ledger(options, rows, spacing);
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
      let text = outputs(ledger.current);
      // Where the tree builds checkpoints after a full recompute: sometimes all of them (the first
      // edit then restores one from the second fold), sometimes part (the edit drops the work).
      ledger.buildCheckpoints?.(seed % 2 ? Number.POSITIVE_INFINITY : 5);
      for (const [upserts, deleted] of edits) {
        try {
          ledger.change(upserts, deleted);
          text += ` ${outputs(ledger.current)}`;
        } catch (error) {
          text += ` edit refused: ${(error as Error).message} ${outputs(ledger.current)}`;
        }
      }
      return text;
    };
    const before = run(Before);
    if (before.startsWith('refused')) refused += 1;
    if (before !== run(After)) differ.push(seed);
  }
  console.log(`${count} histories (${refused} refused by ${ref}): ${differ.length === 0 ? 'identical' : `${differ.length} differ, seeds ${differ.slice(0, 10).join(', ')}`}`);
  if (differ.length) process.exitCode = 1;
});
