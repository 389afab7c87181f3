import type { QuestradeAccount, QuestradeActivity, QuestradeBalances, QuestradePosition } from '../../../core/src/io/questrade/questrade-api-types';
import { VERSION } from '../version';

/** Sent on every Questrade request: Questrade asks API users to identify their app. */
export const QUESTRADE_USER_AGENT = `Folio/${VERSION} (+self-hosted portfolio tracker)`;

/** One token answer from /oauth2/token. `apiServer` always ends with "/". */
export interface QuestradeTokens {
  accessToken: string;
  refreshToken: string;
  apiServer: string;
  expiresInSeconds: number;
}

/**
 * Why a Questrade call failed, so the sync can react to each case:
 * - `unauthorized`: 401 / code 1017 (access token invalid or expired) — refresh once;
 * - `grant_rejected`: the token endpoint refused the refresh token or code — the user must reconnect;
 * - `rate_limited`: 429 — wait until `resetAt` (ms, from X-RateLimit-Reset);
 * - `range`: code 1003 (window too wide) — narrow the window;
 * - `network`: no answer (connection refused, reset, timeout) — retry later;
 * - `http`: any other refusal, with Questrade's code when it sent one.
 */
export type QuestradeFailure = 'unauthorized' | 'grant_rejected' | 'rate_limited' | 'range' | 'network' | 'http';

export class QuestradeError extends Error {
  constructor(
    readonly kind: QuestradeFailure,
    message: string,
    readonly status?: number,
    readonly code?: number,
    /** When the rate limit resets (epoch ms), for `rate_limited`. */
    readonly resetAt?: number,
  ) {
    super(message);
    this.name = 'QuestradeError';
  }
}

export interface QuestradeClientOptions {
  /** Base of the login server (default https://login.questrade.com). */
  loginUrl: string;
  fetch?: typeof fetch;
  /** Per request, in ms. */
  timeoutMs?: number;
}

/** Rate-limit headers of the last API answer (X-RateLimit-Remaining / X-RateLimit-Reset, epoch seconds). */
export interface RateLimitInfo {
  remaining?: number;
  resetAt?: number;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** A header as a number, or NaN when absent or blank (Number('') would be 0: a false "no requests left"). */
function numericHeader(headers: Headers, name: string): number {
  const value = headers.get(name)?.trim();
  return value ? Number(value) : NaN;
}

function rateLimitInfo(headers: Headers): RateLimitInfo {
  const remaining = numericHeader(headers, 'x-ratelimit-remaining');
  const reset = numericHeader(headers, 'x-ratelimit-reset');
  return { ...(Number.isFinite(remaining) ? { remaining } : {}), ...(Number.isFinite(reset) ? { resetAt: reset * 1000 } : {}) };
}

async function errorBody(res: Response): Promise<{ code?: number; message?: string }> {
  try {
    const body = (await res.json()) as { code?: unknown; message?: unknown };
    return { ...(typeof body.code === 'number' ? { code: body.code } : {}), ...(typeof body.message === 'string' ? { message: body.message } : {}) };
  } catch {
    return {};
  }
}

/**
 * The Questrade REST API as Folio uses it: the token endpoint and four account calls. It
 * never logs and never keeps tokens; callers pass them in and store what comes back.
 */
export class QuestradeClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  readonly loginUrl: string;
  /** Rate-limit headers of the most recent API answer. */
  lastRateLimit: RateLimitInfo = {};

  constructor({ loginUrl, fetch: fetchFn = globalThis.fetch, timeoutMs = 30_000 }: QuestradeClientOptions) {
    this.loginUrl = trimSlash(loginUrl);
    this.fetch = fetchFn;
    this.timeoutMs = timeoutMs;
  }

  /** Where the authorization-code flow sends the user's browser. */
  authorizeUrl(clientId: string, redirectUri: string, state: string): string {
    const q = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, state });
    return `${this.loginUrl}/oauth2/authorize?${q}`;
  }

  /** Exchanges a (single-use) refresh token. The answer's refresh token replaces it at once. */
  refresh(refreshToken: string): Promise<QuestradeTokens> {
    // GET, as Questrade's own examples and the public clients redeem refresh tokens.
    return this.token('GET', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Exchanges an authorization code (code flow). */
  exchangeCode(code: string, clientId: string, redirectUri: string): Promise<QuestradeTokens> {
    // POST, as documented for the authorization-code flow.
    return this.token('POST', { grant_type: 'authorization_code', code, client_id: clientId, redirect_uri: redirectUri });
  }

  private async token(method: 'GET' | 'POST', params: Record<string, string>): Promise<QuestradeTokens> {
    // Questrade documents the grant as query parameters on /oauth2/token.
    const res = await this.send(`${this.loginUrl}/oauth2/token?${new URLSearchParams(params)}`, { method });
    if (!res.ok) {
      const body = await errorBody(res);
      if (res.status === 429) throw new QuestradeError('rate_limited', 'Questrade is rate limiting token requests', 429, body.code, rateLimitInfo(res.headers).resetAt);
      if (res.status >= 500) throw new QuestradeError('http', `Questrade's login server answered ${res.status}`, res.status, body.code);
      throw new QuestradeError('grant_rejected', `Questrade refused the authorization (HTTP ${res.status}${body.message ? `: ${body.message}` : ''})`, res.status, body.code);
    }
    let body: Record<string, unknown>;
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      throw new QuestradeError('http', 'Questrade answered the token request with something that is not JSON', res.status);
    }
    const { access_token: access, refresh_token: refresh, api_server: server, expires_in: expires } = body;
    if (typeof access !== 'string' || !access || typeof refresh !== 'string' || !refresh || typeof server !== 'string' || !/^https?:\/\//.test(server)) {
      throw new QuestradeError('http', 'Questrade answered the token request without an access token, refresh token or api_server', res.status);
    }
    return { accessToken: access, refreshToken: refresh, apiServer: server.endsWith('/') ? server : `${server}/`, expiresInSeconds: typeof expires === 'number' && expires > 0 ? expires : 1800 };
  }

  accounts(auth: ApiAuth): Promise<{ accounts: QuestradeAccount[] }> {
    return this.get(auth, 'v1/accounts');
  }

  positions(auth: ApiAuth, accountNumber: string): Promise<{ positions: QuestradePosition[] }> {
    return this.get(auth, `v1/accounts/${encodeURIComponent(accountNumber)}/positions`);
  }

  balances(auth: ApiAuth, accountNumber: string): Promise<QuestradeBalances> {
    return this.get(auth, `v1/accounts/${encodeURIComponent(accountNumber)}/balances`);
  }

  /** Activities between two instants (ISO 8601 with offset); Questrade refuses windows over 31 days (1003). */
  activities(auth: ApiAuth, accountNumber: string, startTime: string, endTime: string): Promise<{ activities: QuestradeActivity[] }> {
    return this.get(auth, `v1/accounts/${encodeURIComponent(accountNumber)}/activities?${new URLSearchParams({ startTime, endTime })}`);
  }

  private async get<T>(auth: ApiAuth, path: string): Promise<T> {
    const res = await this.send(`${auth.apiServer}${path}`, { headers: { authorization: `Bearer ${auth.accessToken}` } });
    this.lastRateLimit = rateLimitInfo(res.headers);
    if (res.ok) {
      try {
        return (await res.json()) as T;
      } catch {
        throw new QuestradeError('http', `Questrade answered ${path.split('?')[0]} with something that is not JSON`, res.status);
      }
    }
    const body = await errorBody(res);
    if (res.status === 401 || body.code === 1017) throw new QuestradeError('unauthorized', 'Questrade refused the access token', res.status, body.code);
    if (res.status === 429) throw new QuestradeError('rate_limited', 'Questrade rate limit reached', 429, body.code, this.lastRateLimit.resetAt);
    if (body.code === 1003) throw new QuestradeError('range', 'Questrade refused the date range as too wide', res.status, 1003);
    throw new QuestradeError('http', `Questrade answered ${res.status}${body.code ? ` (code ${body.code})` : ''}${body.message ? `: ${body.message}` : ''}`, res.status, body.code);
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, headers: { accept: 'application/json', 'user-agent': QUESTRADE_USER_AGENT, ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      // The message names the host only: URLs of the token endpoint carry tokens.
      throw new QuestradeError('network', `Questrade could not be reached (${new URL(url).host}: ${(error as Error).name})`);
    }
  }
}

/** What an API call needs: the access token and the server that issued it. */
export interface ApiAuth {
  accessToken: string;
  apiServer: string;
}
