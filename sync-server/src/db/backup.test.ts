import { mkdtempSync, rmSync } from 'node:fs';
import { migrations } from './migrations';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from './backup';
import { openDatabase } from './open-database';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('backupDatabase', () => {
  it('copies a database that is being written to, and the copy restores the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-backup-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    const insert = db.prepare("INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, 'x', '2026-01-01')");
    for (let i = 0; i < 2000; i += 1) insert.run(`before-${i}`, `before-${i}@example.com`);
    // Keep writing while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        insert.run(`during-${written}`, `during-${written}@example.com`);
        written += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const { file } = await backupDatabase(dir, join(dir, 'copy.sqlite'));
    writing = false;
    await writer;
    db.close();
    const copy = new BetterSqlite3(file, { readonly: true });
    const count = (copy.prepare("SELECT COUNT(*) AS n FROM users WHERE id LIKE 'before-%'").get() as { n: number }).n;
    expect(count).toBe(2000);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(migrations.at(-1)!.version);
    copy.close();
    expect(written).toBeGreaterThan(0);
  });

  it('says so when there is no database to back up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-backup-'));
    dirs.push(dir);
    await expect(backupDatabase(dir)).rejects.toThrow(`no database at ${dir}/folio.sqlite`);
  });
});
