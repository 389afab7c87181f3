import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_SYMBOLS_PER_REQUEST, fxSymbol, symbolSchema, type QuotesResponse, type SearchResponse } from '../../../core/src/market/market-protocol';
import type { AppEnv } from '../app-env';
import { HttpError } from '../http-error';
import { MarketUnavailableError, type MarketService } from '../market/market-service';
import { isIsoDay } from '../market/numbers';
import { isProviderError, providerFailureReason } from '../market/provider';
import { clientIp, type RateLimiter } from '../middleware/rate-limit';

/** Who may use market data without signing in: nobody, loopback clients only (default), or anyone. */
export type AnonymousMarketAccess = 'off' | 'local' | 'all';

export interface MarketDeps {
  market: MarketService;
  /** Resolves a bearer header to a user id (undefined when none was sent). */
  bearerUser: (authorization: string | undefined) => Promise<string | undefined>;
  anonymous: AnonymousMarketAccess;
  userLimiter: RateLimiter;
  /** The per-IP quota of anonymous use. */
  anonymousLimiter: RateLimiter;
  now?: () => number;
}

// Date.parse rolls impossible days over ("2020-02-30" → 1 March), so check the date round-trips.
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a YYYY-MM-DD date' }).refine(isIsoDay, { message: 'Not a calendar date' });

const list = (name: string, item: z.ZodType<string, string>) =>
  z
    .string({ error: `${name} is required` })
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(
      z
        .array(item)
        .min(1, { message: `Give at least one of ${name}` })
        .max(MAX_SYMBOLS_PER_REQUEST, { message: `At most ${MAX_SYMBOLS_PER_REQUEST} ${name} per request` }),
    )
    .transform((items) => [...new Set(items)]);

const quotesQuery = z.object({ symbols: list('symbols', symbolSchema) });
const fxQuery = z.object({
  pairs: list('pairs', z.string().regex(/^[A-Za-z]{6}$/, { message: 'A pair is six letters such as USDCAD' }).transform((p) => p.toUpperCase())),
});
/** Longest history one request may ask for: every range is its own cache entry, so it is bounded. */
const MAX_HISTORY_DAYS = 366 * 30;
const historyQuery = z
  .object({ symbol: symbolSchema, from: isoDay, to: isoDay })
  .refine((q) => q.from < q.to, { message: '"from" must be before "to"', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= MAX_HISTORY_DAYS, { message: 'At most 30 years per request', path: ['from'] });
const searchQuery = z.object({ q: z.string().trim().min(1, { message: 'Type something to search for' }).max(64, { message: 'At most 64 characters' }) });

function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message }));
    throw new HttpError(422, 'invalid_input', `Invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** Headers a reverse proxy may add: with any of them, a loopback peer is not the real client. */
export const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'] as const;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether this request may use market data without an account under `policy`. */
export function anonymousAllowed(policy: AnonymousMarketAccess, ip: string, forwarded: boolean): boolean {
  if (policy === 'all') return true;
  // Behind a reverse proxy every request looks local: a forwarded request is never "local".
  return policy === 'local' && !forwarded && LOOPBACK.test(ip);
}

/** `/api/v1/market/*`: cached quotes, FX, history and search (see core/src/market/market-protocol.ts). */
export function marketRoutes({ market, bearerUser, anonymous, userLimiter, anonymousLimiter, now: clock = Date.now }: MarketDeps) {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const authorization = c.req.header('authorization');
    // Anonymous requests (the hot path of a local app) skip the token check's promise.
    const userId = authorization === undefined ? undefined : await bearerUser(authorization);
    let key: string;
    let limiter: RateLimiter;
    if (userId !== undefined) {
      c.set('userId', userId);
      [key, limiter] = [`market-user:${userId}`, userLimiter];
    } else {
      const ip = clientIp(c);
      if (!anonymousAllowed(anonymous, ip, PROXY_HEADERS.some((h) => c.req.header(h) !== undefined))) {
        throw new HttpError(401, 'unauthorized', 'Sign in to use market data: this server does not allow anonymous use from your address');
      }
      [key, limiter] = [`market-ip:${ip}`, anonymousLimiter];
    }
    const wait = limiter.take(key);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, 'rate_limited', `Too many market data requests; try again in ${wait} s`);
    }
    await next();
  });

  /**
   * The serialized answer per query string, reused while every quote in it is fresh and for at
   * most a second (so `asOf` stays within a second): the hot path of many devices asking for
   * the same cached symbols skips validation, lookups and serialization.
   */
  const answers = new Map<string, { json: Uint8Array<ArrayBuffer>; until: number }>();
  const utf8 = new TextEncoder();
  const quotesAnswer = async (c: Context, key: string, symbols: () => string[]) => {
    const now = clock();
    const hit = answers.get(key);
    if (hit && now < hit.until) return c.body(hit.json, 200, JSON_TYPE);
    const { freshUntil, ...lookup } = await market.quotes(symbols());
    // Stamped after the lookup (which may have waited for upstream): clients derive ages from it.
    const body: QuotesResponse = { ...lookup, provider: market.providerName, demo: market.demo, asOf: new Date(clock()).toISOString() };
    // Encoded once: every request that reuses it writes the same bytes.
    const json = utf8.encode(JSON.stringify(body)) as Uint8Array<ArrayBuffer>;
    if (answers.size >= 1_000) answers.clear(); // bounded: each answer lives a second at most
    if (freshUntil > now) answers.set(key, { json, until: Math.min(freshUntil, now + 1000) });
    return c.body(json, 200, JSON_TYPE);
  };

  app.get('/quotes', (c) => quotesAnswer(c, `q:${(c.req.query('symbols') ?? '').toUpperCase()}`, () => readQuery(c, quotesQuery).symbols));
  app.get('/fx', (c) => quotesAnswer(c, `fx:${(c.req.query('pairs') ?? '').toUpperCase()}`, () => readQuery(c, fxQuery).pairs.map(fxSymbol)));

  app.get('/history', async (c) => {
    const { symbol, from, to } = readQuery(c, historyQuery);
    try {
      return c.json(await market.history(symbol, from, to));
    } catch (error) {
      throw asHttpError(error, c, clock(), `No history for ${symbol} from ${from} to ${to}`);
    }
  });

  app.get('/search', async (c) => {
    const { q } = readQuery(c, searchQuery);
    try {
      const body: SearchResponse = { results: await market.search(q), provider: market.providerName, demo: market.demo };
      return c.json(body);
    } catch (error) {
      throw asHttpError(error, c, clock(), `Nothing found for "${q}"`);
    }
  });

  return app;
}

function asHttpError(error: unknown, c: Context, now: number, notFound: string): unknown {
  if (error instanceof MarketUnavailableError) {
    if (error.retryAt !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil((error.retryAt - now) / 1000))));
    return new HttpError(503, 'market_unavailable', error.message);
  }
  if (isProviderError(error, 'not_found')) return new HttpError(404, 'not_found', notFound);
  // The detail (with the upstream URL) is in the server's log: MarketService logs every upstream failure.
  if (isProviderError(error)) return new HttpError(502, 'upstream_error', `Market data is unavailable right now: ${providerFailureReason(error)}; try again later`);
  return error;
}
