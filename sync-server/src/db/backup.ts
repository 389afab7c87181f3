import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE } from './open-database';

/**
 * An online backup of the server's database while it keeps serving: SQLite's backup API
 * copies pages from its own connection (WAL mode lets the server write meanwhile) into a
 * new file, which is then checked with `PRAGMA integrity_check`.
 */
export async function backupDatabase(dataDir: string, destination?: string, now = new Date()): Promise<{ file: string; pages: number }> {
  const database = join(dataDir, DATABASE_FILE);
  if (!existsSync(database)) throw new Error(`no database at ${database}: set DATA_DIR to the server's data folder`);
  const file = destination ?? join(dataDir, 'backups', `folio-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
  mkdirSync(dirname(file), { recursive: true });
  const source = new BetterSqlite3(database, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await source.backup(file);
    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`backup ${file} failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { file, pages: totalPages };
  } finally {
    source.close();
  }
}
