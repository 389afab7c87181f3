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
