import type { Database } from 'better-sqlite3';
import { Hono } from 'hono';
import { syncRequestSchema } from '../../../core/src/sync/protocol';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { readJson } from '../http-input';
import { limitBody } from '../middleware/body-limit';
import { clientIp, rateLimit, type RateLimiter } from '../middleware/rate-limit';
import { requireUser } from '../middleware/require-user';
import type { PokeHub } from '../realtime/poke-hub';
import { SyncBatcher } from '../sync/sync-batcher';
import type { SyncService } from '../sync/sync-service';

export interface SyncDeps {
  db: Database;
  tokens: TokenService;
  sync: SyncService;
  pokes: PokeHub;
  userLimiter: RateLimiter;
  ipLimiter: RateLimiter;
  maxBodyBytes: number;
}

/** `POST /api/v1/sync`: push and pull in one request (see core/src/sync/protocol.ts). */
export function syncRoutes({ db, tokens, sync, pokes, userLimiter, ipLimiter, maxBodyBytes }: SyncDeps) {
  const app = new Hono<AppEnv>();
  // Syncs arriving together share one SQLite commit; each is still answered only once committed.
  const batcher = new SyncBatcher(db, sync);
  app.post(
    '/',
    limitBody(maxBodyBytes, `The request body is over ${maxBodyBytes} bytes: push fewer mutations at once`),
    rateLimit(ipLimiter, (c) => `sync-ip:${clientIp(c)}`, 'sync'),
    requireUser(tokens, db),
    rateLimit(userLimiter, (c) => `sync-user:${c.get('userId')}`, 'sync'),
    async (c) => {
      const request = await readJson(c, syncRequestSchema);
      const userId = c.get('userId');
      const { json, changed } = await batcher.syncJson(userId, request);
      if (changed) pokes.poke(userId, request.clientId);
      return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );
  return app;
}
