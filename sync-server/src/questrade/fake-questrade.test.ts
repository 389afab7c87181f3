import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeQuestrade } from './fake-questrade';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/questrade/${name}`, import.meta.url), 'utf8')) as unknown;
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

describe('fake Questrade', () => {
  it('behaves like the documented API where Folio depends on it', async () => {
    const fake = await startFakeQuestrade();
    stops.push(() => fake.stop());
    const refresh = fake.issueRefreshToken();
    const tokenRes = await fetch(`${fake.url}/oauth2/token?grant_type=refresh_token&refresh_token=${refresh}`, { method: 'POST' });
    const token = (await tokenRes.json()) as { access_token: string; api_server: string; refresh_token: string; expires_in: number };
    expect(token).toMatchObject({ api_server: `${fake.url}/`, expires_in: 1800 });
    // Single use.
    expect((await fetch(`${fake.url}/oauth2/token?grant_type=refresh_token&refresh_token=${refresh}`, { method: 'POST' })).status).toBe(400);
    const get = (path: string, access = token.access_token) => fetch(`${token.api_server}${path}`, { headers: { authorization: `Bearer ${access}` } });
    const accounts = await get('v1/accounts');
    expect(accounts.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(((await accounts.json()) as { accounts: { number: string }[] }).accounts.map((a) => a.number)).toEqual(['00000000', '11111111']);
    const bad = await get('v1/accounts', 'nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual(fixture('questrade-observed_error-1017.json'));
    const wide = await get('v1/accounts/00000000/activities?startTime=2019-10-01T00:00:00-04:00&endTime=2019-11-02T00:00:00-04:00');
    expect(wide.status).toBe(400);
    expect(await wide.json()).toEqual(fixture('questrade-issue_error-1003-activities-range.json'));
    const oct = await get('v1/accounts/00000000/activities?startTime=2019-10-01T00:00:00-04:00&endTime=2019-10-31T23:59:59-04:00');
    expect(((await oct.json()) as { activities: unknown[] }).activities).toHaveLength(18);
    fake.fail({ kind: 'rate_limited', resetAt: 2_000_000_000 });
    const limited = await get('v1/accounts');
    expect([limited.status, limited.headers.get('x-ratelimit-remaining'), limited.headers.get('x-ratelimit-reset')]).toEqual([429, '0', '2000000000']);
    fake.fail({ kind: 'network' });
    await expect(get('v1/accounts')).rejects.toThrow();
    fake.expireAccessTokens();
    expect((await get('v1/accounts')).status).toBe(401);
  });

  it('starts standalone with a port and prints its URL and a refresh token', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/questrade/fake-questrade.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    stops.push(() => void child.kill('SIGTERM'));
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const { url, refreshToken } = JSON.parse(chunk.toString().split('\n')[0]!) as { url: string; refreshToken: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/oauth2/token?grant_type=refresh_token&refresh_token=${refreshToken}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const minted = (await (await fetch(`${url}/__fake/refresh-token`, { method: 'POST' })).json()) as { refreshToken: string };
    expect(minted.refreshToken).not.toBe(refreshToken);
  });
});
