import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importKey } from '../../../core/src/io/import-preview';
import { mapQuestradeActivities, questradeAccountId } from '../../../core/src/io/questrade/activity-mapping';
import { encodeHlc } from '../../../core/src/sync/hlc';
import { createLogger } from '../logger';
import { startFakeQuestrade, type FakeQuestrade } from '../questrade/fake-questrade';
import { QuestradeService } from '../questrade/questrade-service';
import { SecretBox } from '../secrets/secret-box';
import { SyncService } from '../sync/sync-service';
import { openDatabase } from '../db/open-database';
import { startTestServer } from '../test-server';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type User = Awaited<ReturnType<Server['register']>>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRETS_KEY = new Uint8Array(32).fill(7);
const DAY = 86_400_000;

async function setup(options: { historyStart?: string; oauth?: boolean; syncMinutes?: number } = {}) {
  const fake = await startFakeQuestrade();
  cleanups.push(() => fake.stop());
  const s = await startTestServer({
    secretsKey: SECRETS_KEY,
    questrade: {
      loginUrl: fake.loginUrl,
      syncMinutes: options.syncMinutes ?? 0,
      historyStart: options.historyStart ?? '2019-09-01',
      ...(options.oauth ? { clientId: 'folio-test-app', redirectUri: 'http://127.0.0.1:1/api/v1/questrade/oauth/callback' } : {}),
    },
  });
  cleanups.push(() => s.stop());
  return { fake, s };
}

async function api(s: Server, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1/questrade${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

let mid = 0;
/** A device pushes mutations through the real sync endpoint. */
async function push(s: Server, user: User, mutations: { table: string; key: string; op: string; data?: Record<string, unknown> }[]) {
  const res = await s.json(
    '/api/v1/sync',
    { clientId: `device-${user.userId.slice(0, 8)}`, cursor: 0, mutations: mutations.map((m) => ({ ...m, mid: ++mid, hlc: encodeHlc({ wall: Date.now(), counter: mid, node: 'device1' }) })), limit: 1 },
    { token: user.accessToken },
  );
  expect(res.status).toBe(200);
}

/** Every live row of the user, as a device pulling from cursor 0 sees them. */
async function pull(s: Server, user: User, cursor = 0) {
  const res = await s.json('/api/v1/sync', { clientId: `reader-${user.userId.slice(0, 8)}`, cursor, mutations: [], limit: 5000 }, { token: user.accessToken });
  expect(res.status).toBe(200);
  return res.body as { cursor: number; changes: { table: string; key: string; data: Record<string, any> | null; seq: number; hlc: string }[] };
}

async function userWithPortfolio(s: Server) {
  const user = await s.register();
  mid = 0;
  await push(s, user, [{ table: 'portfolios', key: 'p1', op: 'put', data: { id: 'p1', name: 'Main', costBasisMethod: 'average', createdAt: new Date().toISOString() } }]);
  return user;
}

async function connect(s: Server, fake: FakeQuestrade, user: User) {
  const res = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: fake.issueRefreshToken(), portfolioId: 'p1' });
  expect(res.status).toBe(201);
  await s.app.questrade.idle();
  return res.body['connection'] as { id: string; state: string };
}

async function connection(s: Server, user: User, id: string) {
  const res = await api(s, 'GET', '/connections', user.accessToken);
  expect(res.status).toBe(200);
  return (res.body['connections'] as any[]).find((c) => c.id === id);
}

const activityRequests = (fake: FakeQuestrade) => fake.requests.filter((r) => /\/activities$/.test(r.path));

describe('Questrade connect and first import', () => {
  it('imports accounts, positions, balances and every activity through the mapping, in ≤31-day whole-day windows, with a User-Agent', async () => {
    const { fake, s } = await setup({ historyStart: '2011-01-01' });
    const user = await userWithPortfolio(s);
    const res = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: fake.issueRefreshToken(), portfolioId: 'p1' });
    expect(res.status).toBe(201);
    expect(res.body['connection'].state).toBe('syncing');
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
    const started = Date.now();
    await s.app.questrade.idle();
    const ms = Date.now() - started;

    const conn = await connection(s, user, res.body['connection'].id);
    expect(conn).toMatchObject({ state: 'ok', problem: null, nextSyncAt: null });
    expect(Date.parse(conn.lastSyncAt)).toBeGreaterThan(started - 1000);
    expect(conn.accounts).toEqual([
      { number: '00000000', type: 'TFSA', status: 'Active', accountId: questradeAccountId('00000000') },
      { number: '11111111', type: 'Margin', status: 'Active', accountId: questradeAccountId('11111111') },
    ]);

    const rows = (await pull(s, user)).changes;
    const accounts = rows.filter((r) => r.table === 'accounts').map((r) => r.data);
    expect(accounts).toEqual([
      expect.objectContaining({ id: 'qt-00000000', portfolioId: 'p1', name: 'Questrade TFSA', type: 'TFSA', taxable: false }),
      expect.objectContaining({ id: 'qt-11111111', portfolioId: 'p1', name: 'Questrade Margin', type: 'Margin', taxable: true }),
    ]);
    // Exactly what the shared mapping makes of each account's full history: every activity reached it.
    const resolve = (n: string) => ({ '00000000': 'qt-00000000', '11111111': 'qt-11111111' })[n];
    const expected = fake.accounts.flatMap((a) => {
      // Whole days are mapped together, as the windows deliver them.
      const byDay = new Map<string, typeof a.activities>();
      for (const x of a.activities) byDay.set(x.transactionDate.slice(0, 10), [...(byDay.get(x.transactionDate.slice(0, 10)) ?? []), x]);
      const m = [...byDay.values()].map((day) => mapQuestradeActivities(day, { accountId: questradeAccountId(a.account.number), accountNumber: a.account.number, resolveAccountId: resolve }));
      return [...m.flatMap((x) => x.transactions.map((t) => ['transactions', t] as const)), ...m.flatMap((x) => x.reviews.map((r) => ['importReviews', r] as const))];
    });
    const stored = rows.filter((r) => r.table !== 'accounts' && r.table !== 'portfolios');
    const sortById = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));
    // Transfers between the two accounts map to one row from either side.
    const unique = new Map(expected.map(([table, row]) => [`${table}:${row.id}`, { key: row.id, table, data: row }]));
    expect(sortById(stored).map((r) => [r.table, r.key, r.data])).toEqual(sortById([...unique.values()]).map((r) => [r.table, r.key, expect.objectContaining(r.data)]));
    expect(stored.length).toBeGreaterThan(20);
    expect(conn.imported).toEqual({ transactions: stored.filter((r) => r.table === 'transactions').length, reviews: stored.filter((r) => r.table === 'importReviews').length });
    for (const r of stored) expect(r.data!['source']).toBe('questrade');
    expect(new Set(stored.filter((r) => r.table === 'transactions').map((r) => r.data!['kind']))).toEqual(new Set(['buy', 'sell', 'fee', 'interest', 'fx_conversion', 'deposit', 'dividend', 'transfer']));
    // "CON 00000000 TO 11111111" is between two connected accounts: one transfer, not a withdrawal.
    expect(stored.find((r) => r.data!['kind'] === 'transfer')!.data).toMatchObject({ accountId: 'qt-00000000', toAccountId: 'qt-11111111', amount: '500' });
    // Securities moved without a known counterpart and corporate actions wait for the user, never dropped.
    expect(stored.filter((r) => r.table === 'importReviews').map((r) => JSON.parse(r.data!['raw']).action).sort()).toEqual(['BRW', 'CIL', 'JNL']);
    // Rows the server writes carry its own clock node.
    for (const r of stored) expect(r.hlc).toMatch(/-server$/);

    for (const r of fake.requests) expect(r.userAgent).toMatch(/^Folio\/\S+ \(\+self-hosted portfolio tracker\)$/);
    const windows = activityRequests(fake);
    for (const w of windows) {
      expect(w.query['startTime']).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00-0[45]:00$/);
      expect(w.query['endTime']).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59-0[45]:00$/);
      expect(Date.parse(w.query['endTime']!) - Date.parse(w.query['startTime']!)).toBeLessThan(31 * DAY);
      expect(w.status).toBe(200);
    }
    // Consecutive windows of one account leave no day out and overlap none.
    const tfsa = windows.filter((w) => w.path.includes('00000000'));
    for (let i = 1; i < tfsa.length; i++) {
      expect(Date.parse(tfsa[i]!.query['startTime']!) - Date.parse(tfsa[i - 1]!.query['endTime']!)).toBeLessThanOrEqual(3600_000 + 1000);
      expect(Date.parse(tfsa[i]!.query['startTime']!)).toBeGreaterThan(Date.parse(tfsa[i - 1]!.query['endTime']!));
    }
    expect(tfsa[0]!.query['startTime']).toMatch(/^2011-01-01T/);
    console.log(`first import from 2011: ${windows.length} activity windows, ${stored.length} rows, ${ms} ms`);

    const holdings = await api(s, 'GET', `/connections/${conn.id}/holdings`, user.accessToken);
    expect(holdings.status).toBe(200);
    expect(holdings.body['accounts'].map((a: any) => [a.number, a.accountId, a.positions.length, a.balances.perCurrencyBalances.length])).toEqual([
      ['00000000', 'qt-00000000', 6, 2],
      ['11111111', 'qt-11111111', 1, 2],
    ]);
    expect(holdings.body['accounts'][0].positions[0]).toMatchObject({ symbol: 'APA18Oct19C22.00', openQuantity: 1, totalCost: 57 });
    expect(Date.parse(holdings.body['asOf'])).toBeGreaterThan(started - 1000);
  }, 60_000);

  it('refuses bad input with the field named and stores nothing', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const bad = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: 'has spaces in it', portfolioId: 'p1' });
    expect(bad.status).toBe(422);
    expect(bad.body['error'].issues.map((i: any) => i.field)).toEqual(['refreshToken']);
    const noPortfolio = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: fake.issueRefreshToken(), portfolioId: 'nope' });
    expect(noPortfolio.status).toBe(422);
    expect(noPortfolio.body['error'].issues[0].field).toBe('portfolioId');
    const refused = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: 'NotAValidToken123', portfolioId: 'p1' });
    expect(refused.status).toBe(422);
    expect(refused.body['error'].code).toBe('questrade_token_rejected');
    const notJson = await fetch(`${s.url}/api/v1/questrade/connections`, { method: 'POST', headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await api(s, 'GET', '/connections', user.accessToken)).body['connections']).toEqual([]);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM questrade_connections').get() as { n: number }).n).toBe(0);
    expect((await api(s, 'GET', '/connections')).status).toBe(401);
  });
});

describe('Questrade unreachable at connect', () => {
  it('answers 502 questrade_unreachable and stores nothing', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const token = fake.issueRefreshToken();
    await fake.stop();
    const res = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: token, portfolioId: 'p1' });
    expect(res.status).toBe(502);
    expect(res.body['error'].code).toBe('questrade_unreachable');
    expect((await api(s, 'GET', '/connections', user.accessToken)).body['connections']).toEqual([]);
  });
});

describe('incremental re-sync', () => {
  it('re-reads the last 31 days in one call per account, writes nothing unchanged, keeps user edits, and picks up new and back-dated activities', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const first = await pull(s, user);

    // A device edits an imported transaction's note.
    const edited = first.changes.find((r) => r.table === 'transactions')!;
    await push(s, user, [{ table: 'transactions', key: edited.key, op: 'patch', data: { note: 'my own note' } }]);
    const afterEdit = await pull(s, user);

    fake.requests.length = 0;
    for (let i = 0; i < 2; i++) {
      const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
      expect(res.status).toBe(200);
      expect(res.body['connection'].state).toBe('ok');
    }
    const windows = activityRequests(fake);
    // One window per account per sync: the last 31 days through today (30 across the autumn clock change).
    expect(windows).toHaveLength(4);
    const today0 = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
    for (const w of windows) {
      expect(w.status).toBe(200);
      expect(w.query['endTime']!.slice(0, 10)).toBe(today0);
      expect(Date.parse(w.query['endTime']!) - Date.parse(w.query['startTime']!)).toBeGreaterThan(29 * DAY);
      expect(Date.parse(w.query['endTime']!) - Date.parse(w.query['startTime']!)).toBeLessThanOrEqual(31 * DAY);
    }
    const again = await pull(s, user);
    expect(again.cursor).toBe(afterEdit.cursor);
    expect(again.changes).toEqual(afterEdit.changes);
    expect(again.changes.find((r) => r.key === edited.key)!.data!['note']).toBe('my own note');

    // A new activity today and one Questrade back-dated 25 days (inside the 31 re-read days).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 25 * DAY));
    const activity = (day: string, amount: number) => ({ tradeDate: `${day}T00:00:00.000000-05:00`, transactionDate: `${day}T00:00:00.000000-05:00`, settlementDate: `${day}T00:00:00.000000-05:00`, action: 'CON', symbol: '', symbolId: 0, description: 'CONT', currency: 'CAD', quantity: 0, price: 0, grossAmount: 0, commission: 0, netAmount: amount, type: 'Deposits' });
    fake.accounts[0]!.activities.push(activity(today, 100), activity(yesterday, 250.5));
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    const delta = await pull(s, user, again.cursor);
    expect(delta.changes.map((c) => [c.table, c.data!['kind'], c.data!['amount'], c.data!['date']]).sort()).toEqual(
      [
        ['transactions', 'deposit', '100', today],
        ['transactions', 'deposit', '250.5', yesterday],
      ].sort(),
    );
    expect(res.body['connection'].imported.transactions).toBe(first.changes.filter((r) => r.table === 'transactions').length + 2);
  });

  it('imports the same rows whatever the window alignment (overlapping re-import from scratch writes nothing)', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const before = await pull(s, user);
    // Move the cursors back: the next sync re-reads 2025-2026 (the synthetic rows: FX pair, transfer, reviews)
    // in differently aligned, narrower windows.
    s.db.prepare("UPDATE questrade_cursors SET synced_through = '2024-12-28'").run();
    fake.knobs.maxWindowDays = 7;
    fake.requests.length = 0;
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    // 1003 narrowed the windows: some refused, all later ones ≤ 7 days.
    const windows = activityRequests(fake);
    expect(windows.some((w) => w.status === 400)).toBe(true);
    for (const w of windows.filter((x) => x.status === 200)) expect(Date.parse(w.query['endTime']!) - Date.parse(w.query['startTime']!)).toBeLessThan(7 * DAY);
    // Refused: 31 days, then 15 (per account); a 7-day window across the fall clock change is 7 days and an hour, refused too.
    const spans = (status: number) => windows.filter((w) => w.status === status).map((w) => Date.parse(w.query['endTime']!) - Date.parse(w.query['startTime']!));
    for (const ms of spans(400)) expect(ms).toBeGreaterThan(7 * DAY);
    expect(spans(400).length).toBeGreaterThanOrEqual(4);
    const after = await pull(s, user);
    expect(after.cursor).toBe(before.cursor);
    expect(after.changes).toEqual(before.changes);
  }, 60_000);
});

describe('rewrites', () => {
  it('keeps a review’s resolution when a changed import rewrites the row', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const review = (await pull(s, user)).changes.find((r) => r.table === 'importReviews')!;
    expect(review.data).toMatchObject({ source: 'questrade', accountId: expect.stringMatching(/^qt-/) });
    await push(s, user, [{ table: 'importReviews', key: review.key, op: 'patch', data: { status: 'dismissed', resolvedAt: '2026-01-01T00:00:00.000Z' } }]);
    const before = await pull(s, user);
    // As if the previous import had mapped this row differently (e.g. an older mapping): the next one rewrites it.
    s.db.prepare("UPDATE questrade_imported SET content_hash = 'older' WHERE row_key = ?").run(review.key);
    // The next sync resumes the day after the cursor: the review's day is read again.
    s.db.prepare("UPDATE questrade_cursors SET synced_through = ?").run(new Date(Date.parse(`${review.data!['date']}T00:00:00Z`) - DAY).toISOString().slice(0, 10));
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    const delta = await pull(s, user, before.cursor);
    expect(delta.changes.map((c) => c.key)).toEqual([review.key]);
    expect(delta.changes[0]!.data).toEqual({ ...review.data, status: 'dismissed', resolvedAt: '2026-01-01T00:00:00.000Z' });
  });
});

describe('superseded rows', () => {
  const fxLeg = (day: string, currency: string, netAmount: number) => ({ tradeDate: `${day}T00:00:00.000000-05:00`, transactionDate: `${day}T00:00:00.000000-05:00`, settlementDate: `${day}T00:00:00.000000-05:00`, action: 'FXT', symbol: '', symbolId: 0, description: 'CONVERSION - CAD/USD', currency, quantity: 0, price: 0, grossAmount: 0, commission: 0, netAmount, type: 'FX conversion' });

  it('deletes the needs-review leg when the other leg arrives in a later re-read and the conversion is made', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    // One leg posted (10 days ago): at the first sync it can only wait for review.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 10 * DAY));
    fake.accounts[0]!.activities.push(fxLeg(day, 'CAD', -1400));
    const conn = await connect(s, fake, user);
    const first = await pull(s, user);
    const leg = first.changes.find((r) => r.table === 'importReviews' && r.data!['date'] === day)!;
    expect(leg.data!['reason']).toMatch(/FX conversion leg/);
    const before = await connection(s, user, conn.id);

    // The other leg is posted later, the same day: the re-read makes the conversion and the review goes.
    fake.accounts[0]!.activities.push(fxLeg(day, 'USD', 975.5));
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    const delta = await pull(s, user, first.cursor);
    expect(delta.changes.map((c) => [c.table, c.key === leg.key ? 'the leg' : c.data!['kind'], c.data === null ? 'deleted' : 'live']).sort()).toEqual(
      [
        ['importReviews', 'the leg', 'deleted'],
        ['transactions', 'fx_conversion', 'live'],
      ].sort(),
    );
    expect(delta.changes.find((c) => c.table === 'transactions')!.data).toMatchObject({ date: day, currency: 'CAD', amount: '1400', toCurrency: 'USD', toAmount: '975.5' });
    expect(delta.changes.find((c) => c.key === leg.key)!.hlc).toMatch(/-server$/);
    expect(res.body['connection'].imported).toEqual({ transactions: before.imported.transactions + 1, reviews: before.imported.reviews - 1 });

    // Stable: the next re-read neither deletes nor rewrites anything, and rows outside the window are untouched.
    const after = await pull(s, user);
    await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect((await pull(s, user)).cursor).toBe(after.cursor);
    expect(after.changes.filter((c) => c.data !== null && c.table !== 'portfolios').length).toBe(first.changes.filter((c) => c.table !== 'portfolios').length);
  });

  it('deletes nothing when a re-read window comes back empty (a glitch, not every activity withdrawn)', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 5 * DAY));
    fake.accounts[0]!.activities.push(fxLeg(day, 'CAD', -1400));
    const conn = await connect(s, fake, user);
    const first = await pull(s, user);
    const saved = fake.accounts[0]!.activities.splice(0);
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    expect((await pull(s, user)).cursor).toBe(first.cursor);
    fake.accounts[0]!.activities.push(...saved);
  });
});

describe('tokens', () => {
  it('rotates the single-use refresh token on every refresh, one at a time, and uses the api_server returned', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    expect(fake.liveRefreshTokens()).toBe(1);
    const grants = fake.knobs.tokenGrants;
    fake.expireAccessTokens();
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    expect(fake.knobs.tokenGrants).toBe(grants + 1);
    expect(fake.knobs.tokenRefusals).toBe(0);
    expect(fake.liveRefreshTokens()).toBe(1);
    // A 401/1017 mid-sync: one refresh, then the call is retried.
    fake.fail({ kind: 'unauthorized', path: /\/balances$/ });
    const res2 = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res2.body['connection']).toMatchObject({ state: 'ok', problem: null });
    expect(fake.knobs.tokenGrants).toBe(grants + 2);
    expect(fake.liveRefreshTokens()).toBe(1);
  });

  it('survives a second token expiry in one long run: a token that worked is refreshed again, not "reconnect"', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const grants = fake.knobs.tokenGrants;
    // The stored token expires during the run (401 on balances), and so does its successor later (401 on activities).
    fake.fail({ kind: 'unauthorized', path: /\/balances$/ });
    fake.fail({ kind: 'unauthorized', path: /\/activities$/ });
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection']).toMatchObject({ state: 'ok', problem: null });
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(2);
    expect(fake.knobs.tokenGrants).toBe(grants + 2);
    expect(fake.knobs.tokenRefusals).toBe(0);
    expect(fake.liveRefreshTokens()).toBe(1);
  });

  it('refreshes a token about to expire before using it, without waiting for a 401', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const grants = fake.knobs.tokenGrants;
    // The stored access token has 30 s left: too close to start a call with.
    s.db.prepare('UPDATE questrade_connections SET access_expires_at = ? WHERE id = ?').run(Date.now() + 30_000, conn.id);
    fake.requests.length = 0;
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection'].state).toBe('ok');
    expect(fake.knobs.tokenGrants).toBe(grants + 1);
    expect(fake.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(fake.requests[0]!.path).toBe('/oauth2/token');
  });

  it('asks the user to reconnect when even a fresh access token is refused (401/1017), and stops scheduling it', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const before = await connection(s, user, conn.id);
    fake.knobs.refuseAllAccessTokens = true;
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.body['connection']).toMatchObject({ state: 'needs_reconnect', problem: { code: 'access_refused' }, nextSyncAt: null, lastSyncAt: before.lastSyncAt });
    expect(res.body['connection'].problem.message).toMatch(/connect again/);
    expect(s.app.questrade.store.due(Date.now() + 365 * DAY)).toEqual([]);
  });

  it('survives a crash between receiving and storing a new token: the next attempt asks to reconnect, nothing corrupt', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const rowsBefore = await pull(s, user);
    // The store of the rotated token fails (as if the process died right after Questrade answered).
    s.db.exec(`CREATE TRIGGER lose_token BEFORE UPDATE OF refresh_token ON questrade_connections BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    fake.expireAccessTokens();
    const grants = fake.knobs.tokenGrants;
    const crashed = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(fake.knobs.tokenGrants).toBe(grants + 1); // Questrade answered: the old refresh token is spent
    expect(crashed.body['connection']).toMatchObject({ state: 'error', problem: { code: 'internal' } });
    s.db.exec('DROP TRIGGER lose_token');

    const next = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(next.body['connection']).toMatchObject({ state: 'needs_reconnect', problem: { code: 'refresh_interrupted' } });
    expect(next.body['connection'].problem.message).toMatch(/interrupted.*connect again/);
    expect(fake.knobs.tokenRefusals).toBe(1);
    // Still readable (not corrupt), and the imported rows untouched.
    expect(s.app.questrade.store.tokens(user.userId, conn.id)?.refreshInterrupted).toBe(true);
    expect((await pull(s, user)).changes).toEqual(rowsBefore.changes);
    // Reconnecting with a new token works.
    const again = await connect(s, fake, user);
    const reconnected = await connection(s, user, again.id);
    expect(reconnected.state).toBe('ok');
    // The new connection counts the rows it re-imported (unchanged, so not rewritten).
    expect(reconnected.imported.transactions).toBeGreaterThan(0);
    expect((await pull(s, user)).changes).toEqual(rowsBefore.changes);
  });

  it('lets one of two concurrent syncs run (the other gets 409), so the token is refreshed once and never burned — also across two processes', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    fake.expireAccessTokens();
    fake.knobs.tokenDelayMs = 150;
    const grants = fake.knobs.tokenGrants;
    const [a, b] = await Promise.all([api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken), api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body['error'].code).toBe('sync_in_progress');
    expect(fake.knobs.tokenGrants).toBe(grants + 1);
    expect(fake.knobs.tokenRefusals).toBe(0);

    // A second server process over the same database file (its own connection): the SQLite lease keeps them apart.
    const otherDb = openDatabase(join(s.dir, 'data'));
    cleanups.push(async () => {
      otherDb.close();
    });
    const other = new QuestradeService({
      db: otherDb,
      secrets: new SecretBox(SECRETS_KEY),
      sync: new SyncService(otherDb, Date.now),
      poke: () => {},
      logger: createLogger('silent'),
      now: Date.now,
      settings: { loginUrl: fake.loginUrl, syncMinutes: 0, historyStart: '2019-09-01' },
    });
    fake.expireAccessTokens();
    const results = await Promise.allSettled([s.app.questrade.syncNow(user.userId, conn.id), other.syncNow(user.userId, conn.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('sync_in_progress');
    expect(fake.knobs.tokenGrants).toBe(grants + 2);
    expect(fake.knobs.tokenRefusals).toBe(0);
    expect((await connection(s, user, conn.id)).state).toBe('ok');

    // A process that died holding the lease blocks syncs only until the lease runs out.
    s.db.prepare("UPDATE questrade_connections SET lease_owner = 'dead-process', lease_until = ?").run(Date.now() + 60_000);
    expect((await api(s, 'GET', '/connections', user.accessToken)).body['connections'][0].state).toBe('syncing');
    expect((await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken)).status).toBe(409);
    s.db.prepare('UPDATE questrade_connections SET lease_until = ?').run(Date.now() - 1);
    expect((await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken)).body['connection'].state).toBe('ok');
  });

  it('keeps tokens encrypted in the database file and out of the logs and responses', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    fake.expireAccessTokens();
    await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    const list = await api(s, 'GET', '/connections', user.accessToken);
    expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(5);
    const files = readdirSync(join(s.dir, 'data')).map((f) => readFileSync(join(s.dir, 'data', f)).toString('latin1'));
    const logs = s.logs.join('\n');
    expect(logs).toContain('questrade sync done');
    for (const token of fake.issuedTokens) {
      for (const f of files) expect(f.includes(token)).toBe(false);
      expect(logs.includes(token)).toBe(false);
      expect(JSON.stringify(list.body).includes(token)).toBe(false);
    }
    // Account numbers are the user's own data: fine in their rows, never in logs.
    expect(logs).not.toContain('11111111');
    const sealed = s.db.prepare('SELECT refresh_token, access_token FROM questrade_connections').get() as { refresh_token: string; access_token: string };
    expect(sealed.refresh_token).toMatch(/^v1\./);
    // Bound to this user and connection: the sealed value does not open under another context.
    expect(() => new SecretBox(SECRETS_KEY).open(sealed.refresh_token, `questrade:someone-else:${conn.id}:refresh`)).toThrow();
  });
});

describe('tokens out of the logs when the token endpoint fails', () => {
  it('network error, 5xx and a refused grant at the token endpoint, at connect and during a sync, log no token', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const token = /\/oauth2\/token$/;

    // At connect: unreachable, 5xx, refused.
    for (const [kind, status, code] of [['network', 502, 'questrade_unreachable'], ['server_error', 502, 'questrade_error']] as const) {
      fake.fail({ kind, path: token });
      const res = await api(s, 'POST', '/connections', user.accessToken, { refreshToken: fake.issueRefreshToken(), portfolioId: 'p1' });
      expect([res.status, res.body['error'].code]).toEqual([status, code]);
    }
    const refusedToken = 'NeverIssuedToken-1234567890';
    expect((await api(s, 'POST', '/connections', user.accessToken, { refreshToken: refusedToken, portfolioId: 'p1' })).body['error'].code).toBe('questrade_token_rejected');

    // During a sync (the access token expired): unreachable, 5xx, then the refresh token refused.
    fake.expireAccessTokens();
    fake.fail({ kind: 'network', path: token });
    expect((await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken)).body['connection']).toMatchObject({ state: 'error', problem: { code: 'network' } });
    fake.fail({ kind: 'server_error', path: token });
    expect((await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken)).body['connection']).toMatchObject({ state: 'error', problem: { code: 'questrade_error' } });
    // Someone spends every live refresh token (as if it leaked and was used elsewhere).
    for (const t of [...fake.issuedTokens]) await fetch(`${fake.url}/oauth2/token?grant_type=refresh_token&refresh_token=${encodeURIComponent(t)}`);
    fake.expireAccessTokens();
    const refused = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    // (The refresh that never reached Questrade left its "started" mark, so it reads as interrupted.)
    expect(refused.body['connection']).toMatchObject({ state: 'needs_reconnect', problem: { code: 'refresh_interrupted' } });

    const logs = s.logs.join('\n');
    expect(logs).toMatch(/questrade sync failed/);
    const list = JSON.stringify((await api(s, 'GET', '/connections', user.accessToken)).body);
    for (const t of [...fake.issuedTokens, refusedToken]) {
      expect(logs.includes(t)).toBe(false);
      expect(list.includes(t)).toBe(false);
    }
  });
});

describe('failures', () => {
  it('backs off on 429 until X-RateLimit-Reset, then carries on', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const resetAt = Math.ceil(Date.now() / 1000) + 120;
    fake.fail({ kind: 'rate_limited', resetAt, path: /\/positions$/ });
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection']).toMatchObject({ state: 'rate_limited', problem: { code: 'rate_limited' }, nextSyncAt: new Date(resetAt * 1000).toISOString() });
    expect(s.app.questrade.store.due(Date.now())).toEqual([]);
    expect(s.app.questrade.store.due(resetAt * 1000)).toEqual([{ id: conn.id, userId: user.userId }]);
    const ok = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(ok.body['connection']).toMatchObject({ state: 'ok', problem: null });
  });

  it('stops before Questrade refuses when X-RateLimit-Remaining reaches 0, until X-RateLimit-Reset', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    fake.knobs.rateLimitRemaining = 2;
    const calls = fake.apiCalls().length;
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(fake.apiCalls().length).toBe(calls + 2);
    expect(fake.apiCalls().slice(-2).every((r) => r.status === 200)).toBe(true);
    expect(res.body['connection']).toMatchObject({ state: 'rate_limited', problem: { code: 'rate_limited' } });
    // The fake's reset is an hour ahead (epoch seconds in X-RateLimit-Reset).
    expect(Date.parse(res.body['connection'].nextSyncAt) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('uses the answer that brought X-RateLimit-Remaining to 0: the last allowed call completes the sync', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    fake.requests.length = 0;
    await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    const perSync = fake.apiCalls().length;
    expect(perSync).toBe(7); // accounts, 2 × (positions, balances, one activities window)
    // Exactly one sync's worth of requests left; the last call (11111111's activities) brings a new deposit.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date());
    fake.accounts[1]!.activities.push({ tradeDate: `${today}T00:00:00.000000-05:00`, transactionDate: `${today}T00:00:00.000000-05:00`, settlementDate: `${today}T00:00:00.000000-05:00`, action: 'CON', symbol: '', symbolId: 0, description: 'CONT', currency: 'CAD', quantity: 0, price: 0, grossAmount: 0, commission: 0, netAmount: 42, type: 'Deposits' });
    fake.knobs.rateLimitRemaining = perSync;
    const before = await pull(s, user);
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(fake.knobs.rateLimitRemaining).toBe(0);
    expect(res.body['connection']).toMatchObject({ state: 'ok', problem: null });
    const delta = await pull(s, user, before.cursor);
    expect(delta.changes.map((c) => [c.data!['accountId'], c.data!['kind'], c.data!['amount']])).toEqual([['qt-11111111', 'deposit', '42']]);
    // The next run makes one call (it cannot know the limit before asking) and stops there.
    const calls = fake.apiCalls().length;
    const next = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(next.body['connection']).toMatchObject({ state: 'rate_limited' });
    expect(fake.apiCalls().length).toBe(calls + 1);
  });

  it('reports a network failure as "will retry" and keeps the last good sync time', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const good = (await connection(s, user, conn.id)).lastSyncAt;
    fake.fail({ kind: 'network', path: /\/activities$/ });
    const t = Date.now();
    const res = await api(s, 'POST', `/connections/${conn.id}/sync`, user.accessToken);
    expect(res.body['connection']).toMatchObject({ state: 'error', problem: { code: 'network' }, lastSyncAt: good });
    expect(res.body['connection'].problem.message).toMatch(/will retry/);
    expect(Date.parse(res.body['connection'].nextSyncAt) - t).toBeGreaterThan(4 * 60_000);
    expect(Date.parse(res.body['connection'].lastAttemptAt)).toBeGreaterThanOrEqual(t - 5);
  });

  it('schedules the next sync with jitter and runs due connections on a tick', async () => {
    const { fake, s } = await setup({ syncMinutes: 60 });
    const user = await userWithPortfolio(s);
    const conn = await connect(s, fake, user);
    const c1 = await connection(s, user, conn.id);
    expect(c1).toMatchObject({ state: "ok" });
    const next = Date.parse(c1.nextSyncAt) - Date.parse(c1.lastSyncAt);
    expect(next).toBeGreaterThanOrEqual(54 * 60_000 - 1000);
    expect(next).toBeLessThanOrEqual(66 * 60_000 + 1000);
    s.db.prepare('UPDATE questrade_connections SET next_sync_at = 0').run();
    await s.app.questrade.tick();
    const c2 = await connection(s, user, conn.id);
    expect(Date.parse(c2.lastSyncAt)).toBeGreaterThan(Date.parse(c1.lastSyncAt));
  });
});

describe('ownership and OAuth', () => {
  it('one user cannot see, sync, read or delete another user’s connection; disconnect deletes tokens but keeps imported rows', async () => {
    const { fake, s } = await setup();
    const alice = await userWithPortfolio(s);
    const bob = await s.register();
    const conn = await connect(s, fake, alice);
    expect((await api(s, 'GET', '/connections', bob.accessToken)).body['connections']).toEqual([]);
    for (const [method, path] of [['POST', `/connections/${conn.id}/sync`], ['DELETE', `/connections/${conn.id}`], ['GET', `/connections/${conn.id}/holdings`]] as const) {
      const res = await api(s, method, path, bob.accessToken);
      expect(res.status).toBe(404);
    }
    expect((await connection(s, alice, conn.id)).state).toBe('ok');
    const rows = (await pull(s, alice)).changes.filter((r) => r.table === 'transactions').length;
    expect(rows).toBeGreaterThan(0);
    expect((await api(s, 'DELETE', `/connections/${conn.id}`, alice.accessToken)).status).toBe(204);
    expect((await api(s, 'GET', '/connections', alice.accessToken)).body['connections']).toEqual([]);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM questrade_connections').get()).toEqual({ n: 0 });
    expect((await pull(s, alice)).changes.filter((r) => r.table === 'transactions' && r.data)).toHaveLength(rows);
  });

  /** Starts the flow as `user` and approves it at (the fake) Questrade: the code and state the browser comes back with. */
  async function approve(s: Server, user: User) {
    const start = await api(s, 'POST', '/oauth/start', user.accessToken, { portfolioId: 'p1' });
    expect(start.status).toBe(200);
    const authorize = new URL(start.body['authorizeUrl']);
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    return { authorize, callback, code: callback.searchParams.get('code')!, state: callback.searchParams.get('state')! };
  }

  it('runs the authorization-code flow: the callback only forwards to the PWA, the signed-in user who started it finishes it, once', async () => {
    const { fake, s } = await setup({ oauth: true });
    const user = await userWithPortfolio(s);
    expect((await api(s, 'GET', '/config', user.accessToken)).body).toEqual({ oauth: true });
    const { authorize, callback, code, state } = await approve(s, user);
    expect(authorize.origin + authorize.pathname).toBe(`${fake.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('folio-test-app');
    expect(authorize.searchParams.get('state')).toBe(state);
    const grants = fake.knobs.tokenGrants;

    // The unauthenticated callback creates nothing and redeems nothing: it forwards to the PWA page.
    const cb = await api(s, 'GET', `/oauth/callback${callback.search}`);
    expect(cb.status).toBe(302);
    const forwarded = new URL(cb.headers.get('location')!, s.url);
    expect(forwarded.pathname).toBe('/questrade');
    expect(Object.fromEntries(forwarded.searchParams)).toEqual({ code, state });
    expect(cb.headers.get('referrer-policy')).toBe('no-referrer');
    expect(fake.knobs.tokenGrants).toBe(grants);
    expect((await api(s, 'GET', '/connections', user.accessToken)).body['connections']).toEqual([]);

    // The PWA finishes with the session's bearer token.
    const finished = await api(s, 'POST', '/oauth/finish', user.accessToken, { code, state });
    expect(finished.status).toBe(201);
    expect(JSON.stringify(finished.body)).not.toMatch(/token/i);
    expect(fake.knobs.tokenGrants).toBe(grants + 1);
    await s.app.questrade.idle();
    expect((await connection(s, user, finished.body['connection'].id)).state).toBe('ok');

    // The same state again, an unknown state, an expired one, a forged code, missing fields.
    const reused = await api(s, 'POST', '/oauth/finish', user.accessToken, { code, state });
    expect([reused.status, reused.body['error'].code]).toEqual([400, 'used_state']);
    const unknown = await api(s, 'POST', '/oauth/finish', user.accessToken, { code: 'abc', state: 'not-a-state' });
    expect([unknown.status, unknown.body['error'].code]).toEqual([400, 'invalid_state']);
    expect(unknown.body['error'].issues[0].field).toBe('state');
    const second = await approve(s, user);
    expect(second.state).not.toBe(state);
    s.db.prepare('UPDATE questrade_oauth_states SET expires_at = 0 WHERE used_at IS NULL').run();
    const expired = await api(s, 'POST', '/oauth/finish', user.accessToken, { code: second.code, state: second.state });
    expect([expired.status, expired.body['error'].code]).toEqual([400, 'expired_state']);
    const third = await approve(s, user);
    const forged = await api(s, 'POST', '/oauth/finish', user.accessToken, { code: 'forged-code', state: third.state });
    expect([forged.status, forged.body['error'].code]).toEqual([422, 'token_exchange_failed']);
    const missing = await api(s, 'POST', '/oauth/finish', user.accessToken, { state: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body['error'].issues.map((i: any) => i.field)).toEqual(['code']);

    // The user said no at Questrade, or the callback lacks the state: forwarded as an error code.
    const denied = await api(s, 'GET', `/oauth/callback?error=access_denied&state=${third.state}`);
    expect(new URL(denied.headers.get('location')!, s.url).searchParams.get('error')).toBe('access_denied');
    expect((await api(s, 'GET', '/oauth/callback?code=abc')).headers.get('location')).toBe('/questrade?error=invalid_state');
    expect((await api(s, 'GET', '/connections', user.accessToken)).body['connections']).toHaveLength(1);
  });

  it('does not let another signed-in user, or no user, finish someone else’s authorization', async () => {
    const { fake, s } = await setup({ oauth: true });
    // The attacker starts the flow with their own Folio user and sends the authorize link to the victim, who approves it.
    const attacker = await userWithPortfolio(s);
    const victim = await userWithPortfolio(s);
    const { code, state } = await approve(s, attacker);
    const grants = fake.knobs.tokenGrants;

    const anonymous = await api(s, 'POST', '/oauth/finish', undefined, { code, state });
    expect(anonymous.status).toBe(401);
    // The victim's PWA finishes it with the victim's session: refused like an unknown state, and the code is never redeemed.
    const asVictim = await api(s, 'POST', '/oauth/finish', victim.accessToken, { code, state });
    expect([asVictim.status, asVictim.body['error'].code]).toEqual([400, 'invalid_state']);
    // The state is used up: even its owner, had they obtained the code, cannot finish it now.
    const asAttacker = await api(s, 'POST', '/oauth/finish', attacker.accessToken, { code, state });
    expect([asAttacker.status, asAttacker.body['error'].code]).toEqual([400, 'used_state']);
    expect(fake.knobs.tokenGrants).toBe(grants);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM questrade_connections').get()).toEqual({ n: 0 });
    for (const u of [attacker, victim]) expect((await api(s, 'GET', '/connections', u.accessToken)).body['connections']).toEqual([]);
  });

  it('says when the authorization-code flow is not configured', async () => {
    const { s } = await setup();
    const user = await userWithPortfolio(s);
    expect((await api(s, 'GET', '/config', user.accessToken)).body).toEqual({ oauth: false });
    expect((await api(s, 'POST', '/oauth/start', user.accessToken, { portfolioId: 'p1' })).body['error'].code).toBe('oauth_not_configured');
  });
});

describe('a connection made after a CSV import', () => {
  type Activity = FakeQuestrade['accounts'][number]['activities'][number];
  const resolve = (n: string) => ({ '00000000': 'qt-00000000', '11111111': 'qt-11111111' })[n];
  const day = (a: Activity) => a.transactionDate.slice(0, 10);
  /** Content keys (with the account) of live transactions, as a sorted multiset. */
  const keysOf = (rows: { data: Record<string, any> | null }[]) => rows.map((r) => `${r.data!['accountId']}#${importKey(r.data as any)}`).sort();
  let csvId = 0;

  /**
   * What the PWA's Questrade CSV import stores for these activities of one account: the export
   * has no symbol ids (the parser sets 0), its "Transaction Date" of a trade is the trade date
   * (as in the export fixture; the API's transactionDate is the settlement day) and the parser
   * reads it as both dates, the whole file is mapped at once, and each row gets a fresh id.
   */
  function csvRows(number: string, activities: Activity[]) {
    const csvShaped = activities.map((a) => ({ ...a, symbolId: 0, transactionDate: a.tradeDate, tradeDate: a.tradeDate }));
    const mapped = mapQuestradeActivities(csvShaped, { accountId: questradeAccountId(number), accountNumber: number, resolveAccountId: resolve }, { source: 'questrade-csv' });
    return mapped.transactions.map((t) => ({ ...t, id: `csv-${++csvId}`, createdAt: '2026-01-02T00:00:00.000Z' }));
  }

  /** What the API import alone makes of every account's history (whole days mapped together, transfers once). */
  function apiTransactions(fake: FakeQuestrade) {
    const rows = fake.accounts.flatMap((a) => {
      const byDay = new Map<string, Activity[]>();
      // The import reads from the history start (2019-09-01 in these tests).
      for (const x of a.activities.filter((y) => day(y) >= '2019-09-01')) byDay.set(day(x), [...(byDay.get(day(x)) ?? []), x]);
      return [...byDay.values()].flatMap((d) => mapQuestradeActivities(d, { accountId: questradeAccountId(a.account.number), accountNumber: a.account.number, resolveAccountId: resolve }).transactions);
    });
    return [...new Map(rows.map((r) => [r.id, r])).values()];
  }

  /** A device stores CSV-imported rows (and the account the CSV import creates) through the sync endpoint. */
  async function importCsv(s: Server, user: User, number: string, rows: ReturnType<typeof csvRows>) {
    await push(s, user, [
      { table: 'accounts', key: questradeAccountId(number), op: 'put', data: { id: questradeAccountId(number), portfolioId: 'p1', name: `Questrade ${number}`, type: 'questrade', createdAt: '2026-01-02T00:00:00.000Z' } },
      ...rows.map((r) => ({ table: 'transactions', key: r.id, op: 'put', data: r as unknown as Record<string, unknown> })),
    ]);
  }

  it('does not import the activities the CSV already brought (transfer included), imports the others, and a second sync writes nothing', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    // The export was made before the last activities (March 2025) were posted.
    const csv = csvRows('00000000', fake.accounts[0]!.activities.filter((a) => a.tradeDate < '2025-03-01'));
    expect(csv.some((r) => r.kind === 'transfer' && r.toAccountId === 'qt-11111111')).toBe(true);
    // One CSV row the user deleted again: it no longer covers its activity.
    const deleted = csv.find((r) => r.kind === 'deposit')!;
    await importCsv(s, user, '00000000', csv);
    await push(s, user, [{ table: 'transactions', key: deleted.id, op: 'delete' }]);
    const beforeConnect = await pull(s, user);
    const storedCsv = beforeConnect.changes.filter((r) => r.table === 'transactions' && r.data !== null);
    expect(storedCsv).toHaveLength(csv.length - 1);

    const conn = await connect(s, fake, user);
    expect((await connection(s, user, conn.id)).state).toBe('ok');
    const after = await pull(s, user);
    const live = after.changes.filter((r) => r.table === 'transactions' && r.data !== null);
    // Every activity counted exactly once: the live rows' content is what the API alone would have made.
    const api = apiTransactions(fake);
    expect(keysOf(live)).toEqual(keysOf(api.map((data) => ({ data: data as unknown as Record<string, any> }))));
    // The CSV rows are untouched (same content, same clocks), the API brought the rest.
    for (const r of storedCsv) expect(after.changes.find((c) => c.key === r.key)).toEqual(r);
    const fromApi = live.filter((r) => r.data!['source'] === 'questrade');
    expect(fromApi.length).toBe(api.length - (csv.length - 1));
    // The API wrote exactly what the CSV lacks: the deleted row's activity and the later ones.
    const covered = keysOf(storedCsv);
    const lacking = keysOf(api.map((data) => ({ data: data as unknown as Record<string, any> }))).filter((k) => {
      const i = covered.indexOf(k);
      return i < 0 || !covered.splice(i, 1);
    });
    expect(keysOf(fromApi)).toEqual(lacking);
    expect(lacking).toEqual(expect.arrayContaining([`qt-00000000#${importKey(deleted)}`, 'qt-00000000#2025-03-04|fee||||9.95|CAD']));
    expect(fromApi.some((r) => r.data!['kind'] === 'transfer')).toBe(false);
    // Counted as imported: only what the API wrote.
    expect((await connection(s, user, conn.id)).imported.transactions).toBe(fromApi.length);

    // Re-syncs (the 31-day re-read, and a full re-read of the 2025 rows) write and delete nothing.
    await api2(s, conn.id, user);
    s.db.prepare("UPDATE questrade_cursors SET synced_through = '2024-12-28'").run();
    await api2(s, conn.id, user);
    expect((await pull(s, user)).cursor).toBe(after.cursor);
  });

  it('counts identical fills: two in the CSV cover two of the API’s three, not more', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 10 * DAY));
    const fill: Activity = { tradeDate: `${d}T00:00:00.000000-05:00`, transactionDate: `${d}T00:00:00.000000-05:00`, settlementDate: `${d}T00:00:00.000000-05:00`, action: 'Buy', symbol: 'XEQT.TO', symbolId: 23456, description: 'ISHARES CORE EQUITY ETF', currency: 'CAD', quantity: 10, price: 30.5, grossAmount: -305, commission: 0, netAmount: -305, type: 'Trades' };
    fake.accounts[1]!.activities.push(fill, { ...fill }, { ...fill });
    await importCsv(s, user, '11111111', csvRows('11111111', [fill, { ...fill }]));
    const conn = await connect(s, fake, user);
    const after = await pull(s, user);
    const fills = after.changes.filter((r) => r.table === 'transactions' && r.data?.['symbol'] === 'XEQT.TO' && r.data['date'] === d);
    expect(fills.map((r) => r.data!['source']).sort()).toEqual(['questrade', 'questrade-csv', 'questrade-csv']);
    expect(new Set(fills.map((r) => importKey(r.data as any))).size).toBe(1);
    // Stable: the re-read of those days skips the same two and keeps the one it wrote.
    await api2(s, conn.id, user);
    expect((await pull(s, user)).cursor).toBe(after.cursor);
  });

  it('a CSV import that reached the server after the API row (an offline device) ends the double count at the next re-read; deleting the CSV row brings the API row back', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 5 * DAY));
    const deposit: Activity = { tradeDate: `${d}T00:00:00.000000-05:00`, transactionDate: `${d}T00:00:00.000000-05:00`, settlementDate: `${d}T00:00:00.000000-05:00`, action: 'CON', symbol: '', symbolId: 0, description: 'CONT', currency: 'CAD', quantity: 0, price: 0, grossAmount: 0, commission: 0, netAmount: 700, type: 'Deposits' };
    fake.accounts[1]!.activities.push(deposit);
    const conn = await connect(s, fake, user);
    const first = await pull(s, user);
    const apiRow = first.changes.find((r) => r.table === 'transactions' && r.data!['date'] === d)!;
    expect(apiRow.data).toMatchObject({ source: 'questrade', kind: 'deposit', amount: '700' });
    const before = (await connection(s, user, conn.id)).imported.transactions;

    const [csvRow] = csvRows('11111111', [deposit]);
    await push(s, user, [{ table: 'transactions', key: csvRow!.id, op: 'put', data: csvRow as unknown as Record<string, unknown> }]);
    const withBoth = await pull(s, user);
    await api2(s, conn.id, user);
    const delta = await pull(s, user, withBoth.cursor);
    expect(delta.changes.map((c) => [c.key, c.data])).toEqual([[apiRow.key, null]]);
    expect((await pull(s, user)).changes.find((c) => c.key === csvRow!.id)).toEqual(withBoth.changes.find((c) => c.key === csvRow!.id));
    expect((await connection(s, user, conn.id)).imported.transactions).toBe(before - 1);
    const settled = await pull(s, user);
    await api2(s, conn.id, user);
    expect((await pull(s, user)).cursor).toBe(settled.cursor);

    // The user deletes the CSV row: the next re-read imports the activity from the API again.
    await push(s, user, [{ table: 'transactions', key: csvRow!.id, op: 'delete' }]);
    const afterDelete = await pull(s, user);
    await api2(s, conn.id, user);
    const back = await pull(s, user, afterDelete.cursor);
    expect(back.changes.map((c) => [c.key, c.data?.['source']])).toEqual([[apiRow.key, 'questrade']]);
  });

  it('does not keep for review again what the CSV import kept for review (open or dismissed)', async () => {
    const { fake, s } = await setup();
    const user = await userWithPortfolio(s);
    const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(Date.now() - 8 * DAY));
    const at = `${d}T00:00:00.000000-05:00`;
    const action = (code: string, symbol: string): Activity => ({ tradeDate: at, transactionDate: at, settlementDate: at, action: code, symbol, symbolId: 777, description: `${code} ${symbol}`, currency: 'CAD', quantity: 0, price: 0, grossAmount: 0, commission: 0, netAmount: 0, type: 'Corporate actions' });
    const both = [action('REV', 'ABC.TO'), action('MGR', 'DEF.TO')];
    const apiOnly = action('NAC', 'GHI.TO');
    fake.accounts[1]!.activities.push(...both, apiOnly);
    // The CSV import (an export made before the third was posted) kept two for review; the user dismissed one.
    const csvShaped = both.map((a) => ({ ...a, symbolId: 0 }));
    const csvReviews = mapQuestradeActivities(csvShaped, { accountId: questradeAccountId('11111111'), accountNumber: '11111111', resolveAccountId: resolve }, { source: 'questrade-csv' }).reviews;
    expect(csvReviews).toHaveLength(2);
    await importCsv(s, user, '11111111', []);
    await push(s, user, csvReviews.map((r) => ({ table: 'importReviews', key: r.id, op: 'put', data: { ...r, ...(r.reason.includes('MGR') ? { status: 'dismissed', resolvedAt: '2026-01-03T00:00:00.000Z' } : {}) } as unknown as Record<string, unknown> })));

    const conn = await connect(s, fake, user);
    const after = await pull(s, user);
    const reviews = after.changes.filter((r) => r.table === 'importReviews' && r.data !== null && r.data['date'] === d);
    // The two from the CSV stay as they were (one dismissed); the connection adds only the third.
    expect(reviews.map((r) => [r.data!['source'], r.data!['reason'].split(':')[0], r.data!['status'] ?? 'open']).sort()).toEqual([
      ['questrade', 'Corporate action (NAC on GHI.TO)', 'open'],
      ['questrade-csv', 'Corporate action (MGR on DEF.TO)', 'dismissed'],
      ['questrade-csv', 'Corporate action (REV on ABC.TO)', 'open'],
    ]);
    // Counted as imported: only the reviews the connection wrote.
    expect((await connection(s, user, conn.id)).imported.reviews).toBe(after.changes.filter((r) => r.table === 'importReviews' && r.data?.['source'] === 'questrade').length);
    // Stable: the re-read of those days keeps skipping the same two.
    await api2(s, conn.id, user);
    expect((await pull(s, user)).cursor).toBe(after.cursor);
  });

  it('never lets another user’s CSV rows suppress this user’s import', async () => {
    const { fake, s } = await setup();
    const other = await userWithPortfolio(s);
    await importCsv(s, other, '00000000', csvRows('00000000', fake.accounts[0]!.activities));
    const user = await userWithPortfolio(s);
    await connect(s, fake, user);
    const live = (await pull(s, user)).changes.filter((r) => r.table === 'transactions' && r.data !== null);
    expect(keysOf(live)).toEqual(keysOf(apiTransactions(fake).map((data) => ({ data: data as unknown as Record<string, any> }))));
    for (const r of live) expect(r.data!['source']).toBe('questrade');
  });
});

/** An on-demand sync that must succeed. */
async function api2(s: Server, connectionId: string, user: User) {
  const res = await api(s, 'POST', `/connections/${connectionId}/sync`, user.accessToken);
  expect(res.status).toBe(200);
  expect(res.body['connection'].state).toBe('ok');
}
