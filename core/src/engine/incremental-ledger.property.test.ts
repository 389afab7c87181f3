import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatedSeries } from '../fx/dated-series';
import { FxRates } from '../fx/fx-rates';
import { dec } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { addDays } from '../time/days';
import { IncrementalLedger } from './incremental-ledger';
import type { LedgerOptions } from './ledger';
import { ledgerState } from './test-helpers';
import type { CostBasisMethod } from './types';

// Checkpoints are snapshots the ledger resumes from after an edit, built by a second fold after a
// full recompute (or by the edit's own replay): with a checkpoint every few transactions, any
// sequence of edits — refused ones included, with the checkpoints built or not — must leave
// exactly the state a fresh fold of the final history has.

const usd = new DatedSeries();
for (let d = 0; d < 400; d += 1) if (d % 7 !== 3) usd.set(addDays('2020-01-01', d), dec((1.3 + (d % 13) / 100).toFixed(4)));
const fx = new FxRates();
fx.setSeries('USD', 'CAD', usd);

const quantity = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map(String),
  fc.integer({ min: 1, max: 40_000 }).map((n) => (n / 1000).toFixed(3)),
);
const step = fc.record({
  roll: fc.integer({ min: 0, max: 99 }),
  account: fc.constantFrom('a', 'b'),
  symbol: fc.constantFrom('X', 'Y'),
  quantity,
  price: fc.integer({ min: 100, max: 10_000 }).map((n) => (n / 100).toFixed(2)),
  gap: fc.integer({ min: 0, max: 9 }),
  broker: fc.boolean(),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Mostly feasible histories of every kind that touches lots; sells and transfers within what is held. */
function history(steps: Step[], method: CostBasisMethod): TransactionRow[] {
  const rows: TransactionRow[] = [];
  const held = new Map<string, number>();
  const lots = new Map<string, string[]>();
  let date = '2020-01-01';
  steps.forEach((s, i) => {
    date = addDays(date, s.gap);
    const key = s.account + s.symbol;
    const h = held.get(key) ?? 0;
    const base = { id: `t${String(i).padStart(3, '0')}`, accountId: s.account, date, currency: s.symbol === 'X' ? 'CAD' : 'USD', symbol: s.symbol, createdAt: '', ...(s.broker ? { fxRate: '1.35' } : {}) };
    if (s.roll < 45 || h < 1) {
      rows.push({ ...base, kind: s.roll % 9 === 0 ? 'drip' : 'buy', quantity: s.quantity, price: s.price, fee: s.roll % 2 ? '4.95' : '0' });
      held.set(key, h + Number(s.quantity));
      lots.set(key, [...(lots.get(key) ?? []), base.id]);
    } else if (s.roll < 75) {
      const sold = Number(s.quantity) < h ? s.quantity : String(Math.max(1, Math.floor(h / 2)));
      const row: TransactionRow = { ...base, kind: 'sell', quantity: sold, price: s.price, fee: '4.95' };
      if (method === 'specific' && s.roll % 3) row.lotIds = (lots.get(key) ?? []).slice(-2).reverse();
      rows.push(row);
      held.set(key, h - Number(sold));
    } else if (s.roll < 82) {
      const ratio = (['2:1', '3:2', '1:4'] as const)[s.roll % 3]!;
      const [n, o] = ratio.split(':').map(Number) as [number, number];
      rows.push({ ...base, kind: 'split', ratio });
      held.set(key, (h * n) / o - 0.01);
    } else if (s.roll < 88) {
      rows.push({ ...base, kind: 'return_of_capital', amount: s.price });
    } else {
      const moved = Math.max(1, Math.floor(h / 3));
      const other = s.account === 'a' ? 'b' : 'a';
      rows.push({ ...base, kind: 'transfer', quantity: String(moved), toAccountId: other });
      held.set(key, h - moved);
      held.set(other + s.symbol, (held.get(other + s.symbol) ?? 0) + moved);
    }
  });
  return rows;
}

const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('quantity', 'delete', 'sell-more', 'buy-earlier'), build: fc.constantFrom(0, 3, 10, Number.POSITIVE_INFINITY) });

/** The outcome of folding rows from scratch: its state, or the refusal. */
function fresh(options: LedgerOptions, rows: TransactionRow[]): unknown {
  try {
    return ledgerState(new IncrementalLedger(options, rows).current);
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe('IncrementalLedger with checkpoints every few transactions (fast-check)', () => {
  it('ends every sequence of edits, refused ones included, where a fresh fold of the final history does', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 5, maxLength: 45 }),
        fc.constantFrom<CostBasisMethod>('fifo', 'lifo', 'specific', 'average'),
        fc.record({ every: fc.integer({ min: 1, max: 4 }), recentWindow: fc.integer({ min: 0, max: 20 }), sparseEvery: fc.integer({ min: 2, max: 8 }) }),
        fc.array(edit, { minLength: 1, maxLength: 5 }),
        (steps, method, spacing, edits) => {
          const options: LedgerOptions = { baseCurrency: 'CAD', method, fx, cashTrackedAccounts: new Set(['b']) };
          let rows = history(steps, method);
          let incremental: IncrementalLedger;
          try {
            incremental = new IncrementalLedger(options, rows, spacing);
          } catch {
            return; // refused from the start: nothing to edit
          }
          for (const e of edits) {
            // Checkpoints built before the edit: none, some (a build the edit drops), or all.
            if (e.build) incremental.buildCheckpoints(e.build);
            const row = rows[e.at % rows.length]!;
            const before = ledgerState(incremental.current);
            let upserts: TransactionRow[] = [];
            let deleted: string[] = [];
            if (e.kind === 'delete') deleted = [row.id];
            else if (e.kind === 'quantity') upserts = [row.quantity ? { ...row, quantity: row.quantity === '1' ? '2' : '1' } : { ...row, note: 'edited' }];
            else if (e.kind === 'sell-more') upserts = [{ ...row, id: `${row.id}s`, kind: 'sell', symbol: row.symbol ?? 'X', quantity: '7', price: '10', fee: '0', ratio: undefined, toAccountId: undefined, lotIds: undefined, amount: undefined }];
            else upserts = [{ ...row, id: `${row.id}b`, date: addDays(row.date, -3), kind: 'buy', symbol: row.symbol ?? 'X', quantity: '3', price: '20', fee: '1', ratio: undefined, toAccountId: undefined, lotIds: undefined, amount: undefined }];
            const next = [...rows.filter((r) => !deleted.includes(r.id) && !upserts.some((u) => u.id === r.id)), ...upserts];
            try {
              incremental.change(upserts, deleted);
              rows = next;
            } catch (error) {
              // Refused: the fold from scratch refuses it too, and nothing changed.
              expect(fresh(options, next)).toBe(`refused: ${(error as Error).message}`);
              expect(ledgerState(incremental.current)).toEqual(before);
            }
            expect(ledgerState(incremental.current)).toEqual(fresh(options, rows));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
