import type { Mutation, RowFields } from '../../../core/src/sync/protocol';

/** A row as the server keeps it: field values, each field's clock, and the clocks of its newest put and delete. */
export interface StoredRow {
  data: RowFields;
  /** Per-field clocks; the newest whole-row put's clock is kept under `$put`. */
  clocks: Record<string, string>;
  deletedHlc: string | null;
}

const PUT = '$put';

/**
 * Merges one mutation into a row. The row's *epoch* is its newest whole-row put or delete:
 * - the row is visible when the epoch is a put, and then holds that put's fields plus any
 *   patch newer than it (last writer wins per field, `null` removes a field);
 * - a put replaces the row: fields it does not name, and anything older, are dropped;
 * - a patch older than the epoch is dropped, and a patch never changes whether the row
 *   exists — an edit from a device that had not seen a delete cannot resurrect the row as a
 *   few loose fields;
 * - a delete makes the row deleted until a newer put re-creates it, whole.
 * Every decision compares clocks with maxima, so the result is the same in any arrival
 * order, and applying a mutation twice changes nothing. Returns null when nothing changes.
 */
export function mergeMutation(stored: StoredRow | undefined, mutation: Pick<Mutation, 'op' | 'data' | 'hlc'>): StoredRow | null {
  const row: StoredRow = stored ? { data: { ...stored.data }, clocks: { ...stored.clocks }, deletedHlc: stored.deletedHlc } : { data: {}, clocks: {}, deletedHlc: null };
  const putHlc = row.clocks[PUT] ?? '';
  const epoch = putHlc > (row.deletedHlc ?? '') ? putHlc : (row.deletedHlc ?? '');
  const hlc = mutation.hlc;

  if (mutation.op === 'delete') {
    if (row.deletedHlc !== null && row.deletedHlc >= hlc) return null;
    row.deletedHlc = hlc;
    dropFieldsOlderThan(row, hlc);
    return row;
  }
  if (hlc <= epoch) return null;
  if (mutation.op === 'put') {
    row.clocks[PUT] = hlc;
    dropFieldsOlderThan(row, hlc);
  }
  let changed = mutation.op === 'put';
  for (const [field, value] of Object.entries(mutation.data ?? {})) {
    const clock = row.clocks[field];
    if (clock !== undefined && clock >= hlc) continue;
    row.clocks[field] = hlc;
    if (value === null) delete row.data[field];
    else row.data[field] = value;
    changed = true;
  }
  return changed ? row : null;
}

/** Drops what a put or delete at `hlc` supersedes (including an older put's own clock), so the
 * stored row is the same whatever order the mutations came in. */
function dropFieldsOlderThan(row: StoredRow, hlc: string): void {
  for (const [field, clock] of Object.entries(row.clocks)) {
    if (clock < hlc) {
      delete row.clocks[field];
      delete row.data[field];
    }
  }
}

/** Visible when the newest whole-row event is a put. */
export function isDeleted(row: StoredRow): boolean {
  const putHlc = row.clocks[PUT];
  return putHlc === undefined || (row.deletedHlc !== null && row.deletedHlc >= putHlc);
}

/** Whether a mutation lost to newer clocks: the row does not show what it wrote. */
export function lostTo(row: StoredRow | undefined, mutation: Pick<Mutation, 'op' | 'data' | 'hlc'>): boolean {
  if (mutation.op === 'delete') return !row || row.deletedHlc !== mutation.hlc;
  if (!row || isDeleted(row)) return true;
  return Object.keys(mutation.data ?? {}).some((field) => row.clocks[field] !== mutation.hlc);
}
