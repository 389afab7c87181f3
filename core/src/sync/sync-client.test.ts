import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { startRestartableServer } from '../../../sync-server/src/test-restartable-server';
import { startTestServer } from '../../../sync-server/src/test-server';
import { createCoreApi } from '../api/create-core-api';
import { SyncClient } from './sync-client';
import { FolioDb } from '../db/database';
import type { HoldingsSummary } from '../engine/holdings-summary';
import { toDecimalString } from '../money/decimal';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function device(name: string, syncDebounceMs = 5, realtime = false) {
  const db = new FolioDb(`${name}-${crypto.randomUUID()}`);
  // The realtime channel over Node's `ws` (the worker uses the browser's WebSocket); counted.
  const sockets = { opened: 0 };
  const openSocket = realtime
    ? (url: string) => {
        sockets.opened += 1;
        return new NodeWebSocket(url) as unknown as WebSocket;
      }
    : undefined;
  const api = createCoreApi({ db, now: () => new Date('2026-03-10T12:00:00'), syncDebounceMs, syncIntervalMs: 60_000, ...(openSocket ? { openSocket } : {}) });
  cleanups.push(async () => {
    api.sync.stop();
    await db.delete();
  });
  return { db, api, sockets };
}

const quantity = (summary: HoldingsSummary, symbol: string) => {
  const h = summary.holdings.find((x) => x.symbol === symbol);
  return h ? toDecimalString(h.quantity) : null;
};

describe('sync between devices through the server', () => {
  it('catches up on what changed while its realtime channel was down (a server restart)', async () => {
    const server = await startRestartableServer();
    cleanups.push(server.stop);
    const laptop = await device('laptop', 5, true);
    const phone = await device('phone', 5, true);
    await laptop.api.signIn({ serverUrl: server.url, email: 'cy@example.com', password: 'correct horse battery', register: true });
    await phone.api.signIn({ serverUrl: server.url, email: 'cy@example.com', password: 'correct horse battery' });
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.syncNow();
    await phone.api.syncNow();

    // The server restarts; the laptop pushes a change before the phone's channel is back, so
    // the poke for it reaches no one. The periodic sync is a minute away: only the reconnect
    // (after a jittered 1–2 s) brings it to the phone.
    await server.restart();
    await laptop.api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'XEQT', currency: 'CAD', quantity: '5', price: '30' });
    await laptop.api.syncNow();
    expect(quantity(await phone.api.getHoldings(), 'XEQT')).toBeNull();
    await expect.poll(async () => quantity(await phone.api.getHoldings(), 'XEQT'), { timeout: 8000, interval: 200 }).toBe('5');
  }, 15_000);

  it('keeps reopening the channel while the server is down (waiting longer each time), catches up once it is back, and stops for good on stop', async () => {
    const server = await startRestartableServer();
    cleanups.push(server.stop);
    const laptop = await device('laptop');
    const phone = await device('phone', 5, true);
    await laptop.api.signIn({ serverUrl: server.url, email: 'di@example.com', password: 'correct horse battery', register: true });
    await phone.api.signIn({ serverUrl: server.url, email: 'di@example.com', password: 'correct horse battery' });
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.syncNow();
    await expect.poll(() => phone.sockets.opened).toBe(1);

    // Down for 3.5 s: the phone's first tries (after 1–2 s, then 2–4 s) are refused, without
    // an unhandled error; it still comes back and pulls what changed meanwhile.
    const restarted = server.restart(3500);
    await new Promise((r) => setTimeout(r, 100));
    await restarted;
    await laptop.api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'VFV', currency: 'CAD', quantity: '3', price: '120' });
    await laptop.api.syncNow();
    await expect.poll(async () => quantity(await phone.api.getHoldings(), 'VFV'), { timeout: 12_000, interval: 200 }).toBe('3');
    expect(phone.sockets.opened).toBeGreaterThanOrEqual(3);
    expect(phone.sockets.opened).toBeLessThanOrEqual(4);

    // Stopped while a reconnect is pending: no channel is opened afterwards.
    await server.restart();
    phone.api.sync.stop();
    const opened = phone.sockets.opened;
    await new Promise((r) => setTimeout(r, 2500));
    expect(phone.sockets.opened).toBe(opened);
  }, 30_000);

  it('merges a device’s local data on sign-in, and carries edits both ways', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    const laptop = await device('laptop');
    const phone = await device('phone');

    // The laptop was used locally before signing in.
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'XEQT', currency: 'CAD', quantity: '10', price: '30' });
    expect((await laptop.api.getSyncOverview()).status).toEqual({ state: 'signed_out' });
    await laptop.api.signIn({ serverUrl: server.url, email: 'ada@example.com', password: 'correct horse battery', register: true });
    expect((await laptop.api.getSyncOverview()).status).toMatchObject({ state: 'synced' });

    // The phone also has local data: both survive.
    const phoneLocal = await phone.api.ensureDefaultAccount();
    await phone.api.addTransaction({ kind: 'buy', accountId: phoneLocal.account.id, date: '2026-03-03', symbol: 'VFV', currency: 'CAD', quantity: '2', price: '120' });
    await phone.api.signIn({ serverUrl: server.url, email: 'ada@example.com', password: 'correct horse battery' });
    await laptop.api.syncNow();
    for (const d of [laptop, phone]) {
      const summary = await d.api.getHoldings();
      expect([quantity(summary, 'XEQT'), quantity(summary, 'VFV')]).toEqual(['10', '2']);
    }

    // An edit on the phone shows on the laptop after a sync.
    const [buy] = await phone.api.listTransactions({ symbol: 'XEQT' });
    await phone.api.updateTransaction(buy!.id, { ...buy!, quantity: '12' });
    await phone.api.syncNow();
    await laptop.api.syncNow();
    expect(quantity(await laptop.api.getHoldings(), 'XEQT')).toBe('12');
    expect((await laptop.api.getSyncOverview()).status).toMatchObject({ state: 'synced' });
  });

  it('keeps working offline with pending changes, and shows the state', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    const laptop = await device('laptop');
    await laptop.api.ensureDefaultAccount();
    await laptop.api.signIn({ serverUrl: server.url, email: 'bo@example.com', password: 'correct horse battery', register: true });
    await server.stop();
    cleanups.pop();
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.addTransaction({ kind: 'deposit', accountId: account.id, date: '2026-03-02', currency: 'CAD', amount: '100' });
    const overview = await laptop.api.syncNow();
    expect(overview.status).toMatchObject({ state: 'offline', pending: 1 });
  });

  it('leaves out a transaction that conflicts after merging, and says so', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    const laptop = await device('laptop');
    const phone = await device('phone');
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'X', currency: 'CAD', quantity: '100', price: '1' });
    await laptop.api.signIn({ serverUrl: server.url, email: 'cy@example.com', password: 'correct horse battery', register: true });
    await phone.api.signIn({ serverUrl: server.url, email: 'cy@example.com', password: 'correct horse battery' });
    // Both sell 60 while apart: each is valid alone.
    await laptop.api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-03-05', symbol: 'X', currency: 'CAD', quantity: '60', price: '1' });
    await phone.api.addTransaction({ kind: 'sell', accountId: account.id, date: '2026-03-06', symbol: 'X', currency: 'CAD', quantity: '60', price: '1' });
    await laptop.api.syncNow();
    await phone.api.syncNow();
    await laptop.api.syncNow();
    for (const d of [laptop, phone]) {
      const overview = await d.api.getSyncOverview();
      expect(overview.conflicts).toEqual([expect.objectContaining({ message: expect.stringMatching(/selling 60 exceeds the 40 held/) })]);
      expect(quantity(await d.api.getHoldings(), 'X')).toBe('40');
    }
  });

  it('drops an edit made during an in-flight sync once it loses to a newer clock (found by the fault fuzz)', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    let holdNext = false;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holdingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (holdNext && String(input).endsWith('/api/v1/sync')) {
        holdNext = false;
        const text = await res.text();
        await held; // the response is on its way while the user keeps editing
        return new Response(text, { status: res.status, headers: { 'content-type': 'application/json' } });
      }
      return res;
    };
    const make = (name: string, skewMs: number, f: typeof fetch) => {
      const now = () => Date.now() + skewMs;
      const db = new FolioDb(`${name}-${crypto.randomUUID()}`, { now });
      const client = new SyncClient({ db, fetch: f, now, onPulled: async () => {}, debounceMs: 0, intervalMs: 1e9 });
      cleanups.push(async () => {
        client.stop();
        await db.delete();
      });
      return { db, client };
    };
    const a = make('a', 60_000, fetch); // A's clock runs a minute fast
    const b = make('b', 0, holdingFetch);
    const credentials = { serverUrl: server.url, email: 'race@example.com', password: 'correct horse battery' };
    await a.client.signIn({ ...credentials, register: true });
    await b.client.signIn(credentials);
    a.client.stop();
    b.client.stop();
    await a.db.portfolios.put({ id: 'p1', name: 'Main', costBasisMethod: 'average', createdAt: '2026-01-01' });
    await a.client.syncNow();
    await b.client.syncNow();

    await a.db.portfolios.update('p1', { name: 'From A' });
    await a.client.syncNow();
    holdNext = true;
    const inFlight = b.client.syncNow(); // its response (carrying 'From A') is held…
    await new Promise((r) => setTimeout(r, 50));
    await b.db.portfolios.update('p1', { name: 'From B' }); // …while B renames, with an older clock than A's
    release();
    await inFlight;
    await b.client.syncNow();
    await a.client.syncNow();
    const names = [(await a.db.portfolios.get('p1'))?.name, (await b.db.portfolios.get('p1'))?.name];
    const stored = JSON.parse((server.db.prepare("SELECT data FROM sync_rows WHERE row_key = 'p1'").get() as { data: string }).data) as { name: string };
    expect([...names, stored.name]).toEqual(['From A', 'From A', 'From A']);
    expect(await b.db._outbox.count()).toBe(0);
  });

  it('resets a device by downloading everything again', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    // No debounced push: the "damage" below must stay on the device (with a 5 ms debounce, a
    // loaded machine could push the deletes before the outbox is cleared).
    const laptop = await device('laptop', 60_000);
    const { account } = await laptop.api.ensureDefaultAccount();
    await laptop.api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-03-02', symbol: 'X', currency: 'CAD', quantity: '7', price: '1' });
    await laptop.api.signIn({ serverUrl: server.url, email: 'di@example.com', password: 'correct horse battery', register: true });
    await laptop.db.transactions.clear(); // local damage, recorded as deletes…
    await laptop.db._outbox.clear(); // …that never leave the device
    await laptop.api.resetDevice();
    expect(quantity(await laptop.api.getHoldings(), 'X')).toBe('7');
  });
});
