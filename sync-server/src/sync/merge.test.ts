import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeleted, mergeMutation, type StoredRow } from './merge';

const hlc = (ms: number, node = 'a') => `${String(ms).padStart(13, '0')}-0000-${node}`;
const apply = (ops: { op: 'put' | 'patch' | 'delete'; data?: Record<string, unknown>; hlc: string }[]) =>
  ops.reduce<StoredRow | undefined>((row, m) => mergeMutation(row, m) ?? row, undefined);
const visible = (row: StoredRow | undefined) => (row && !isDeleted(row) ? row.data : null);

describe('mergeMutation', () => {
  it('keeps the newest value of each field, whatever the arrival order', () => {
    const a = { op: 'put' as const, data: { name: 'A', note: 'x' }, hlc: hlc(1) };
    const b = { op: 'patch' as const, data: { name: 'B' }, hlc: hlc(2, 'b') };
    expect(visible(apply([a, b]))).toEqual({ name: 'B', note: 'x' });
    expect(visible(apply([b, a]))).toEqual({ name: 'B', note: 'x' });
  });

  it('deletes with a tombstone that beats older puts, and a newer put re-creates the row fresh', () => {
    const put = { op: 'put' as const, data: { name: 'A', note: 'old' }, hlc: hlc(1) };
    const del = { op: 'delete' as const, hlc: hlc(2) };
    const late = { op: 'put' as const, data: { name: 'late' }, hlc: hlc(1, 'z') };
    const recreate = { op: 'put' as const, data: { name: 'again' }, hlc: hlc(3) };
    expect(visible(apply([put, del, late]))).toBeNull();
    expect(visible(apply([put, del, recreate]))).toEqual({ name: 'again' });
    expect(visible(apply([recreate, del, put]))).toEqual({ name: 'again' });
  });

  it('never resurrects a deleted row from an edit made by a device that had not seen the delete', () => {
    const create = { op: 'put' as const, data: { id: 'p1', name: 'A', method: 'fifo' }, hlc: hlc(1) };
    const del = { op: 'delete' as const, hlc: hlc(2, 'b') };
    const edit = { op: 'patch' as const, data: { name: 'Renamed' }, hlc: hlc(3, 'c') };
    for (const order of [[create, del, edit], [create, edit, del], [edit, create, del]]) expect(visible(apply(order))).toBeNull();
    // A whole-row put after the delete re-creates it, whole.
    expect(visible(apply([create, del, edit, { op: 'put', data: { id: 'p1', name: 'New' }, hlc: hlc(4) }]))).toEqual({ id: 'p1', name: 'New' });
    // A patch to a row the server never had creates nothing visible.
    expect(visible(apply([edit]))).toBeNull();
  });

  it('removes a field set to null and reports no change for a repeat', () => {
    const row = apply([{ op: 'put', data: { a: 1, b: 2 }, hlc: hlc(1) }, { op: 'patch', data: { b: null }, hlc: hlc(2) }]);
    expect(visible(row)).toEqual({ a: 1 });
    expect(mergeMutation(row, { op: 'patch', data: { b: null }, hlc: hlc(2) })).toBeNull();
  });

  it('converges for any interleaving (fast-check)', () => {
    const mutation = fc.record({
      op: fc.constantFrom('put' as const, 'patch' as const, 'patch' as const, 'delete' as const),
      data: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.integer(), fc.constant(null)), { minKeys: 1 }),
      hlc: fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom('n1', 'n2', 'n3')).map(([ms, node]) => hlc(ms, node)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(mutation, { selector: (m) => m.hlc, minLength: 1, maxLength: 12 }), fc.nat(), (ops, seed) => {
        const shuffled = [...ops].sort((x, y) => ((x.hlc.charCodeAt(14) * 31 + seed) % 7) - ((y.hlc.charCodeAt(14) * 31 + seed) % 7));
        const doubled = [...shuffled, ...ops.slice(0, 3)];
        expect(visible(apply(doubled))).toEqual(visible(apply([...ops].sort((x, y) => (x.hlc < y.hlc ? -1 : 1)))));
      }),
      { numRuns: 300 },
    );
  });
});
