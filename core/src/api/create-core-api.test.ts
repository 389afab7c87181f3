import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FolioDb } from '../db/database';
import { CoreError } from '../errors';
import { toDecimalString } from '../money/decimal';
import { createCoreApi } from './create-core-api';

const fixedNow = () => new Date('2026-03-10T15:00:00');
const opened: FolioDb[] = [];

function freshApi() {
  const db = new FolioDb(`test-${crypto.randomUUID()}`);
  opened.push(db);
  return { db, api: createCoreApi({ db, now: fixedNow }) };
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('core api', () => {
  it('adds a buy and reads back the holding', async () => {
    const { api } = freshApi();
    const row = await api.addBuy({ date: '2026-03-02', symbol: ' aapl ', currency: 'usd', quantity: '10', price: '150.00', fee: '1' });
    expect(row).toMatchObject({ symbol: 'AAPL', currency: 'USD', quantity: '10', price: '150', fee: '1', accountId: 'default-account' });
    const [holding] = await api.getHoldings();
    expect(holding && { q: toDecimalString(holding.quantity), cost: toDecimalString(holding.cost) }).toEqual({ q: '10', cost: '1501' });
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    const { api, db } = freshApi();
    const error = await api
      .addBuy({ date: '2026-03-11', symbol: '', currency: 'XXY', quantity: '-1', price: 'abc' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreError);
    const fields = (error as CoreError).issues.map((i) => i.field).sort();
    expect(fields).toEqual(['currency', 'price', 'quantity', 'symbol']);
    const future = await api.addBuy({ date: '2026-03-11', symbol: 'AAPL', currency: 'USD', quantity: '1', price: '1' }).catch((e: unknown) => e);
    expect((future as CoreError).issues).toEqual([{ field: 'date', message: 'Date 2026-03-11 is in the future (today is 2026-03-10)' }]);
    expect(await db.transactions.count()).toBe(0);
  });

  it('treats a blank commission as zero', async () => {
    const { api } = freshApi();
    const row = await api.addBuy({ date: '2026-03-02', symbol: 'VFV.TO', currency: 'CAD', quantity: '4', price: '120.5', fee: ' ', note: '' });
    expect(row.fee).toBe('0');
    expect(row).not.toHaveProperty('note');
    await expect(api.addBuy({ date: '2026-03-02', symbol: 'VFV.TO', currency: 'CAD', quantity: '4', price: '1', fee: '-2' })).rejects.toMatchObject({
      issues: [{ field: 'fee', message: 'Commission cannot be negative' }],
    });
  });

  it('refuses an unknown account without storing the row', async () => {
    const { api, db } = freshApi();
    await expect(api.addBuy({ accountId: 'nope', date: '2026-03-01', symbol: 'X', currency: 'CAD', quantity: '1', price: '1' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.transactions.count()).toBe(0);
  });

  it('pushes new holdings to watchers after each change', async () => {
    const { api } = freshApi();
    const seen: string[][] = [];
    const id = await api.watchHoldings((holdings) => seen.push(holdings.map((h) => `${h.symbol}:${toDecimalString(h.quantity)}`)));
    await api.addBuy({ date: '2026-03-01', symbol: 'VFV.TO', currency: 'CAD', quantity: '3', price: '120' });
    await expect.poll(() => seen.at(-1)).toEqual(['VFV.TO:3']);
    await api.unwatch(id);
    await api.addBuy({ date: '2026-03-01', symbol: 'VFV.TO', currency: 'CAD', quantity: '1', price: '120' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.at(-1)).toEqual(['VFV.TO:3']);
  });
});
