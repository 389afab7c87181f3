import { afterEach, describe, expect, it } from 'vitest';
import { testApp } from '../test-support';

const cleanups: (() => void)[] = [];
const fresh = (overrides: Parameters<typeof testApp>[0] = {}) => {
  const t = testApp(overrides);
  cleanups.push(t.cleanup);
  return t;
};
afterEach(() => cleanups.splice(0).forEach((c) => c()));

let counter = 0;
const hlc = (node = 'dev1', ms = Date.now()) => `${String(ms).padStart(13, '0')}-${(counter++ % 1000).toString(36).padStart(4, '0')}-${node}`;
const portfolio = (mid: number, key: string, name: string, node = 'dev1') => ({ mid, table: 'portfolios', key, op: 'put', data: { id: key, name, costBasisMethod: 'average', createdAt: '2026-01-01T00:00:00Z' }, hlc: hlc(node) });
const rows = (t: ReturnType<typeof fresh>) => (t.db.prepare('SELECT COUNT(*) AS n FROM sync_rows').get() as { n: number }).n;

describe('POST /api/v1/sync', () => {
  it('pushes and pulls in one request; another device pulls the change; retries apply once', async () => {
    const t = fresh();
    const user = await t.register();
    const push = { clientId: 'laptop-0001', cursor: 0, mutations: [portfolio(1, 'p1', 'Main'), portfolio(2, 'p2', 'RRSP')] };
    const first = await t.json('/api/v1/sync', push, { token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ lastMid: 2, cursor: 2, more: false });
    // The same request again (a response was lost): nothing changes, same answer.
    const retry = await t.json('/api/v1/sync', push, { token: user.accessToken });
    expect(retry.body).toMatchObject({ lastMid: 2, cursor: 2 });
    expect((t.db.prepare('SELECT seq FROM users').get() as { seq: number }).seq).toBe(2);

    const phone = await t.json('/api/v1/sync', { clientId: 'phone-00001', cursor: 0, mutations: [] }, { token: user.accessToken });
    expect(phone.body['changes'].map((c: { key: string; data: { name: string } }) => [c.key, c.data.name])).toEqual([['p1', 'Main'], ['p2', 'RRSP']]);
  });

  it('merges per field by clock and propagates deletes as tombstones', async () => {
    const t = fresh();
    const user = await t.register();
    const sync = (clientId: string, cursor: number, mutations: unknown[]) => t.json('/api/v1/sync', { clientId, cursor, mutations }, { token: user.accessToken });
    await sync('laptop-0001', 0, [portfolio(1, 'p1', 'Main')]);
    // Two devices edit different fields; an older rename from the phone loses to a newer one.
    await sync('phone-00001', 0, [{ mid: 1, table: 'portfolios', key: 'p1', op: 'patch', data: { name: 'Old name' }, hlc: hlc('phone', Date.now() - 60_000) }]);
    await sync('laptop-0001', 0, [{ mid: 2, table: 'portfolios', key: 'p1', op: 'patch', data: { costBasisMethod: 'fifo' }, hlc: hlc('laptop') }]);
    const state = await sync('tablet-0001', 0, []);
    expect(state.body['changes']).toEqual([expect.objectContaining({ key: 'p1', data: { id: 'p1', name: 'Main', costBasisMethod: 'fifo', createdAt: '2026-01-01T00:00:00Z' } })]);
    await sync('phone-00001', 0, [{ mid: 2, table: 'portfolios', key: 'p1', op: 'delete', hlc: hlc('phone') }]);
    const after = await sync('tablet-0001', state.body['cursor'], []);
    expect(after.body['changes']).toEqual([expect.objectContaining({ key: 'p1', data: null })]);
  });

  it('pages through changes with a cursor', async () => {
    const t = fresh();
    const user = await t.register();
    const mutations = Array.from({ length: 25 }, (_, i) => portfolio(i + 1, `p${i}`, `P${i}`));
    await t.json('/api/v1/sync', { clientId: 'laptop-0001', cursor: 0, mutations }, { token: user.accessToken });
    const keys: string[] = [];
    let cursor = 0;
    for (let more = true; more; ) {
      const page = await t.json('/api/v1/sync', { clientId: 'phone-00001', cursor, mutations: [], limit: 10 }, { token: user.accessToken });
      keys.push(...page.body['changes'].map((c: { key: string }) => c.key));
      cursor = page.body['cursor'];
      more = page.body['more'];
    }
    expect(keys).toHaveLength(25);
    expect(new Set(keys).size).toBe(25);
  });

  it('asks for a full download when the cursor is ahead of the server, and for missing mutations on a gap', async () => {
    const t = fresh();
    const user = await t.register();
    const ahead = await t.json('/api/v1/sync', { clientId: 'laptop-0001', cursor: 99, mutations: [] }, { token: user.accessToken });
    expect([ahead.status, ahead.body['error']['code']]).toEqual([409, 'cursor_expired']);
    const gap = await t.json('/api/v1/sync', { clientId: 'laptop-0001', cursor: 0, mutations: [portfolio(3, 'p1', 'Main')] }, { token: user.accessToken });
    expect([gap.status, gap.body['error']['code']]).toEqual([409, 'mutation_gap']);
    expect(rows(t)).toBe(0);
  });

  it('keeps users apart whatever ids or cursors they send', async () => {
    const t = fresh();
    const alice = await t.register();
    const mallory = await t.register();
    await t.json('/api/v1/sync', { clientId: 'alice-laptop', cursor: 0, mutations: [portfolio(1, 'p1', 'Alice savings')] }, { token: alice.accessToken });
    // Mallory writes the same table and key, and uses Alice's client id: her own row, her own device state.
    await t.json('/api/v1/sync', { clientId: 'alice-laptop', cursor: 0, mutations: [portfolio(1, 'p1', 'Hijacked')] }, { token: mallory.accessToken });
    const seen = await t.json('/api/v1/sync', { clientId: 'mallory-0001', cursor: 0, mutations: [] }, { token: mallory.accessToken });
    expect(seen.body['changes'].map((c: { data: { name: string } }) => c.data.name)).toEqual(['Hijacked']);
    const alices = await t.json('/api/v1/sync', { clientId: 'alice-phone', cursor: 0, mutations: [] }, { token: alice.accessToken });
    expect(alices.body['changes'].map((c: { data: { name: string } }) => c.data.name)).toEqual(['Alice savings']);
    expect((await t.json('/api/v1/sync', { clientId: 'anon-000001', cursor: 0, mutations: [] })).status).toBe(401);
  });

  it('refuses bad input with a reason code and stores nothing', async () => {
    const t = fresh({ security: { maxSyncBodyBytes: 2048 } });
    const user = await t.register();
    const send = (body: unknown) => t.json('/api/v1/sync', body, { token: user.accessToken });
    const cases: [unknown, number, string][] = [
      ['{"clientId": ', 400, 'invalid_json'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [{ ...portfolio(1, 'p1', 'x'), table: 'users' }] }, 422, 'invalid_input'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [{ ...portfolio(1, 'p1', 'x'), data: { id: 'p1', name: 42 } }] }, 422, 'invalid_input'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [{ ...portfolio(1, 'p1', 'x'), data: { id: 'p1', isAdmin: true } }] }, 422, 'invalid_input'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [{ ...portfolio(1, 'p1', 'x'), op: 'patch', data: { name: 42, isAdmin: true } }] }, 422, 'invalid_input'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [{ mid: 1, table: 'transactions', key: 't1', op: 'put', data: { id: 't1', quantity: '1e9' }, hlc: hlc() }] }, 422, 'invalid_input'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: [portfolio(1, 'p1', 'ok'), { ...portfolio(2, 'p2', 'x'), hlc: hlc('dev1', Date.now() + 2 * 3600_000) }] }, 422, 'clock_skew'],
      [{ clientId: 'laptop-0001', cursor: 0, mutations: Array.from({ length: 30 }, (_, i) => portfolio(i + 1, `p${i}`, 'x'.repeat(50))) }, 413, 'payload_too_large'],
      [{ clientId: 'x', cursor: -1, mutations: 'no' }, 422, 'invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const res = await send(body);
      expect([res.status, res.body['error']['code']], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
    }
    expect(rows(t)).toBe(0);
    expect((t.db.prepare('SELECT COUNT(*) AS n FROM sync_clients').get() as { n: number }).n).toBe(0);
  });

  it('allows CORS for its own origin and configured ones only, and sends security headers', async () => {
    const t = fresh({ security: { allowedOrigins: ['chrome-extension://abcdefghijklmnopabcdefghijklmnop'] } });
    const preflight = (origin: string) => t.app.request('http://localhost/api/v1/sync', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect((await preflight('http://localhost')).headers.get('access-control-allow-origin')).toBe('http://localhost');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const res = await t.app.request('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
