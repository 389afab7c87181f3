import type { Database } from 'better-sqlite3';
import type { SyncRequest } from '../../../core/src/sync/protocol';
import type { SyncService } from './sync-service';

type SyncResult = { json: string; changed: boolean };

interface Pending {
  userId: string;
  request: SyncRequest;
  resolve: (result: SyncResult) => void;
  reject: (error: unknown) => void;
}

/** Syncs committed together at most: the first of a batch waits for the others' work. */
export const MAX_BATCH = 64;

/**
 * Group commit for sync requests: the syncs that arrive while the event loop is busy are
 * applied in one SQLite transaction, each inside its own savepoint (better-sqlite3 nests a
 * transaction as a savepoint), and answered only after that transaction commits.
 *
 * Each request stays all-or-nothing: one that fails (a mutation gap, an expired cursor, a
 * malformed row) rolls back to its savepoint and gets its own error, while the others commit.
 * Acknowledgement still means durable: no response leaves before the commit. What it saves is
 * the commit itself (writing the pages every sync touches, the users and clients pages, to the
 * WAL): when 200 devices sync in the same instant, they share a handful of commits instead of
 * paying for 200.
 */
export class SyncBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database,
    private readonly sync: SyncService,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /** The same as `SyncService.syncJson`, resolved once the change is committed. */
  syncJson(userId: string, request: SyncRequest): Promise<SyncResult> {
    return new Promise<SyncResult>((resolve, reject) => {
      this.queue.push({ userId, request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the I/O callbacks of this turn of the event loop: the requests read in it join.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) this.schedule();
    const outcomes: ({ ok: true; result: SyncResult } | { ok: false; error: unknown })[] = [];
    /** Set when SQLite rolled back the whole transaction inside one request (see below). */
    let lost: { upTo: number; error: unknown } | null = null;
    try {
      this.db.transaction(() => {
        for (const [i, item] of batch.entries()) {
          try {
            outcomes.push({ ok: true, result: this.sync.syncJson(item.userId, item.request) });
          } catch (error) {
            outcomes.push({ ok: false, error });
            // Some errors (disk full, I/O, out of memory) make SQLite roll back the whole
            // transaction, not just the request's savepoint: what the requests before this one
            // wrote is gone too, and the ones after it would each run in a transaction of their own.
            if (!this.db.inTransaction) {
              lost = { upTo: i, error };
              throw error;
            }
          }
        }
      })();
    } catch (error) {
      if (lost) {
        const { upTo, error: cause } = lost;
        // Refused: this request and those before it (rolled back with it). Not yet run: the rest,
        // which go first into the next batch.
        for (const item of batch.slice(0, upTo + 1)) item.reject(cause);
        this.queue.unshift(...batch.slice(upTo + 1));
        if (this.queue.length) this.schedule();
        return;
      }
      // The commit itself failed (e.g. the disk is full): nothing of the batch was stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
  }
}
