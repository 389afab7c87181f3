import { afterEach, describe, expect, it } from 'vitest';
import type { Mutation, SyncRequest } from '../../../core/src/sync/protocol';
import { HttpError } from '../http-error';
import { testApp } from '../test-support';
import { SyncBatcher } from './sync-batcher';
import { SyncService } from './sync-service';

const apps: ReturnType<typeof testApp>[] = [];
afterEach(() => {
  for (const t of apps.splice(0)) t.cleanup();
});

let clock = Date.now();
const put = (mid: number, key: string, name: string): Mutation => ({
  mid,
  table: 'portfolios',
  key,
  op: 'put',
  data: { id: key, name, costBasisMethod: 'average', createdAt: '2025-01-01T00:00:00.000Z' },
  hlc: `${String(clock++).padStart(13, '0')}-0000-dev`,
});
const request = (clientId: string, mutations: Mutation[]): SyncRequest => ({ clientId, cursor: 0, mutations, limit: 100 });

async function setup() {
  const t = testApp();
  apps.push(t);
  const a = await t.register();
  const b = await t.register();
  const sync = new SyncService(t.db, Date.now);
  // Count the commits SQLite makes: the WAL's frame count grows with each, and
  // `total_changes` does not tell commits apart, so count transactions around the service.
  let commits = 0;
  const transaction = t.db.transaction.bind(t.db);
  t.db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const wrapped = transaction(fn);
    const outer = (...args: unknown[]) => {
      const top = !t.db.inTransaction;
      const result = wrapped(...args);
      if (top) commits += 1;
      return result;
    };
    return Object.assign(outer, { deferred: outer, immediate: outer, exclusive: outer });
  }) as typeof t.db.transaction;
  const names = (userId: string) => (t.db.prepare("SELECT json_extract(data, '$.name') AS name FROM sync_rows WHERE user_id = ? ORDER BY row_key").all(userId) as { name: string }[]).map((r) => r.name);
  return { t, a, b, sync, names, commits: () => commits };
}

describe('SyncBatcher (group commit)', () => {
  it('commits the syncs that arrive together in one transaction, each answered as if alone', async () => {
    const { a, b, sync, names, commits } = await setup();
    const batcher = new SyncBatcher(sync['db'], sync);
    const before = commits();
    const [ra, rb, ra2] = await Promise.all([
      batcher.syncJson(a.userId, request('laptop', [put(1, 'p1', 'A one')])),
      batcher.syncJson(b.userId, request('phone', [put(1, 'p1', 'B one')])),
      batcher.syncJson(a.userId, request('phone', [put(1, 'p2', 'A two')])),
    ]);
    expect(commits() - before).toBe(1);
    expect([ra!.changed, rb!.changed, ra2!.changed]).toEqual([true, true, true]);
    // Each answer holds only its own user's rows: the batch shares a commit, not data.
    expect(JSON.parse(ra!.json).changes.map((c: { key: string }) => c.key)).toEqual(['p1']);
    expect(JSON.parse(rb!.json).changes.map((c: { key: string }) => c.key)).toEqual(['p1']);
    expect(JSON.parse(ra2!.json).changes.map((c: { key: string }) => c.key)).toEqual(['p1', 'p2']);
    expect(names(a.userId)).toEqual(['A one', 'A two']);
    expect(names(b.userId)).toEqual(['B one']);
  });

  it('refuses one bad sync of a batch by itself: the others commit, it stores nothing', async () => {
    const { a, b, sync, names } = await setup();
    const batcher = new SyncBatcher(sync['db'], sync);
    const results = await Promise.allSettled([
      batcher.syncJson(a.userId, request('laptop', [put(1, 'p1', 'kept')])),
      // Mutation 2 without 1: a gap, refused after its first row was already written in the savepoint.
      batcher.syncJson(b.userId, request('phone', [put(1, 'p1', 'written then rolled back'), put(3, 'p2', 'gap')])),
      batcher.syncJson(b.userId, request('tablet', [put(1, 'p3', 'also kept')])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('mutation_gap');
    expect(names(a.userId)).toEqual(['kept']);
    expect(names(b.userId)).toEqual(['also kept']);
    // The refused device's mutation counter did not move: it can resend everything.
    expect(sync['db'].prepare("SELECT last_mid FROM sync_clients WHERE client_id = 'phone'").get()).toBeUndefined();
  });

  it('rejects the whole batch, storing nothing, when the commit itself fails', async () => {
    const { a, sync, names } = await setup();
    const db = sync['db'];
    const batcher = new SyncBatcher(db, sync);
    // A constraint checked only at commit time makes the commit fail after every sync succeeded.
    db.exec('PRAGMA foreign_keys = ON; PRAGMA defer_foreign_keys = ON;');
    db.exec("CREATE TABLE commit_guard (x TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED); CREATE TRIGGER guard AFTER INSERT ON sync_rows BEGIN INSERT INTO commit_guard VALUES ('nobody'); END;");
    const results = await Promise.allSettled([batcher.syncJson(a.userId, request('laptop', [put(1, 'p1', 'never')])), batcher.syncJson(a.userId, request('phone', [put(1, 'p2', 'never')]))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    db.exec('DROP TRIGGER guard; DROP TABLE commit_guard;');
    expect(names(a.userId)).toEqual([]);
  });

  it('never answers "failed" for a stored change when SQLite rolls back the whole batch (disk full)', async () => {
    const { a, b, sync, names } = await setup();
    const db = sync['db'];
    const batcher = new SyncBatcher(db, sync);
    // Room for a few small rows, not for a large one: SQLITE_FULL inside the second request's
    // savepoint rolls back the whole transaction, the first request's row included.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`);
    const big = Array.from({ length: 200 }, (_, i) => put(i + 1, `p-big-${String(i).padStart(3, '0')}`, 'x'.repeat(95)));
    const results = await Promise.allSettled([
      batcher.syncJson(a.userId, request('laptop', [put(1, 'p1', 'first, rolled back')])),
      batcher.syncJson(b.userId, request('phone', big)),
      batcher.syncJson(b.userId, request('tablet', [put(1, 'p3', 'after, run again')])),
    ]);
    db.pragma('max_page_count = 1073741823');
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/full/i);
    // What is stored is exactly what was answered as stored.
    expect(names(a.userId)).toEqual([]);
    expect(names(b.userId)).toEqual(['after, run again']);
    expect(db.prepare("SELECT client_id FROM sync_clients ORDER BY client_id").all()).toEqual([{ client_id: 'tablet' }]);
  });

  it('splits a crowd into batches of at most the limit', async () => {
    const { a, sync, names, commits } = await setup();
    const batcher = new SyncBatcher(sync['db'], sync, 4);
    const before = commits();
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.syncJson(a.userId, request(`device-${i}`, [put(1, `p${String(i).padStart(2, '0')}`, `n${i}`)]))));
    expect(commits() - before).toBe(3);
    expect(names(a.userId)).toHaveLength(10);
  });
});
