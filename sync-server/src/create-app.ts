import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secrets/secret-box';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env';
import { TokenService } from './auth/tokens';
import { DEFAULT_AI, DEFAULT_SECURITY, type AiSettings, type SecuritySettings } from './config';
import { HttpError } from './http-error';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MarketService, type MarketServiceOptions } from './market/market-service';
import type { MarketDataProvider } from './market/provider';
import { TickerHub } from './market/ticker-hub';
import { YahooProvider, yahooLoggerFor } from './market/yahoo-provider';
import { apiCors } from './middleware/cors';
import { bearerUser } from './middleware/require-user';
import { marketRoutes } from './routes/market';
import type { Logger } from './logger';
import { RateLimiter } from './middleware/rate-limit';
import { PokeHub } from './realtime/poke-hub';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { syncRoutes } from './routes/sync';
import { questradeRoutes } from './routes/questrade';
import { DEFAULT_QUESTRADE, QuestradeService, type QuestradeSettings } from './questrade/questrade-service';
import { insightsRoutes } from './routes/insights';
import { AiService } from './insights/ai-service';
import { AiStore } from './insights/ai-store';
import { resolveAll, type ResolveAll } from './insights/endpoint-guard';
import { staticSite } from './static-site';
import { SyncService } from './sync/sync-service';

export interface AppDeps {
  db: Database;
  logger: Logger;
  version: string;
  /** The key that signs access tokens (see auth/signing-key.ts). */
  signingKey: Uint8Array;
  /** The key that encrypts secrets at rest (see secrets/secret-box.ts); a random one per app when omitted (tests). */
  secretsKey?: Uint8Array;
  /** Folder of the built PWA; omitted in API-only tests. */
  pwaDir?: string;
  now?: () => number;
  security?: Partial<SecuritySettings>;
  /** AI insights: model access, budget, limits (issue 9); no key by default. */
  ai?: Partial<AiSettings>;
  /** How the hosts of users' own AI base URLs are resolved, for the check and the connection (node:dns unless a test passes a table). */
  resolveHost?: ResolveAll;
  /** Questrade connections (issue 8): login server, OAuth app, schedule; `fetch` lets tests reach a fake. */
  questrade?: Partial<QuestradeSettings> & { fetch?: typeof fetch };
  /** Market data source (default: live Yahoo Finance); tests and the demo pass the fixture provider. */
  marketProvider?: MarketDataProvider;
  /** Cache tuning (TTLs, breaker, stale window). */
  market?: Omit<MarketServiceOptions, 'provider' | 'db' | 'logger' | 'now'> & { pollMs?: number };
}

/**
 * Builds the HTTP app from its dependencies; `main.ts` only reads config and listens. The
 * returned app carries `pokes`, the realtime hub that `main.ts` attaches to the server's
 * WebSocket upgrades.
 */
export function createApp({ db, logger, version, signingKey, secretsKey = randomBytes(32), pwaDir, now = Date.now, security: overrides = {}, marketProvider, market: marketOptions = {}, ai: aiOverrides = {}, resolveHost = resolveAll, questrade: questradeOptions = {} }: AppDeps) {
  const security = { ...DEFAULT_SECURITY, ...overrides };
  const secrets = new SecretBox(secretsKey);
  const tokens = new TokenService(db, signingKey, now, security);
  const perSecond = (perMinute: number) => perMinute / 60;
  const burst = (perMinute: number) => Math.max(5, Math.ceil(perMinute / 6));
  const isAllowedOrigin = (origin: string | undefined, self: string[]) => origin === undefined || self.includes(origin) || security.allowedOrigins.includes(origin);
  const pokes = new PokeHub(tokens, logger, isAllowedOrigin);
  const market = new MarketService({ ...marketOptions, provider: marketProvider ?? new YahooProvider({ logger: yahooLoggerFor(logger) }), db, logger, now });
  const verifyBearer = bearerUser(tokens, db);
  const tickers = new TickerHub({ market, bearerUser: verifyBearer, anonymous: security.marketAnonymous, isAllowedOrigin, logger, now, ...(marketOptions.pollMs === undefined ? {} : { pollMs: marketOptions.pollMs }) });

  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    if (!logger.enabled('info')) return next();
    const started = performance.now();
    await next();
    logger.info('request', { id: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'https:', 'wss:', 'ws:', 'http://localhost:*', 'http://127.0.0.1:*'],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    '/api/*',
    apiCors({
      isAllowedOrigin: (origin, self) => isAllowedOrigin(origin, [self]),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      maxAgeSeconds: 600,
    }),
  );

  app.route('/', healthRoutes({ db, version, market: () => ({ provider: market.providerName, demo: market.demo, upstream: market.upstreamStatus(), upstreamCalls: market.upstreamCalls }) }));
  app.route(
    '/api/v1/auth',
    authRoutes({
      db,
      tokens,
      logger,
      now,
      authLimiter: new RateLimiter(burst(security.authPerMinute), perSecond(security.authPerMinute), now),
      accountLimiter: new RateLimiter(burst(security.authPerMinute), perSecond(security.authPerMinute), now),
    }),
  );
  app.route(
    '/api/v1/sync',
    syncRoutes({
      db,
      tokens,
      sync: new SyncService(db, now),
      pokes,
      userLimiter: new RateLimiter(burst(security.syncPerMinute), perSecond(security.syncPerMinute), now),
      ipLimiter: new RateLimiter(burst(security.syncIpPerMinute), perSecond(security.syncIpPerMinute), now),
      maxBodyBytes: security.maxSyncBodyBytes,
    }),
  );
  app.route(
    '/api/v1/market',
    marketRoutes({
      market,
      bearerUser: verifyBearer,
      anonymous: security.marketAnonymous,
      userLimiter: new RateLimiter(burst(security.marketPerMinute), perSecond(security.marketPerMinute), now),
      anonymousLimiter: new RateLimiter(burst(security.marketAnonPerMinute), perSecond(security.marketAnonPerMinute), now),
      now,
    }),
  );
  // Questrade connections and import; their tokens are sealed with `secrets`.
  const { fetch: questradeFetch, ...questradeSettings } = questradeOptions;
  const questrade = new QuestradeService({
    db,
    secrets,
    sync: new SyncService(db, now),
    poke: (userId) => pokes.poke(userId),
    logger,
    now,
    settings: { ...DEFAULT_QUESTRADE, ...questradeSettings },
    ...(questradeFetch ? { fetch: questradeFetch } : {}),
  });
  app.route('/api/v1/questrade', questradeRoutes({ db, tokens, questrade, userLimiter: new RateLimiter(10, perSecond(30), now) }));
  const aiSettings = { ...DEFAULT_AI, ...aiOverrides };
  const aiStore = new AiStore(db, secrets, now);
  app.route(
    '/api/v1/insights',
    insightsRoutes({
      db,
      tokens,
      ai: new AiService(aiStore, aiSettings, logger, resolveHost),
      store: aiStore,
      resolve: resolveHost,
      userLimiter: new RateLimiter(Math.min(aiSettings.perMinute, Math.max(3, Math.ceil(aiSettings.perMinute / 6))), perSecond(aiSettings.perMinute), now),
    }),
  );
  app.all('/api/*', () => {
    throw new HttpError(404, 'not_found', 'No such API endpoint');
  });
  if (pwaDir) app.route('/', staticSite(pwaDir));

  app.notFound((c) => c.json(new HttpError(404, 'not_found', `Nothing at ${c.req.path}`).toBody(), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(error.toBody(), error.status);
    logger.error('unhandled error', { id: c.get('requestId'), path: c.req.path, error: error.message });
    return c.json(new HttpError(500, 'internal', 'Internal server error').toBody(), 500);
  });
  /** Routes a WebSocket upgrade to the realtime or ticker hub; false when the path is neither. */
  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => pokes.handleUpgrade(request, socket, head) || tickers.handleUpgrade(request, socket, head);
  /** Stops background work and closes sockets (before the database closes). */
  const close = () => {
    questrade.stopSchedule();
    pokes.close();
    tickers.close();
  };
  return Object.assign(app, { pokes, tokens, market, tickers, questrade, handleUpgrade, close });
}
