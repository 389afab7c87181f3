import type { Database } from 'better-sqlite3';
import type { TransactionRow } from '../../../core/src/db/rows';
import { importKey } from '../../../core/src/io/import-preview';
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
 * One instance per import run: each account's CSV rows are read once (on first need), and
 * the per-key counts are used up as API rows are matched, in the mapping's stable order.
 */
export class CsvOverlap {
  /** Engine account id → importKey → stored CSV rows not yet matched in this run. */
  private readonly remaining = new Map<string, Map<string, number>>();
  /** API row ids matched in this run: a transfer between two connected accounts is mapped from both sides but covered once. */
  private readonly matched = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly userId: string,
  ) {}

  /** Whether a stored CSV row covers this API row (and, the first time, uses that row up). */
  covers(row: TransactionRow): boolean {
    if (this.matched.has(row.id)) return true;
    const counts = this.countsFor(row.accountId);
    const key = importKey(row);
    const left = counts.get(key) ?? 0;
    if (left <= 0) return false;
    counts.set(key, left - 1);
    this.matched.add(row.id);
    return true;
  }

  private countsFor(accountId: string): Map<string, number> {
    let counts = this.remaining.get(accountId);
    if (counts) return counts;
    counts = new Map();
    const rows = this.db
      .prepare(
        `SELECT data FROM sync_rows WHERE user_id = ? AND tbl = 'transactions' AND deleted = 0
           AND json_extract(data, '$.accountId') = ? AND json_extract(data, '$.source') = ?`,
      )
      .all(this.userId, accountId, QUESTRADE_SOURCE) as { data: string }[];
    for (const { data } of rows) {
      const row = JSON.parse(data) as TransactionRow;
      if (typeof row.date !== 'string' || typeof row.kind !== 'string' || typeof row.currency !== 'string') continue;
      const key = importKey(row);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    this.remaining.set(accountId, counts);
    return counts;
  }
}
