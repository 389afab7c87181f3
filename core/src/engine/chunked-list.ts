/** Entries per chunk: 8,192 pointers (64 KB) stay below V8's large-object size (128 KB). */
const CHUNK = 8192;
const SHIFT = 13;

/**
 * An append-only list kept in fixed-size chunks, for the fold's lists that grow to tens of
 * thousands of entries (sales, the lot parts they took). A plain array that large grows by
 * copying into ever larger backing stores, each one a new large object — fresh memory from the
 * system for every recompute, released only by a full collection. On this benchmark's VM those
 * page faults cost a FIFO recompute ~8 ms. Chunks are ordinary objects, allocated once at size.
 */
export class ChunkedList<T> {
  private readonly chunks: T[][] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: T): void {
    const index = this.size;
    const offset = index & (CHUNK - 1);
    if (offset === 0 && index >> SHIFT === this.chunks.length) this.chunks.push(new Array<T>(CHUNK));
    this.chunks[index >> SHIFT]![offset] = value;
    this.size = index + 1;
  }

  /** The entry at `index` (0 ≤ index < length). */
  at(index: number): T {
    return this.chunks[index >> SHIFT]![index & (CHUNK - 1)]!;
  }

  /** Drops the entries from `length` on (a snapshot's length: the list goes back to it). */
  truncate(length: number): void {
    if (length >= this.size) return;
    // Release the references past the new end, so what they point to can be collected.
    for (let i = length; i < this.size && (i & (CHUNK - 1)) !== 0; i += 1) this.chunks[i >> SHIFT]![i & (CHUNK - 1)] = undefined as T;
    this.chunks.length = (length + CHUNK - 1) >> SHIFT;
    this.size = length;
  }
}
