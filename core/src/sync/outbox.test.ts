import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FolioDb } from '../db/database';
import { markApplyingSync } from './outbox';

const dbs: FolioDb[] = [];
async function freshDb(tracking = true) {
  let t = 1_760_000_000_000;
  const db = new FolioDb(`outbox-${crypto.randomUUID()}`, { now: () => (t += 1000) });
  dbs.push(db);
  await db._syncState.put({ id: 'state', clientId: 'device-a', nextMid: 1, cursor: 0, tracking });
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const portfolio = { id: 'p1', name: 'Main', costBasisMethod: 'average' as const, createdAt: '2026-01-01' };

describe('outbox middleware', () => {
  it('records a new row whole (put) and then each change with only the fields that changed (patch), numbered and clocked', async () => {
    const db = await freshDb();
    await db.portfolios.add(portfolio);
    await db.portfolios.put({ ...portfolio, name: 'Renamed' });
    await db.portfolios.update('p1', { costBasisMethod: 'fifo' });
    await db.portfolios.put({ ...portfolio, name: 'Renamed', costBasisMethod: 'fifo' }); // no change: nothing recorded
    await db.portfolios.delete('p1');
    const outbox = await db._outbox.toArray();
    expect(outbox.map((r) => [r.mid, r.op, r.data])).toEqual([
      [1, 'put', portfolio],
      [2, 'patch', { name: 'Renamed' }],
      [3, 'patch', { costBasisMethod: 'fifo' }],
      [4, 'delete', undefined],
    ]);
    const clocks = outbox.map((r) => r.hlc);
    expect([...clocks].sort()).toEqual(clocks);
    expect(new Set(clocks).size).toBe(4);
    expect((await db._syncState.get('state'))!.nextMid).toBe(5);
  });

  it('records nothing while signed out, for local-only tables, or when applying pulled changes', async () => {
    const db = await freshDb(false);
    await db.portfolios.add(portfolio);
    expect(await db._outbox.count()).toBe(0);
    await db._syncState.update('state', { tracking: true });
    await db._prices.put({ symbol: 'X', date: '2026-01-01', price: '1' });
    await db.transaction('rw', db.portfolios, async (tx) => {
      markApplyingSync(tx.idbtrans);
      await db.portfolios.put({ ...portfolio, name: 'From the server' });
    });
    expect(await db._outbox.count()).toBe(0);
    expect((await db.portfolios.get('p1'))!.name).toBe('From the server');
  });

  it('commits a change and its outbox row together, or neither', async () => {
    const db = await freshDb();
    await expect(
      db.transaction('rw', db.portfolios, async () => {
        await db.portfolios.add(portfolio);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect([await db.portfolios.count(), await db._outbox.count()]).toEqual([0, 0]);
    await db.transaction('rw', db.portfolios, db.accounts, async () => {
      await db.portfolios.add(portfolio);
      await db.accounts.add({ id: 'a1', portfolioId: 'p1', name: 'TFSA', createdAt: '2026-01-01' });
    });
    expect((await db._outbox.toArray()).map((r) => r.table)).toEqual(['portfolios', 'accounts']);
  });
});
