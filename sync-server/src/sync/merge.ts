import type { Mutation, RowFields } from '../../../core/src/sync/protocol';

/** A row as the server keeps it: field values, each field's clock, and a tombstone clock. */
export interface StoredRow {
  data: RowFields;
  clocks: Record<string, string>;
  deletedHlc: string | null;
}

/**
 * Merges one mutation into a row, last writer wins per field by hybrid logical clock:
 * - a put sets each field whose clock it beats, unless a delete newer than the put exists;
 *   `null` removes the field;
 * - a delete records a tombstone and drops the fields older than it, so a row re-created
 *   after a delete starts empty rather than resurfacing stale fields.
 * The result is the same whatever order the mutations arrive in (commutative, idempotent).
 * Returns null when the mutation changes nothing.
 */
export function mergeMutation(stored: StoredRow | undefined, mutation: Pick<Mutation, 'op' | 'data' | 'hlc'>): StoredRow | null {
  const row: StoredRow = stored ? { data: { ...stored.data }, clocks: { ...stored.clocks }, deletedHlc: stored.deletedHlc } : { data: {}, clocks: {}, deletedHlc: null };
  let changed = false;
  if (mutation.op === 'delete') {
    if (row.deletedHlc !== null && row.deletedHlc >= mutation.hlc) return null;
    row.deletedHlc = mutation.hlc;
    for (const [field, clock] of Object.entries(row.clocks)) {
      if (clock < mutation.hlc) {
        delete row.clocks[field];
        delete row.data[field];
      }
    }
    return row;
  }
  if (row.deletedHlc !== null && row.deletedHlc >= mutation.hlc) return null;
  for (const [field, value] of Object.entries(mutation.data ?? {})) {
    const clock = row.clocks[field];
    if (clock !== undefined && clock >= mutation.hlc) continue;
    row.clocks[field] = mutation.hlc;
    if (value === null) delete row.data[field];
    else row.data[field] = value;
    changed = true;
  }
  return changed ? row : null;
}

/** A row is visible when some field is newer than its tombstone. */
export function isDeleted(row: StoredRow): boolean {
  return row.deletedHlc !== null && Object.values(row.clocks).every((clock) => clock < row.deletedHlc!);
}
