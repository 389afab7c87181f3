import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, dec, isNegative, mul, sub, sum, toDecimalString, ZERO, type Decimal } from '../money/decimal';
import type { TransactionRow } from '../model/transaction';
import { addDays } from '../time/days';
import { FxRates } from '../fx/fx-rates';
import { IncrementalLedger } from './incremental-ledger';
import { ledgerState, runLedger } from './test-helpers';
import type { CostBasisMethod } from './types';

const methods: CostBasisMethod[] = ['average', 'fifo', 'lifo', 'specific'];
const amount = (scale: number) => fc.integer({ min: 1, max: 10_000_000 }).map((n) => toDecimalString(dec(`${n}`) / 10n ** BigInt(scale) as Decimal));

/** Random valid histories of one symbol: buys, and sells never above what is held. */
const history = fc
  .array(fc.record({ buy: fc.boolean(), quantity: amount(4), price: amount(2), fee: fc.constantFrom('0', '4.95', '9.99'), gap: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 40 })
  .map((steps) => {
    const rows: TransactionRow[] = [];
    let held = ZERO;
    let date = '2020-01-01';
    steps.forEach((step, i) => {
      date = addDays(date, step.gap);
      if (step.buy || held === ZERO) {
        held = add(held, dec(step.quantity));
        rows.push({ id: `r${String(i).padStart(3, '0')}`, accountId: 'a', kind: 'buy', date, currency: 'CAD', symbol: 'X', quantity: step.quantity, price: step.price, fee: step.fee, createdAt: '' });
      } else {
        const quantity = cmp(dec(step.quantity), held) > 0 ? held : dec(step.quantity);
        held = sub(held, quantity);
        rows.push({ id: `r${String(i).padStart(3, '0')}`, accountId: 'a', kind: 'sell', date, currency: 'CAD', symbol: 'X', quantity: toDecimalString(quantity), price: step.price, fee: '0', createdAt: '' });
      }
    });
    return { rows, held, lastDate: date };
  });

const sortForEngine = (rows: TransactionRow[]) => [...rows].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));

describe('ledger invariants (fast-check)', () => {
  it('never holds a negative quantity or cost, and lots add up to the position', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...methods), ({ rows }, method) => {
        for (let n = 1; n <= rows.length; n += 1) {
          const ledger = runLedger(rows.slice(0, n), { method });
          for (const p of ledger.positions.values()) {
            expect(isNegative(p.quantity) || isNegative(p.costBase)).toBe(false);
            if (method === 'average') continue; // the pool has no lots (they are derived on request)
            expect(sum(p.lots.map((l) => l.quantity))).toBe(p.quantity);
            expect(sum(p.lots.map((l) => l.costBase))).toBe(p.costBase);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('buying then selling everything leaves zero cost, and gains equal proceeds minus costs exactly', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...methods), amount(2), ({ rows, held, lastDate }, method, price) => {
        const all = held === ZERO ? rows : [...rows, { id: 'zz-final', accountId: 'a', kind: 'sell' as const, date: addDays(lastDate, 1), currency: 'CAD', symbol: 'X', quantity: toDecimalString(held), price, fee: '0', createdAt: '' }];
        const ledger = runLedger(all, { method });
        expect(ledger.positions.size).toBe(0);
        const bought = sum(all.filter((r) => r.kind === 'buy').map((r) => add(mul(dec(r.quantity!), dec(r.price!)), dec(r.fee ?? '0'))));
        const proceeds = sum(ledger.dispositions.map((d) => d.proceedsBase));
        expect(sum(ledger.dispositions.map((d) => d.gainBase))).toBe(sub(proceeds, bought));
      }),
      { numRuns: 100 },
    );
  });

  it('gives identical results whatever order the transactions were inserted in', () => {
    fc.assert(
      fc.property(
        history.chain((h) => fc.tuple(fc.constant(h), fc.shuffledSubarray(h.rows, { minLength: h.rows.length, maxLength: h.rows.length }))),
        fc.constantFrom(...methods),
        ([{ rows }, shuffled], method) => {
          // Through the engine's own path (rows as stored, in any order, sorted by the engine).
          const options = { baseCurrency: 'CAD', method, fx: new FxRates(), cashTrackedAccounts: new Set<string>() };
          const a = new IncrementalLedger(options, rows).current;
          const b = new IncrementalLedger(options, shuffled).current;
          expect(ledgerState(b)).toEqual(ledgerState(a));
          // And both as the history in date order gives.
          expect(ledgerState(a)).toEqual(ledgerState(runLedger(sortForEngine(rows), { method, cashTrackedAccounts: new Set() })));
        },
      ),
      { numRuns: 60 },
    );
  });
});
