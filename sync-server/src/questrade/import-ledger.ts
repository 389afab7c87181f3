import type { Database } from 'better-sqlite3';

/**
 * What each import wrote: synced row → hash of its mapped content, per user (it survives a
 * disconnect, so a reconnect does not rewrite rows the user may have edited), and which
 * connection last saw each row (for the counts the user sees).
 */
/** Where an imported row came from: an account's activities of one Questrade transaction day. */
export interface RowOrigin {
  accountId: string;
  day: string;
}

export class ImportLedger {
  constructor(private readonly db: Database) {}

  /** The hash of what the last import wrote to this row, if any. */
  hash(userId: string, table: string, key: string): string | undefined {
    return (this.db.prepare('SELECT content_hash FROM questrade_imported WHERE user_id = ? AND tbl = ? AND row_key = ?').get(userId, table, key) as { content_hash: string } | undefined)?.content_hash;
  }

  /**
   * Notes what an import wrote (or found unchanged). `origin` is the engine account whose
   * activities produced the row and their Questrade transaction day; rows without one (the
   * account rows) are never candidates for deletion.
   */
  record(userId: string, connectionId: string, table: string, key: string, hash: string, origin?: RowOrigin): void {
    this.db
      .prepare(
        `INSERT INTO questrade_imported (user_id, tbl, row_key, content_hash, connection_id, account_id, day) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, tbl, row_key) DO UPDATE SET content_hash = excluded.content_hash, connection_id = excluded.connection_id,
           account_id = COALESCE(excluded.account_id, account_id), day = COALESCE(excluded.day, day)`,
      )
      .run(userId, table, key, hash, connectionId, origin?.accountId ?? null, origin?.day ?? null);
  }

  /** Rows an earlier import produced from this account's activities of these days (inclusive). */
  producedFrom(userId: string, accountId: string, first: string, last: string): { table: string; key: string }[] {
    return (
      this.db.prepare('SELECT tbl, row_key FROM questrade_imported WHERE user_id = ? AND account_id = ? AND day >= ? AND day <= ?').all(userId, accountId, first, last) as { tbl: string; row_key: string }[]
    ).map((r) => ({ table: r.tbl, key: r.row_key }));
  }

  /** Forgets a row (deleted because its source activities are gone): if it comes back, it is imported as new. */
  forget(userId: string, table: string, key: string): void {
    this.db.prepare('DELETE FROM questrade_imported WHERE user_id = ? AND tbl = ? AND row_key = ?').run(userId, table, key);
  }

  /** Rows last seen by this connection: transactions and needs-review items. */
  counts(connectionId: string): { transactions: number; reviews: number } {
    const rows = this.db.prepare('SELECT tbl, COUNT(*) AS n FROM questrade_imported WHERE connection_id = ? GROUP BY tbl').all(connectionId) as { tbl: string; n: number }[];
    const count = (t: string) => rows.find((r) => r.tbl === t)?.n ?? 0;
    return { transactions: count('transactions'), reviews: count('importReviews') };
  }
}
