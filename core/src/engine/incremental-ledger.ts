import type { TransactionRow } from '../model/transaction';
import { Ledger, type LedgerOptions, type LedgerSnapshot } from './ledger';
import { toEpochDay } from '../time/days';
import { parseEngineTx, type EngineTx } from './parse';

/**
 * Where checkpoints go: every `every` transactions within the last `recentWindow` of the
 * history, where edits happen (a replay after a recent edit is at most that long), every
 * `sparseEvery` before it (the longest replay after an old edit). Each snapshot copies every
 * open position, so their number is kept small.
 */
export interface CheckpointSpacing {
  every: number;
  recentWindow: number;
  sparseEvery: number;
}

export const CHECKPOINTS: CheckpointSpacing = { every: 2_000, recentWindow: 10_000, sparseEvery: 20_000 };

/** Engine order for stored rows: by date, then by id (uuidv7 ids sort by creation time). */
export function sortRows(rows: readonly TransactionRow[]): TransactionRow[] {
  return [...rows].sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1));
}

interface Checkpoint {
  index: number;
  day: number;
  snapshot: LedgerSnapshot;
}

/**
 * A ledger over a changing set of transactions that recomputes incrementally: it keeps
 * snapshots every few thousand transactions, and an edit on date D replays only from the
 * last snapshot before D. Recompute scope is explicit: `full` or `since` a date.
 *
 * A full recompute answers first: it folds without taking snapshots (they cost a FIFO fold
 * ~5–9%), and `buildCheckpoints` takes them afterwards, in slices, from a second fold of the
 * same history (the worker runs it between requests). An edit before they are built replays
 * everything once, taking them on the way.
 */
export class IncrementalLedger {
  private txs: EngineTx[] = [];
  private checkpoints: Checkpoint[] = [];
  /** Whether `checkpoints` cover the history (else an edit replays from the start). */
  private checkpointsBuilt = false;
  /** The second fold that builds the checkpoints, where `buildCheckpoints` left it. */
  private building: { ledger: Ledger; next: number; checkpoints: Checkpoint[] } | null = null;
  private ledger: Ledger;
  /** The scope of the last recompute, for tests and diagnostics. */
  lastRecompute: { scope: 'full' | 'since'; replayed: number } = { scope: 'full', replayed: 0 };

  /** `spacing` is for tests, which need checkpoints in short histories. */
  constructor(
    private options: LedgerOptions,
    rows: readonly TransactionRow[] = [],
    private readonly spacing: CheckpointSpacing = CHECKPOINTS,
  ) {
    this.ledger = new Ledger(options);
    this.reset(rows);
  }

  get current(): Ledger {
    return this.ledger;
  }

  get transactions(): readonly EngineTx[] {
    return this.txs;
  }

  /** Whether the checkpoints that make edits incremental are still to be built (`buildCheckpoints`). */
  get needsCheckpoints(): boolean {
    return !this.checkpointsBuilt;
  }

  /**
   * Goes on building the checkpoints a full recompute skipped, applying at most `budget`
   * transactions to a second ledger; returns whether they are all built. Any change before
   * then drops the work (an edit takes the checkpoints itself as it replays). The second fold
   * reads the same options later: a caller that changes FX rates recomputes (the worker's
   * engine rebuilds every portfolio the new rates touch), so both folds see the same rates.
   */
  buildCheckpoints(budget = Number.POSITIVE_INFINITY): boolean {
    if (this.checkpointsBuilt) return true;
    const building = (this.building ??= { ledger: new Ledger(this.options), next: 0, checkpoints: [] });
    const end = Math.min(this.txs.length, building.next + budget);
    // The same fold as the answer's, so its snapshots restore into the current ledger.
    this.replay(building.ledger, building.checkpoints, building.next, end);
    building.next = end;
    if (end < this.txs.length) return false;
    this.checkpoints = building.checkpoints;
    this.building = null;
    this.checkpointsBuilt = true;
    return true;
  }

  /** Full recompute of the transactions already parsed, with new options (cost-basis method,
   * base currency, FX): what a settings change costs, without re-reading or re-parsing rows. */
  recompute(options: LedgerOptions = this.options): void {
    this.options = options;
    this.fold();
  }

  /** Full recompute from rows (new options, e.g. another cost-basis method or base currency). */
  reset(rows: readonly TransactionRow[], options: LedgerOptions = this.options): void {
    this.options = options;
    // Parse first, then sort by day number and id: cheaper than comparing date strings.
    this.txs = rows.map((row) => parseEngineTx(row, 0)).sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.txs.forEach((tx, index) => (tx.order = index));
    this.fold();
  }

  /** Folds the whole history into a new ledger, without checkpoints (see `buildCheckpoints`). */
  private fold(): void {
    this.checkpoints = [];
    this.checkpointsBuilt = false;
    this.building = null;
    const ledger = new Ledger(this.options);
    for (const tx of this.txs) ledger.apply(tx);
    this.ledger = ledger;
    this.lastRecompute = { scope: 'full', replayed: this.txs.length };
  }

  /**
   * Applies a change: rows removed by id and rows added or replaced. Replays from the last
   * checkpoint before the earliest date touched. Throws (leaving the previous state intact)
   * when the new history is invalid, e.g. a sale of more than is held.
   */
  change(upserts: readonly TransactionRow[], deletedIds: readonly string[] = []): void {
    const touched = new Set([...deletedIds, ...upserts.map((r) => r.id)]);
    const old = this.txs.filter((tx) => touched.has(tx.id));
    const earliest = [...old.map((t) => t.date), ...upserts.map((r) => r.date)].sort()[0];
    if (earliest === undefined) return;
    const kept = this.txs.filter((tx) => !touched.has(tx.id));
    const added = upserts.map((row) => parseEngineTx(row, 0));
    // Same order as sortRows: by date, then id (replay follows array order). `kept` is sorted
    // already, so the few added rows are inserted by binary search instead of re-sorting all.
    const merged = kept;
    for (const tx of added) merged.splice(insertionPoint(merged, tx), 0, tx);

    this.building = null;
    const previous = { txs: this.txs, checkpoints: this.checkpoints };
    // A checkpoint holds the days before its own: it serves if the earliest day touched is not
    // before it. (Not "before the first transaction left on or after that day": a checkpoint
    // whose own day's transactions were all deleted since would hold a deleted earlier one.)
    const earliestDay = toEpochDay(earliest);
    const checkpointIndex = findLast(this.checkpoints, (c) => c.day <= earliestDay);
    const checkpoint = checkpointIndex < 0 ? undefined : this.checkpoints[checkpointIndex]!;
    const from = checkpoint?.index ?? 0;
    const rewind = () => {
      // Snapshots record the append-only arrays by length, so they restore into this ledger.
      if (checkpoint) this.ledger.restore(checkpoint.snapshot);
      else this.ledger = new Ledger(this.options);
    };
    this.txs = merged;
    this.checkpoints = this.checkpoints.slice(0, checkpointIndex + 1);
    rewind();
    // Either way the replay takes the checkpoints from `from` to the end: they are then built.
    try {
      this.replay(this.ledger, this.checkpoints, from, merged.length);
      this.lastRecompute = { scope: checkpoint ? 'since' : 'full', replayed: merged.length - from };
    } catch (error) {
      this.txs = previous.txs;
      this.checkpoints = previous.checkpoints.slice(0, checkpointIndex + 1);
      rewind();
      this.replay(this.ledger, this.checkpoints, from, this.txs.length);
      throw error;
    } finally {
      this.checkpointsBuilt = true;
    }
  }

  /** Applies transactions `start` to `end − 1` to `ledger`, adding the checkpoints due to `checkpoints`. */
  private replay(ledger: Ledger, checkpoints: Checkpoint[], start: number, end: number): void {
    const { every, recentWindow, sparseEvery } = this.spacing;
    const txs = this.txs;
    for (let i = start; i < end; i += 1) {
      const tx = txs[i]!;
      // A checkpoint sits before the first transaction of a day, so a replay never splits a day.
      const since = i - (checkpoints.at(-1)?.index ?? 0);
      const due = since >= (txs.length - i <= recentWindow ? every : sparseEvery);
      if (i > 0 && due && txs[i - 1]!.day < tx.day) {
        checkpoints.push({ index: i, day: tx.day, snapshot: ledger.snapshot() });
      }
      ledger.apply(tx);
    }
  }
}

const before = (a: EngineTx, b: EngineTx) => a.day < b.day || (a.day === b.day && a.id < b.id);

function insertionPoint(sorted: readonly EngineTx[], tx: EngineTx): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(sorted[mid]!, tx)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findLast<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i]!)) return i;
  return -1;
}
