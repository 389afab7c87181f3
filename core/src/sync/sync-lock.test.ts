import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../../../sync-server/src/test-server';
import { FolioDb } from '../db/database';
import { SyncClient } from './sync-client';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two contexts (a page's worker and the extension's background) over one database, counting what each sends. */
async function twoContexts() {
  const server = await startTestServer();
  cleanups.push(server.stop);
  const name = `shared-${crypto.randomUUID()}`;
  const sent = { pushed: 0, refreshes: 0 };
  const counting: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.endsWith('/api/v1/sync')) sent.pushed += (JSON.parse(String(init?.body)) as { mutations: unknown[] }).mutations.length;
    if (url.endsWith('/api/v1/auth/refresh')) sent.refreshes += 1;
    return fetch(input, init);
  };
  const open = () => {
    const db = new FolioDb(name);
    const client = new SyncClient({ db, fetch: counting, onPulled: async () => {}, debounceMs: 60_000, intervalMs: 600_000 });
    cleanups.push(() => {
      client.stop();
      db.close();
    });
    return { db, client };
  };
  const page = open();
  const background = open();
  await page.client.signIn({ serverUrl: server.url, email: 'ada@example.com', password: 'correct horse battery', register: true });
  sent.pushed = 0;
  return { page, background, sent };
}

describe('two contexts sharing one database', () => {
  it('push the outbox once, not once per context', async () => {
    const { page, background, sent } = await twoContexts();
    for (let i = 0; i < 3; i++) await page.db.portfolios.put({ id: `p${i}`, name: `P${i}`, costBasisMethod: 'average', createdAt: '2026-03-01T00:00:00.000Z' });
    expect(await page.db._outbox.count()).toBe(3);
    await Promise.all([page.client.syncNow(), background.client.syncNow()]);
    expect(sent.pushed).toBe(3);
    expect(await page.db._outbox.count()).toBe(0);
  });

  it('rotate the refresh token once: the other context takes the stored successor', async () => {
    const { page, background, sent } = await twoContexts();
    const [a, b] = await Promise.all([page.client.freshSession({ force: true }), background.client.freshSession({ force: true })]);
    expect(sent.refreshes).toBe(1);
    expect(b!.refreshToken).toBe(a!.refreshToken);
    // The stored token still works (its family was not revoked as a replay).
    const next = await background.client.freshSession({ force: true });
    expect(next!.refreshToken).not.toBe(a!.refreshToken);
    expect(sent.refreshes).toBe(2);
  });

  it('a context opened before the sign-in follows it, and the sign-out too', async () => {
    const server = await startTestServer();
    cleanups.push(server.stop);
    const name = `follow-${crypto.randomUUID()}`;
    const open = () => {
      const db = new FolioDb(name);
      const client = new SyncClient({ db, fetch, onPulled: async () => {}, debounceMs: 0, intervalMs: 600_000 });
      const unfollow = client.followSession();
      cleanups.push(() => {
        unfollow();
        client.stop();
        db.close();
      });
      return { db, client };
    };
    const popup = open();
    const dashboard = open();
    await popup.client.start();
    expect(popup.client.current.state).toBe('signed_out');

    await dashboard.client.signIn({ serverUrl: server.url, email: 'bea@example.com', password: 'correct horse battery', register: true });
    await vi.waitFor(() => expect(popup.client.current.state).not.toBe('signed_out'));
    // A change made in the popup is pushed by the popup itself, not left for another context.
    await popup.db.portfolios.put({ id: 'from-popup', name: 'From the popup', costBasisMethod: 'average', createdAt: '2026-03-01T00:00:00.000Z' });
    await vi.waitFor(async () => expect(await popup.db._outbox.count()).toBe(0));

    await dashboard.client.signOut();
    await vi.waitFor(() => expect(popup.client.current.state).toBe('signed_out'));
  });
});
