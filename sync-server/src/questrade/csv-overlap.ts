import type { Database } from 'better-sqlite3';
import type { ImportReviewRow, TransactionRow } from '../../../core/src/db/rows';
import { importKey, reviewKey } from '../../../core/src/io/import-preview';
import { QUESTRADE_SOURCE } from '../../../core/src/io/questrade-csv';

/**
 * Questrade activities a user already imported from the CSV export, so connecting afterwards
 * does not count them twice. The CSV has no symbol ids, so its rows never share ids with the
 * API's; they are matched by content instead (`importKey`, the key the PWA's CSV import uses
 * against rows the API brought first).
 *
 * Rule: an API-mapped transaction whose content key matches a stored, not-deleted transaction
 * of the same account with source 'questrade-csv' is not written — one stored CSV row covers
 * one API row (two identical fills in the CSV cover two identical API fills, not three). The
 * CSV row stays the user's and is never touched; a skipped API row is not recorded as
 * imported, so the importer's "re-read no longer produces it → delete" step never concerns
 * the CSV row (and deletes an API twin an earlier sync had already written, ending a double
 * count). Deleting the CSV row lets a later re-read of those days import the API row (syncs
 * re-read only the last 31 days, so for older activities that takes a re-import from scratch).
 *
 * Needs-review items follow the same rule by `reviewKey` (account, day and reason): an activity
 * the CSV import kept for review — open, resolved or dismissed — is not kept again.
 *
 * One instance per import run: each account's CSV rows are read once (on first need), and
 * the per-key counts are used up as API rows are matched, in the mapping's stable order.
 */
export class CsvOverlap {
  /** `${table}\u0000${engine account id}` → content key → stored CSV rows not yet matched in this run. */
  private readonly remaining = new Map<string, Map<string, number>>();
  /** API row ids matched in this run: a transfer between two connected accounts is mapped from both sides but covered once. */
  private readonly matched = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly userId: string,
  ) {}

  /** Whether a stored CSV row covers this API row (and, the first time, uses that row up). */
  covers(row: TransactionRow): boolean {
    return this.use('transactions', row.accountId, row.id, importKey(row));
  }

  /** Whether a needs-review item the CSV import stored covers this one from the API. */
  coversReview(review: ImportReviewRow): boolean {
    return this.use('importReviews', review.accountId, review.id, reviewKey(review));
  }

  private use(table: 'transactions' | 'importReviews', accountId: string, id: string, key: string): boolean {
    if (this.matched.has(id)) return true;
    const counts = this.countsFor(table, accountId);
    const left = counts.get(key) ?? 0;
    if (left <= 0) return false;
    counts.set(key, left - 1);
    this.matched.add(id);
    return true;
  }

  private countsFor(table: 'transactions' | 'importReviews', accountId: string): Map<string, number> {
    const cacheKey = `${table}\u0000${accountId}`;
    let counts = this.remaining.get(cacheKey);
    if (counts) return counts;
    counts = new Map();
    const rows = this.db
      .prepare(
        `SELECT data FROM sync_rows WHERE user_id = ? AND tbl = ? AND deleted = 0
           AND json_extract(data, '$.accountId') = ? AND json_extract(data, '$.source') = ?`,
      )
      .all(this.userId, table, accountId, QUESTRADE_SOURCE) as { data: string }[];
    for (const { data } of rows) {
      const key = table === 'transactions' ? transactionKey(JSON.parse(data) as TransactionRow) : storedReviewKey(JSON.parse(data) as ImportReviewRow);
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    this.remaining.set(cacheKey, counts);
    return counts;
  }
}

/** A stored row's content key, or null when it lacks the fields the key needs (a device wrote something odd). */
function transactionKey(row: TransactionRow): string | null {
  return typeof row.date === 'string' && typeof row.kind === 'string' && typeof row.currency === 'string' ? importKey(row) : null;
}

function storedReviewKey(review: ImportReviewRow): string | null {
  return typeof review.date === 'string' && typeof review.reason === 'string' ? reviewKey(review) : null;
}
