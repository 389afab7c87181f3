import type { Database } from 'better-sqlite3';

/**
 * What each import wrote: synced row → hash of its mapped content, per user (it survives a
 * disconnect, so a reconnect does not rewrite rows the user may have edited), and which
 * connection last saw each row (for the counts the user sees).
 */
export class ImportLedger {
  constructor(private readonly db: Database) {}

  /** The hash of what the last import wrote to this row, if any. */
  hash(userId: string, table: string, key: string): string | undefined {
    return (this.db.prepare('SELECT content_hash FROM questrade_imported WHERE user_id = ? AND tbl = ? AND row_key = ?').get(userId, table, key) as { content_hash: string } | undefined)?.content_hash;
  }

  record(userId: string, connectionId: string, table: string, key: string, hash: string): void {
    this.db
      .prepare(
        'INSERT INTO questrade_imported (user_id, tbl, row_key, content_hash, connection_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, tbl, row_key) DO UPDATE SET content_hash = excluded.content_hash, connection_id = excluded.connection_id',
      )
      .run(userId, table, key, hash, connectionId);
  }

  /** Rows last seen by this connection: transactions and needs-review items. */
  counts(connectionId: string): { transactions: number; reviews: number } {
    const rows = this.db.prepare('SELECT tbl, COUNT(*) AS n FROM questrade_imported WHERE connection_id = ? GROUP BY tbl').all(connectionId) as { tbl: string; n: number }[];
    const count = (t: string) => rows.find((r) => r.tbl === t)?.n ?? 0;
    return { transactions: count('transactions'), reviews: count('importReviews') };
  }
}
