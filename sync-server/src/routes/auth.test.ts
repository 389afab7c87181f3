import { SignJWT, base64url } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEY, testApp } from '../test-support';

const cleanups: (() => void)[] = [];
const fresh = (overrides: Parameters<typeof testApp>[0] = {}) => {
  const t = testApp(overrides);
  cleanups.push(t.cleanup);
  return t;
};
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('accounts', () => {
  it('registers, logs in, and stores the password only as a salted scrypt hash', async () => {
    const t = fresh();
    const user = await t.register('Ada@Example.com', 'correct horse battery');
    const login = await t.json('/api/v1/auth/login', { email: 'ada@example.com', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(login.body['userId']).toBe(user.userId);
    const stored = t.db.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(JSON.stringify(t.logs)).not.toContain('correct horse battery');
    expect((await t.json('/api/v1/auth/register', { email: 'ada@example.com', password: 'another long one' })).body).toMatchObject({ error: { code: 'email_taken' } });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const t = fresh();
    await t.register('bob@example.com');
    const wrong = await t.json('/api/v1/auth/login', { email: 'bob@example.com', password: 'nope nope nope' });
    const unknown = await t.json('/api/v1/auth/login', { email: 'nobody@example.com', password: 'nope nope nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('refuses weak or malformed registrations with the field named', async () => {
    const t = fresh();
    const res = await t.json('/api/v1/auth/register', { email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(422);
    expect(res.body['error']['issues'].map((i: { field: string }) => i.field)).toEqual(['email', 'password']);
    expect((await t.json('/api/v1/auth/register', '{oops')).body).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('treats a refresh retried soon after a lost response as a retry, keeping one chain', async () => {
    let now = Date.now();
    const t = fresh({ now: () => now });
    const user = await t.register();
    const lost = await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken }); // its response never arrives
    now += 5_000;
    const retried = await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
    expect(retried.status).toBe(200);
    // The successor that was never received is revoked; the new one works.
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: lost.body['refreshToken'] })).status).toBe(401);
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: retried.body['refreshToken'] })).status).toBe(200);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back after the retry window', async () => {
    let now = Date.now();
    const t = fresh({ now: () => now });
    const user = await t.register();
    const first = await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    const second = await t.json('/api/v1/auth/refresh', { refreshToken: first.body['refreshToken'] });
    expect(second.status).toBe(200);
    now += 31_000;
    // The first token again, well after it was used: a replay. It fails, and so does the newest token of its family.
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: second.body['refreshToken'] })).status).toBe(401);
  });

  it('logs out by revoking the session’s refresh tokens', async () => {
    const t = fresh();
    const user = await t.register();
    expect((await t.json('/api/v1/auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it('changes the password and signs out other sessions', async () => {
    const t = fresh();
    const user = await t.register();
    expect((await t.json('/api/v1/auth/password', { currentPassword: 'wrong one!!', newPassword: 'a brand new passphrase' }, { token: user.accessToken })).status).toBe(401);
    const changed = await t.json('/api/v1/auth/password', { currentPassword: user.password, newPassword: 'a brand new passphrase' }, { token: user.accessToken });
    expect(changed.status).toBe(200);
    expect((await t.json('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await t.json('/api/v1/auth/login', { email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('deletes the account with all of its data', async () => {
    const t = fresh();
    const user = await t.register();
    await t.json('/api/v1/sync', { clientId: 'device-one', cursor: 0, mutations: [{ mid: 1, table: 'portfolios', key: 'p1', op: 'put', data: { id: 'p1', name: 'Main' }, hlc: `${Date.now()}-0000-dev1`.padStart(24, '0') }] }, { token: user.accessToken });
    expect((await t.json('/api/v1/auth/account', { password: user.password }, { method: 'DELETE', token: user.accessToken })).status).toBe(204);
    for (const table of ['users', 'refresh_tokens', 'sync_clients', 'sync_rows']) {
      expect((t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect((await t.json('/api/v1/sync', { clientId: 'device-one', cursor: 0, mutations: [] }, { token: user.accessToken })).status).toBe(401);
  });
});

describe('access tokens', () => {
  const sync = (t: ReturnType<typeof fresh>, token: string) => t.json('/api/v1/sync', { clientId: 'device-one', cursor: 0, mutations: [] }, { token });

  it('accepts a valid token and rejects tampered, expired, alg:none, wrong-key and wrong-algorithm tokens', async () => {
    let now = Date.now();
    const t = fresh({ now: () => now });
    const user = await t.register();
    expect((await sync(t, user.accessToken)).status).toBe(200);

    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, sub: 'someone-else' }))}.${signature}`;
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    const wrongKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(1));
    const wrongAlg = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(64).fill(42));
    for (const bad of [tampered, none, wrongKey, wrongAlg, 'garbage']) {
      const res = await sync(t, bad);
      expect(res.status, bad.slice(0, 20)).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(TEST_KEY.length).toBe(32);
    now += 16 * 60 * 1000;
    expect((await sync(t, user.accessToken)).status).toBe(401);
  });

  it('slows down guessing one account’s password from many addresses', async () => {
    const t = fresh({ security: { authPerMinute: 6 } });
    await t.register('dan@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      // A different client address each time (as a botnet would): the per-account limit still applies.
      const res = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dan@example.com', password: `guess ${i} again` }) }, { incoming: { socket: { remoteAddress: `10.0.0.${i}` } } });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('refuses oversize bodies on the sign-in routes', async () => {
    const t = fresh();
    const res = await t.json('/api/v1/auth/login', { email: 'e@example.com', password: 'x'.repeat(20_000) });
    expect([res.status, res.body['error']['code']]).toEqual([413, 'payload_too_large']);
  });

  it('slows down password guessing per IP', async () => {
    const t = fresh({ security: { authPerMinute: 6 } });
    await t.register('carol@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await t.json('/api/v1/auth/login', { email: 'carol@example.com', password: `guess number ${i}` })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await t.json('/api/v1/auth/login', { email: 'carol@example.com', password: 'guess again' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
