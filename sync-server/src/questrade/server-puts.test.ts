import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../core/src/sync/hlc';
import { SyncService } from '../sync/sync-service';
import { testApp } from '../test-support';

const apps: ReturnType<typeof testApp>[] = [];
afterEach(() => {
  for (const t of apps.splice(0)) t.cleanup();
});

const account = (id: string, name: string) => ({ id, portfolioId: 'p1', name, type: 'TFSA', taxable: false, createdAt: '2025-01-01T00:00:00.000Z' });

describe('SyncService.applyServerPuts (rows the server writes itself)', () => {
  it('writes all rows in one transaction, or none when one is invalid', async () => {
    const t = testApp();
    apps.push(t);
    const user = await t.register();
    const sync = new SyncService(t.db, Date.now);
    const seq = () => (t.db.prepare('SELECT seq FROM users WHERE id = ?').get(user.userId) as { seq: number }).seq;
    expect(() =>
      sync.applyServerPuts(user.userId, [
        { table: 'accounts', key: 'qt-1', data: account('qt-1', 'Questrade TFSA') },
        { table: 'transactions', key: 'qt-x', data: { id: 'qt-x', accountId: 'qt-1', kind: 'bogus', date: '2025-01-01', currency: 'CAD' } },
      ]),
    ).toThrow(/rows\[1\]\.transactions\.kind/);
    expect(seq()).toBe(0);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM sync_rows').get()).toEqual({ n: 0 });

    expect(sync.applyServerPuts(user.userId, [{ table: 'accounts', key: 'qt-1', data: account('qt-1', 'Questrade TFSA') }])).toBe(1);
    expect(seq()).toBe(1);
    const row = t.db.prepare('SELECT data, newest_hlc FROM sync_rows WHERE row_key = ?').get('qt-1') as { data: string; newest_hlc: string };
    expect(JSON.parse(row.data)).toEqual(account('qt-1', 'Questrade TFSA'));
    expect(row.newest_hlc).toMatch(/-server$/);
  });

  it('wins over a row whose clock is ahead of the server (a device clock running fast)', async () => {
    const t = testApp();
    apps.push(t);
    const user = await t.register();
    const ahead = encodeHlc({ wall: Date.now() + 30 * 60_000, counter: 0, node: 'fastdevice' });
    const pushed = await t.json('/api/v1/sync', { clientId: 'device-fast1', cursor: 0, mutations: [{ mid: 1, table: 'accounts', key: 'qt-1', op: 'put', data: account('qt-1', 'Renamed by me'), hlc: ahead }] }, { token: user.accessToken });
    expect(pushed.status).toBe(200);
    const sync = new SyncService(t.db, Date.now);
    expect(sync.applyServerPuts(user.userId, [{ table: 'accounts', key: 'qt-1', data: account('qt-1', 'Questrade TFSA') }])).toBe(1);
    const row = t.db.prepare('SELECT data, newest_hlc FROM sync_rows WHERE row_key = ?').get('qt-1') as { data: string; newest_hlc: string };
    expect(JSON.parse(row.data).name).toBe('Questrade TFSA');
    expect(row.newest_hlc > ahead).toBe(true);
    // A device pulling sees the server's row.
    const pulled = await t.json('/api/v1/sync', { clientId: 'device-other', cursor: 0, mutations: [] }, { token: user.accessToken });
    expect(pulled.body['changes']).toEqual([expect.objectContaining({ table: 'accounts', key: 'qt-1', data: account('qt-1', 'Questrade TFSA') })]);
  });
});

describe('SyncService.applyServerDeletes (rows the server removes itself)', () => {
  it('tombstones live rows with a server clock after theirs, skips absent and deleted ones, and devices pull the deletion', async () => {
    const t = testApp();
    apps.push(t);
    const user = await t.register();
    const other = await t.register();
    const ahead = encodeHlc({ wall: Date.now() + 30 * 60_000, counter: 0, node: 'fastdevice' });
    // One row written by a device whose clock runs fast, one by the server.
    expect((await t.json('/api/v1/sync', { clientId: 'device-fast1', cursor: 0, mutations: [{ mid: 1, table: 'accounts', key: 'qt-1', op: 'put', data: account('qt-1', 'Mine'), hlc: ahead }] }, { token: user.accessToken })).status).toBe(200);
    const sync = new SyncService(t.db, Date.now);
    sync.applyServerPuts(user.userId, [{ table: 'accounts', key: 'qt-2', data: account('qt-2', 'Questrade Margin') }]);
    sync.applyServerPuts(other.userId, [{ table: 'accounts', key: 'qt-1', data: account('qt-1', 'Someone else’s') }]);
    const seq = (id: string) => (t.db.prepare('SELECT seq FROM users WHERE id = ?').get(id) as { seq: number }).seq;
    const before = seq(user.userId);

    expect(sync.applyServerDeletes(user.userId, [{ table: 'accounts', key: 'qt-1' }, { table: 'accounts', key: 'qt-2' }, { table: 'accounts', key: 'never-there' }])).toBe(2);
    expect(seq(user.userId)).toBe(before + 2);
    const row = t.db.prepare('SELECT deleted, newest_hlc FROM sync_rows WHERE user_id = ? AND row_key = ?').get(user.userId, 'qt-1') as { deleted: number; newest_hlc: string };
    expect(row.deleted).toBe(1);
    expect(row.newest_hlc > ahead).toBe(true);
    expect(row.newest_hlc).toMatch(/-server$/);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM sync_rows WHERE row_key = 'never-there'").get()).toEqual({ n: 0 });
    // Again: nothing changes. Another user's row of the same key is untouched.
    expect(sync.applyServerDeletes(user.userId, [{ table: 'accounts', key: 'qt-1' }])).toBe(0);
    expect(seq(user.userId)).toBe(before + 2);
    expect(t.db.prepare('SELECT deleted FROM sync_rows WHERE user_id = ? AND row_key = ?').get(other.userId, 'qt-1')).toEqual({ deleted: 0 });

    const pulled = await t.json('/api/v1/sync', { clientId: 'device-other', cursor: before, mutations: [] }, { token: user.accessToken });
    expect((pulled.body['changes'] as { key: string; data: unknown }[]).map((c) => [c.key, c.data])).toEqual([
      ['qt-1', null],
      ['qt-2', null],
    ]);
  });
});
