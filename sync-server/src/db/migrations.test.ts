import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, runMigrations, schemaVersion } from './migrations';
import { openDatabase } from './open-database';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'folio-migrations-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('creates the schema in a new SQLite file and records each step', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'nested', 'data'));
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((db.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get() as { value: string }).value).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
  });

  it('applies nothing twice on restart', () => {
    const dir = tempDir();
    const first = openDatabase(dir);
    const id = first.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get();
    first.close();
    const second = openDatabase(dir);
    expect(runMigrations(second)).toEqual([]);
    expect(second.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get()).toEqual(id);
    second.close();
  });

  it('rolls back a failing step and leaves earlier ones applied', () => {
    const db = new BetterSqlite3(join(tempDir(), 'x.sqlite'));
    const steps = [
      { version: 1, name: 'a', up: (d: typeof db) => d.exec('CREATE TABLE a (x INTEGER)') },
      { version: 2, name: 'b', up: (d: typeof db) => { d.exec('CREATE TABLE b (x INTEGER)'); throw new Error('boom'); } },
    ];
    expect(() => runMigrations(db, steps)).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });
});
