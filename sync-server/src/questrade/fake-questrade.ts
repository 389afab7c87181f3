/**
 * A fake Questrade API for tests (test support, never used by the product): the login
 * server's /oauth2/authorize and /oauth2/token and the account calls Folio uses, on
 * 127.0.0.1, answering with the recorded bodies in shared/fixtures/questrade.
 *
 * Behaves like the documented service where Folio depends on it: refresh tokens and codes
 * are single use; every token answer names `api_server` (this server, with a trailing "/");
 * access tokens expire; a bad or expired access token gets 401 with the 1017 body; an
 * activities window over 31 days gets 400 with the 1003 body; every API answer carries
 * X-RateLimit-Remaining / X-RateLimit-Reset (epoch seconds). Knobs let tests break it.
 *
 * Standalone (for browser tests):
 *   node --import tsx sync-server/src/questrade/fake-questrade.ts --port 9911
 * prints one JSON line `{"url", "refreshToken"}`; `POST /__fake/refresh-token` mints another.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { QuestradeAccount, QuestradeActivity, QuestradeBalances, QuestradePosition } from '../../../core/src/io/questrade/questrade-api-types';

const FIXTURES = new URL('../../../../shared/fixtures/questrade/', import.meta.url);
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

export interface FakeAccount {
  account: QuestradeAccount;
  activities: QuestradeActivity[];
  positions: QuestradePosition[];
  balances: QuestradeBalances;
}

/**
 * The default data:
 * - account "00000000" (TFSA, recorded by questrade-ts): the 18 recorded activities (Oct 2019:
 *   option trades, FX conversion legs, fees, option expiries) plus the 13 SYNTHETIC mixed
 *   activities (2025: deposit, buys, FX legs, dividends, interest, withdrawal "CON 00000000 TO
 *   11111111", journal, BRW, cash in lieu, fee); recorded positions and balances. The positions
 *   are the 2019 options, so they do not match the activities: a natural reconciliation mismatch.
 * - account "11111111" (Margin; the docs sample account, renumbered to be the synthetic
 *   withdrawal's destination): the docs "Interest" activity (2011) and the receiving side of
 *   that withdrawal (a deposit, invented to mirror it); the docs positions sample
 *   with its two wrong types corrected (totalCost was `false`, isRealTime was "Individual");
 *   the docs per-currency balances.
 */
export function defaultFakeAccounts(): FakeAccount[] {
  const recorded = fixture<{ accounts: QuestradeAccount[] }>('questrade-ts_accounts.json').accounts[0]!;
  const docs = fixture<{ accounts: QuestradeAccount[] }>('questrade-docs_accounts.json').accounts[0]!;
  const docsPositions = fixture<{ positions: Record<string, unknown>[] }>('questrade-docs_positions.json').positions.map(
    (p) => ({ ...p, totalCost: Number(p['openQuantity']) * Number(p['averageEntryPrice']), isRealTime: false }) as unknown as QuestradePosition,
  );
  const mixed = fixture<{ activities: QuestradeActivity[] }>('synthetic/SYNTHETIC_questrade_activities_mixed.json').activities;
  return [
    {
      account: recorded,
      activities: [
        ...fixture<{ activities: QuestradeActivity[] }>('questrade-ts_activities.json').activities,
        ...mixed,
      ],
      positions: fixture<{ positions: QuestradePosition[] }>('questrade-ts_positions.json').positions,
      balances: fixture<QuestradeBalances>('questrade-ts_balances.json'),
    },
    {
      account: { ...docs, number: '11111111', isPrimary: false, isBilling: false },
      activities: [...fixture<{ activities: QuestradeActivity[] }>('questrade-docs_activities-interest.json').activities, receivingSide(mixed)],
      positions: docsPositions,
      balances: { perCurrencyBalances: fixture<QuestradeBalances>('questrade-docs_balances-perCurrency.json').perCurrencyBalances, combinedBalances: [], sodPerCurrencyBalances: [], sodCombinedBalances: [] },
    },
  ];
}

/** The other side of the synthetic "CON 00000000 TO 11111111" withdrawal: the same row as a deposit into 11111111 (invented, like its source). */
function receivingSide(mixed: QuestradeActivity[]): QuestradeActivity {
  const out = mixed.find((a) => a.type === 'Withdrawals' && /^CON \d+ TO 11111111$/.test(a.description));
  if (!out) throw new Error('the synthetic fixture no longer has the CON … TO 11111111 withdrawal');
  return { ...out, type: 'Deposits', netAmount: -out.netAmount };
}

/** One request the fake saw (tokens left out). */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  /** The answer's status (0 when the connection was dropped). */
  status: number;
}

/** A scripted failure for the next matching requests. */
export interface FakeFailure {
  /** Which requests: a path prefix or pattern (default: any API call, not the token endpoint). */
  path?: RegExp;
  kind: 'network' | 'unauthorized' | 'rate_limited' | 'server_error';
  /** How many matching requests fail (default 1). */
  times?: number;
  /** For rate_limited: when the limit resets (epoch seconds; default now + 60). */
  resetAt?: number;
}

export interface FakeQuestradeOptions {
  port?: number;
  accounts?: FakeAccount[];
  /** Access token lifetime (default 1800 s, as Questrade). */
  accessTtlSeconds?: number;
  now?: () => number;
}

const ERROR_1003 = fixture<{ code: number; message: string }>('questrade-issue_error-1003-activities-range.json');
const ERROR_1017 = fixture<{ code: number; message: string }>('questrade-observed_error-1017.json');
const DAY_MS = 86_400_000;

export async function startFakeQuestrade(options: FakeQuestradeOptions = {}) {
  const now = options.now ?? Date.now;
  const accounts = options.accounts ?? defaultFakeAccounts();
  const refreshTokens = new Map<string, { used: boolean }>();
  const accessTokens = new Map<string, number>();
  const codes = new Map<string, { clientId: string; redirectUri: string; used: boolean }>();
  const failures: FakeFailure[] = [];
  const requests: FakeRequest[] = [];
  const knobs = {
    /** Activities windows wider than this many days are refused with 1003 (Questrade: 31). */
    maxWindowDays: 31,
    /** Delay before the token endpoint answers (to overlap concurrent refreshes). */
    tokenDelayMs: 0,
    /** Refuse every access token, even fresh ones (the user revoked the app). */
    refuseAllAccessTokens: false,
    /** Answers of the token endpoint so far (grants issued). */
    tokenGrants: 0,
    /** Refused token requests (reused or unknown refresh tokens, bad codes). */
    tokenRefusals: 0,
    rateLimitRemaining: 29_999,
  };
  const token = () => randomBytes(18).toString('base64url');
  /** Every token handed out (tests check none of them leaks into the database or logs). */
  const issuedTokens: string[] = [];
  const issueRefreshToken = () => {
    const t = token();
    issuedTokens.push(t);
    refreshTokens.set(t, { used: false });
    return t;
  };

  let url = '';
  const app = new Hono<{ Bindings: { incoming?: { socket?: { destroy(): void } } } }>();

  app.use('*', async (c, next) => {
    const q = Object.fromEntries(new URL(c.req.url).searchParams);
    // Tokens stay out of the request log.
    for (const k of ['refresh_token', 'code']) if (k in q) q[k] = '[token]';
    const entry: FakeRequest = { method: c.req.method, path: c.req.path, query: q, userAgent: c.req.header('user-agent'), status: 0 };
    requests.push(entry);
    await next();
    entry.status = c.res.status;
  });

  /** The scripted failure for this request, if any (consumed). */
  const failureFor = (path: string) => {
    const i = failures.findIndex((f) => (f.path ? f.path.test(path) : path.startsWith('/v1/')));
    if (i < 0) return undefined;
    const f = failures[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) failures.splice(i, 1);
    return f;
  };

  app.use('*', async (c, next) => {
    const f = failureFor(c.req.path);
    if (!f) return next();
    if (f.kind === 'network') {
      c.env.incoming?.socket?.destroy();
      return new Response(null, { status: 599 });
    }
    if (f.kind === 'unauthorized') return c.json(ERROR_1017, 401);
    if (f.kind === 'server_error') return c.json({ code: 1000, message: 'Internal server error' }, 500);
    const reset = f.resetAt ?? Math.ceil(now() / 1000) + 60;
    return c.json({ code: 1006, message: 'Rate limit exceeded' }, 429, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) });
  });

  app.get('/oauth2/authorize', (c) => {
    const clientId = c.req.query('client_id') ?? '';
    const redirectUri = c.req.query('redirect_uri') ?? '';
    const state = c.req.query('state') ?? '';
    if (!clientId || !/^https?:\/\//.test(redirectUri)) return c.text('client_id and redirect_uri are required', 400);
    const code = token();
    issuedTokens.push(code);
    codes.set(code, { clientId, redirectUri, used: false });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  app.on(['GET', 'POST'], '/oauth2/token', async (c) => {
    if (knobs.tokenDelayMs) await new Promise((r) => setTimeout(r, knobs.tokenDelayMs));
    const grant = c.req.query('grant_type');
    const refuse = () => {
      knobs.tokenRefusals += 1;
      return c.json({ error: 'invalid_grant' }, 400);
    };
    if (grant === 'refresh_token') {
      const entry = refreshTokens.get(c.req.query('refresh_token') ?? '');
      if (!entry || entry.used) return refuse();
      entry.used = true;
    } else if (grant === 'authorization_code') {
      const entry = codes.get(c.req.query('code') ?? '');
      if (!entry || entry.used || entry.clientId !== c.req.query('client_id') || entry.redirectUri !== c.req.query('redirect_uri')) return refuse();
      entry.used = true;
    } else {
      return refuse();
    }
    knobs.tokenGrants += 1;
    const access = token();
    issuedTokens.push(access);
    const ttl = options.accessTtlSeconds ?? 1800;
    accessTokens.set(access, now() + ttl * 1000);
    return c.json({ access_token: access, token_type: 'Bearer', expires_in: ttl, refresh_token: issueRefreshToken(), api_server: `${url}/` });
  });

  app.post('/__fake/refresh-token', (c) => c.json({ refreshToken: issueRefreshToken() }));

  const api = new Hono();
  api.use('*', async (c, next) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '');
    const expires = match ? accessTokens.get(match[1]!) : undefined;
    if (knobs.refuseAllAccessTokens || expires === undefined || expires <= now()) return c.json(ERROR_1017, 401);
    knobs.rateLimitRemaining = Math.max(0, knobs.rateLimitRemaining - 1);
    c.header('X-RateLimit-Remaining', String(knobs.rateLimitRemaining));
    c.header('X-RateLimit-Reset', String(Math.ceil(now() / 1000) + 3600));
    await next();
  });
  const account = (number: string) => accounts.find((a) => a.account.number === number);
  const unknownAccount = { code: 1002, message: 'Invalid or malformed argument: id' };
  api.get('/accounts', (c) => c.json({ accounts: accounts.map((a) => a.account), userId: 123456 }));
  api.get('/accounts/:id/positions', (c) => {
    const a = account(c.req.param('id'));
    return a ? c.json({ positions: a.positions }) : c.json(unknownAccount, 400);
  });
  api.get('/accounts/:id/balances', (c) => {
    const a = account(c.req.param('id'));
    return a ? c.json(a.balances) : c.json(unknownAccount, 400);
  });
  api.get('/accounts/:id/activities', (c) => {
    const a = account(c.req.param('id'));
    if (!a) return c.json(unknownAccount, 400);
    const start = Date.parse(c.req.query('startTime') ?? '');
    const end = Date.parse(c.req.query('endTime') ?? '');
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return c.json({ code: 1002, message: 'Invalid or malformed argument: startTime/endTime' }, 400);
    if (end - start > knobs.maxWindowDays * DAY_MS) return c.json(ERROR_1003, 400);
    return c.json({ activities: a.activities.filter((x) => Date.parse(x.transactionDate) >= start && Date.parse(x.transactionDate) <= end) });
  });
  app.route('/v1', api);

  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    /** The login base to configure (QUESTRADE_LOGIN_URL): the same server. */
    loginUrl: url,
    accounts,
    requests,
    issuedTokens,
    knobs,
    /** A fresh personal-app refresh token, as the API hub would generate. */
    issueRefreshToken,
    /** Scripts failures for the next matching requests. */
    fail: (failure: FakeFailure) => failures.push(failure),
    /** Every access token issued so far stops working (as after 30 minutes). */
    expireAccessTokens: () => {
      for (const k of accessTokens.keys()) accessTokens.set(k, 0);
    },
    /** Refresh tokens issued and not used yet. */
    liveRefreshTokens: () => [...refreshTokens.values()].filter((t) => !t.used).length,
    /** API calls (not the token endpoint) matching a path pattern. */
    apiCalls: (path: RegExp = /^\/v1\//) => requests.filter((r) => path.test(r.path)),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type FakeQuestrade = Awaited<ReturnType<typeof startFakeQuestrade>>;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('usage: fake-questrade.ts [--port N]\n');
    process.exit(2);
  }
  const fake = await startFakeQuestrade({ port });
  process.stdout.write(`${JSON.stringify({ url: fake.url, refreshToken: fake.issueRefreshToken() })}\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
