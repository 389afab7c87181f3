import { describe, expect, it } from 'vitest';
import { FxRates } from '../fx/fx-rates';
import type { TransactionRow } from '../model/transaction';
import { addDays } from '../time/days';
import { IncrementalLedger } from './incremental-ledger';
import type { LedgerOptions } from './ledger';
import { ledgerState, str } from './test-helpers';

const options: LedgerOptions = { baseCurrency: 'CAD', method: 'fifo', fx: new FxRates(), cashTrackedAccounts: new Set() };

/** 6,000 buys and sells of 3 symbols over ~16 years, one or two a day. */
function history(): TransactionRow[] {
  const rows: TransactionRow[] = [];
  let date = '2010-01-01';
  for (let i = 0; i < 6000; i += 1) {
    if (i % 2 === 0) date = addDays(date, 1);
    const symbol = ['A', 'B', 'C'][i % 3]!;
    const sell = i % 5 === 4;
    rows.push({ id: `t${String(i).padStart(5, '0')}`, accountId: 'a', kind: sell ? 'sell' : 'buy', date, currency: 'CAD', symbol, quantity: sell ? '1' : '3', price: String(10 + (i % 17)), createdAt: '' });
  }
  return rows;
}

const state = (l: IncrementalLedger) => ({ positions: [...l.current.positions.values()], dispositions: l.current.dispositions, cash: [...l.current.cash], flows: l.current.flows });

describe('IncrementalLedger', () => {
  it('replays only from the last checkpoint for a recent edit, and ends where a full recompute does', () => {
    const rows = history();
    const incremental = new IncrementalLedger(options, rows);
    expect(incremental.buildCheckpoints()).toBe(true);
    const last = rows.at(-1)!;
    const edited = { ...rows.at(-3)!, quantity: '5', price: '99' };
    const added: TransactionRow = { ...last, id: 'new-sale', kind: 'sell', quantity: '2' };
    incremental.change([edited, added], [rows.at(-2)!.id]);
    expect(incremental.lastRecompute.scope).toBe('since');
    expect(incremental.lastRecompute.replayed).toBeLessThan(2100);

    const expected = rows.filter((r) => r.id !== rows.at(-2)!.id).map((r) => (r.id === edited.id ? edited : r));
    const full = new IncrementalLedger(options, [...expected, added]);
    expect(state(incremental)).toEqual(state(full));
  });

  it('replays from the start for an edit before the first checkpoint, and keeps the old state when refused', () => {
    const rows = history();
    const incremental = new IncrementalLedger(options, rows);
    const before = state(incremental);
    const impossible = { ...rows[1]!, kind: 'sell' as const, quantity: '1000' };
    expect(() => incremental.change([impossible])).toThrow(/exceeds/);
    expect(state(incremental)).toEqual(before);
    incremental.change([{ ...rows[0]!, quantity: '4' }]);
    expect(incremental.lastRecompute.scope).toBe('full');
  });

  it('does not resume from a checkpoint whose own day was emptied when an earlier day is edited', () => {
    // One buy a day and a checkpoint before every day: deleting day 3 leaves its checkpoint
    // (it still holds days 1–2), which must not serve a later deletion on day 2.
    const rows = ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'].map((date, i): TransactionRow => ({ id: `b${i}`, accountId: 'a', kind: 'buy', date, currency: 'CAD', symbol: 'A', quantity: String(i + 1), price: '10', createdAt: '' }));
    const incremental = new IncrementalLedger(options, rows, { every: 1, recentWindow: 10, sparseEvery: 1 });
    incremental.change([], ['b2']);
    incremental.change([], ['b1']);
    expect(ledgerState(incremental.current)).toEqual(ledgerState(new IncrementalLedger(options, [rows[0]!, rows[3]!]).current));
    expect(str(incremental.current.positions.get('a\u0000A')!.quantity)).toBe('5');
  });

  it('answers a full recompute without checkpoints, then builds them in slices that end where one pass does', () => {
    const rows = history();
    const edited = { ...rows.at(-3)!, quantity: '5' };
    const expected = state(new IncrementalLedger(options, rows.map((r) => (r.id === edited.id ? edited : r))));

    // Built in slices of 700 transactions: an edit after that replays from a recent checkpoint.
    const sliced = new IncrementalLedger(options, rows);
    expect(sliced.needsCheckpoints).toBe(true);
    let slices = 1;
    while (!sliced.buildCheckpoints(700)) slices += 1;
    expect(slices).toBe(Math.ceil(rows.length / 700));
    expect(sliced.needsCheckpoints).toBe(false);
    sliced.change([edited]);
    expect(sliced.lastRecompute.scope).toBe('since');
    expect(sliced.lastRecompute.replayed).toBeLessThan(2100);
    expect(state(sliced)).toEqual(expected);

    // An edit before they are built replays everything once, and takes them on the way.
    const early = new IncrementalLedger(options, rows);
    early.buildCheckpoints(1000); // dropped by the edit
    early.change([edited]);
    expect(early.lastRecompute).toEqual({ scope: 'full', replayed: rows.length });
    expect(early.needsCheckpoints).toBe(false);
    expect(state(early)).toEqual(expected);
    early.change([{ ...edited, quantity: '3' }]);
    expect(early.lastRecompute.scope).toBe('since');
    expect(state(early)).toEqual(state(new IncrementalLedger(options, rows)));

    // A settings change recomputes in full, again without them.
    early.recompute({ ...options, method: 'lifo' });
    expect(early.needsCheckpoints).toBe(true);
  });
});

